"""Render the catalogue into page files: `{path in docs dir: text}`.

Each generated page is a Markdown file whose body is one HTML block produced by Jinja with
autoescaping, so that contributors' values show exactly as written and never become markup.
MkDocs then wraps these pages in the theme; it never sees the YAML.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ...french import as_of_fr, date_fr, number_fr, plural, since_fr, until_fr, word
from ...geo import geodata
from ...model import MILESTONE_ORDER, STAGE_ORDER, Catalogue, Innovation, Territory, label
from ...schema import vocabulary
from ..contribution import Contribution
from ..figures.compute import coverage, site_count
from .abbreviations import expand_first_uses
from .markdown import md_inline, md_to_html
from .urls import facet_url, innovation_url, rel, territory_url

TEMPLATES = Path(__file__).parent.parent / "templates"

EVIDENCE_SCALE = [
    (
        1,
        "Niveau 1 : on peut décrire ce que fait l’innovation et pourquoi elle devrait avoir un "
        "effet (théorie du changement).",
    ),
    (
        2,
        "Niveau 2 : des données montrent un changement chez les personnes accompagnées, sans "
        "prouver qu’il est dû à l’innovation.",
    ),
    (
        3,
        "Niveau 3 : une évaluation avec groupe de comparaison montre que l’innovation cause "
        "l’effet.",
    ),
    (4, "Niveau 4 : une ou plusieurs évaluations indépendantes confirment l’effet et son coût."),
    (
        5,
        "Niveau 5 : l’innovation a été reprise ailleurs, par d’autres, à grande échelle, avec des "
        "effets positifs.",
    ),
]

# Every sheet's sections, in one order: (anchor, title, shown, filled). A section shown but not
# filled says « non renseigné » (templates/innovation.html); only the AIS#Emploi path is shown
# on the accelerator's sheets alone.
SHEET_SECTIONS: list[tuple[str, str, Callable[[Innovation], Any], Callable[[Innovation], Any]]] = [
    ("probleme", "Le problème", lambda i: True, lambda i: i.probleme),
    ("principes", "Les principes", lambda i: True, lambda i: i.principes),
    (
        "se-lancer",
        "Comment se lancer",
        lambda i: True,
        lambda i: i.etapes or i.moyens or i.costs or i.partenaires or i.facteurs_cles or i.ecueils,
    ),
    ("indicateurs", "Indicateurs de suivi", lambda i: True, lambda i: i.indicateurs_suivi),
    ("transferabilite", "Transférabilité", lambda i: True, lambda i: i.transferabilite),
    (
        "parcours",
        "Le parcours AIS#Emploi",
        lambda i: i.is_ais,
        lambda i: i.paliers or i.date_entree,
    ),
    ("essaimage", "Essaimage", lambda i: True, lambda i: i.essaimage),
    ("chiffres", "Chiffres", lambda i: True, lambda i: i.chiffres),
    ("evaluations", "Évaluations", lambda i: True, lambda i: i.evaluations),
    ("preuve", "Niveau de preuve", lambda i: True, lambda i: i.niveau_preuve),
    ("liens", "Innovations liées", lambda i: True, lambda i: i.links),
    ("sources", "Sources", lambda i: True, lambda i: i.sources),
    ("contact", "Contact", lambda i: True, lambda i: i.contact or _carrier_contacts(i)),
    ("corriger", "Proposer une correction", lambda i: True, lambda i: True),
]


def _carrier_contacts(i: Innovation) -> bool:
    return any(c.site_web or c.email for c in i.porteurs)


NEIGHBOURS_MAX = 12
# A word hidden in every sheet's indexed text: the explorer searches it to list the sheets that
# match facets alone. (Pagefind's own facet-only search downloads its whole index: 12 MB at
# 5,000 sheets; this word's posting list is a few KB.)
EVERY_SHEET_WORD = "toutesfiches"


def _plain(value: Any) -> Markup:
    """Escape a value; keep its line breaks visible."""
    text = "" if value is None else str(value)
    return Markup("<br>".join(str(escape(line)) for line in text.split("\n")))


@cache
def _geo() -> tuple[dict[str, str], dict[str, str]]:
    """(département code → name, région code → name)."""

    deps = geodata.departements()
    return ({code: d.nom for code, d in deps.items()}, dict(geodata.regions()))


def departement_name(code: str) -> str:
    return _geo()[0].get(code, code)


def region_name(code: str) -> str:
    return _geo()[1].get(code, code)


def _evidence_label(level: int) -> str:
    text = vocabulary("niveau_preuve").get(level, str(level)).split(" — ", 1)[-1]
    return text[:1].lower() + text[1:]


@cache
def departements_by_region() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(région code, name, [(département code, name)…])…] by région name: the list of
    départements a page shows beside the commune box (templates/_commune.html)."""
    deps = geodata.departements()
    regions = [
        (code, nom, [(d, deps[d].nom) for d in geodata.departements_of_region(code)])
        for code, nom in geodata.regions().items()
    ]
    return sorted(regions, key=lambda r: unicodedata.normalize("NFKD", r[1]).casefold())


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # The project's templates change with its code, never during a build or a preview
        # (which watches the content): Jinja need not look at their files at every page.
        auto_reload=False,
    )
    env.filters.update(
        md=md_to_html,
        md_inline=md_inline,
        plain=_plain,
        date_fr=date_fr,
        since_fr=since_fr,
        as_of_fr=as_of_fr,
        until_fr=until_fr,
        number_fr=number_fr,
        plural=plural,
        word=word,
        rel=lambda to_url, from_url: rel(from_url, to_url),
        label=lambda value, vocab: label(vocab, value),
        region_name=region_name,
        departement_name=departement_name,
        evidence_label=_evidence_label,
        jalon_map=lambda jalons: {j.jalon: j for j in jalons},
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        structure_type=lambda structure, name: _structure_type(name, structure),
    )
    env.globals["departements_par_region"] = departements_by_region
    env.globals["facet_url"] = facet_url
    return env


# Characters HTML does not allow as text (C0 controls but tab, LF, CR; DEL; C1): a value can
# hold them through YAML escapes ("\x7f", "\e", "\0"); they never reach a page.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _structure_type(name: str, code: str | None) -> str:
    """The label of a structure's type (« Groupe économique solidaire (GES) »), or "" when the
    structure has none or its name already says it (« Air Services, groupe économique
    solidaire »)."""
    if not code:
        return ""
    text = label("type_structure", code)
    said = _collate(text.split(" (", 1)[0])
    return "" if said and said in _collate(name) else text


def _collate(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _attr(text: str) -> str:
    return str(escape(" ".join(text.split())))


@dataclass(frozen=True)
class PageBody:
    """A generated page as the theme receives it: title, description and finished HTML.

    The HTML never goes through Markdown, YAML or any other parser: MkDocs' theme prints it as
    the page's content. Title and description are escaped once here, since the theme prints
    them as they are.
    """

    title: str
    description: str
    html: str


def page(title: str, body_html: str, *, description: str = "") -> PageBody:
    title, body_html, description = (_CONTROL.sub("", s) for s in (title, body_html, description))
    return PageBody(_attr(title), _attr(description) if description else "", body_html)


@dataclass(frozen=True)
class SitePage:
    """A page of the site, built on demand from the model.

    `path` is the page's path in the docs folder (`innovations/vita-air.md`, served at
    `innovations/vita-air/`); `key` changes whenever what the page shows may change, so that
    the preview rebuilds only the pages an edit affects; `search` marks the pages that search
    indexes (the sheets).
    """

    path: str
    title: str
    make: Callable[[], PageBody]
    key: str
    search: bool = False

    def body(self) -> PageBody:
        return self.make()


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def _attach_urls(catalogue: Catalogue) -> None:
    for innovation in catalogue.innovations.values():
        innovation.url = innovation_url(innovation.id)  # type: ignore[attr-defined]
    for territory in catalogue.territories.values():
        territory.url = territory_url(territory.id)  # type: ignore[attr-defined]


def innovation_page(
    i: Innovation,
    *,
    updated: str = "",
    map_svg: str = "",
    history: list | None = None,
    contribution: Contribution | None = None,
) -> PageBody:
    url = innovation_url(i.id)
    sections = [
        (anchor, title, bool(filled(i)))
        for anchor, title, shown, filled in SHEET_SECTIONS
        if shown(i)
    ]
    if history:
        sections.append(("historique", "Historique de la fiche", True))
    body = render(
        "innovation.html",
        i=i,
        url=url,
        sections=sections,
        stages=[(key, label("palier", key)) for key in STAGE_ORDER],
        stage_map={s.palier: s for s in i.paliers},
        milestones=[(key, label("jalon", key)) for key in MILESTONE_ORDER],
        evidence_scale=EVIDENCE_SCALE,
        every_sheet_word=EVERY_SHEET_WORD,
        updated=updated or i.mis_a_jour,
        map_svg=Markup(map_svg),
        history=history or [],
        contribution=contribution or Contribution(),
        source_numbers={s.id: n for n, s in enumerate(i.sources, start=1)},
    )
    return page(i.nom, expand_first_uses(body), description=i.accroche)


class NeighbourIndex:
    """Territories by département and by région, built once for all territory pages."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.by_dep: dict[str, list[Territory]] = defaultdict(list)
        self.by_region: dict[str, list[Territory]] = defaultdict(list)
        for territory in catalogue.territories_sorted():
            for code in territory.departements:
                self.by_dep[code].append(territory)
            for code in territory.regions:
                self.by_region[code].append(territory)

    def neighbours(self, t: Territory) -> list[tuple[Innovation, str]]:
        """Innovations present on other territories in the same département, then région, and
        where (bounded); those present here are left out."""
        own = {i.id for i in t.present_innovations}
        found: dict[str, tuple[Innovation, str]] = {}
        scopes = [
            ("même département", self.by_dep, t.departements),
            ("même région", self.by_region, t.regions),
        ]
        for scope, index, codes in scopes:
            for code in codes:
                for other in index.get(code, []):
                    if other.id == t.id:
                        continue
                    for innovation in other.present_innovations:
                        if innovation.id not in own and innovation.id not in found:
                            found[innovation.id] = (innovation, f"{other.nom}, {scope}")
                        if len(found) >= NEIGHBOURS_MAX:
                            return list(found.values())
        return list(found.values())


def territory_page(
    t: Territory, near: list[tuple[Innovation, str]], *, map_svg: str = ""
) -> PageBody:
    body = render(
        "territory.html", t=t, url=territory_url(t.id), neighbours=near, map_svg=Markup(map_svg)
    )
    return page(
        t.nom,
        body,
        description=f"{t.type_label} : les innovations pour l’emploi nées, portées ou "
        "essaimées ici",
    )


def territories_page(catalogue: Catalogue) -> PageBody:
    groups: dict[str, list[Territory]] = defaultdict(list)
    for territory in catalogue.territories_sorted():
        for region in territory.regions or ["national"]:
            groups[region].append(territory)
    names = {code: (region_name(code) if code != "national" else "National") for code in groups}
    by_region = [
        (code, names[code], groups[code])
        for code in sorted(groups, key=lambda c: (c == "national", names[c]))
    ]
    in_use = len(catalogue.territories_in_use())
    body = render(
        "territories.html",
        url="territoires/",
        count=in_use,
        others=len(catalogue.territories) - in_use,
        by_region=by_region,
    )
    return page("Les territoires", body)


# How many sheets the home page names (the newest first); the explorer lists them all, by name.
HOME_RECENT = 6


def home_page(catalogue: Catalogue, updated: dict[str, str] | None = None) -> PageBody:
    """The home page: the newest sheets by name, the catalogue's counts beside the programme's
    declared ones (each saying who declared it and when), and ways in by theme, public, place.

    `updated` ({content path: date of its last commit}) orders the sheets; a sheet without one
    falls back on its `mis_a_jour` field."""
    updated = updated or {}
    themes = Counter(t for i in catalogue.innovations.values() for t in i.thematiques)
    publics = Counter(p for i in catalogue.innovations.values() for p in i.publics)
    regions = Counter(r for i in catalogue.innovations.values() for r in i.present_regions)
    stats = {
        "innovations": len(catalogue.innovations),
        "ais": sum(1 for i in catalogue.innovations.values() if i.is_ais),
        # as on chiffres/: a sheet listing no site leaves its number unknown, never 0
        "sites": site_count(catalogue.innovations.values()),
        "sites_reporting": sum(1 for i in catalogue.innovations.values() if i.essaimage),
        "territories": len(catalogue.territories_in_use()),
    }
    dated = [(i, updated.get(i.path) or i.mis_a_jour) for i in catalogue.innovations_sorted()]
    recent = heapq.nlargest(HOME_RECENT, dated, key=lambda pair: str(pair[1] or ""))
    declared = catalogue.programme.chiffres_declares if catalogue.programme else []
    body = render(
        "home.html",
        url="",
        stats=stats,
        coverage=coverage,
        recent=recent,
        programme=catalogue.programme,
        declared=[f for f in declared if f.is_sourced],
        themes=[(c, t, themes[c]) for c, t in vocabulary("thematique").items() if themes[c]],
        publics=[(c, t, publics[c]) for c, t in vocabulary("public").items() if publics[c]],
        regions=sorted(((c, region_name(c), n) for c, n in regions.items()), key=lambda r: r[1]),
    )
    return page(
        "Accueil",
        body,
        description="Catalogue ouvert des innovations pour l’emploi "
        "modélisées par l’accélérateur AIS#Emploi.",
    )


def _key(*parts: object) -> str:
    """A short fingerprint of what a page shows (see SitePage.key)."""
    return hashlib.sha1(json.dumps(parts, default=str).encode("utf-8")).hexdigest()[:16]


def catalogue_key(stamps: dict[str, str], updated: dict[str, str]) -> str:
    """The key of the pages about the whole catalogue: it changes with any content file."""
    return _key(sorted(stamps.items()), sorted(updated.items()))


def site_pages(
    catalogue: Catalogue,
    *,
    updated: dict[str, str] | None = None,
    stamps: dict[str, str] | None = None,
    sheet_map: Callable[[Innovation], str] | None = None,
    territory_map: Callable[[Territory], str] | None = None,
    history: dict[str, list] | None = None,
    contribution: Contribution | None = None,
) -> Iterator[SitePage]:
    """Every generated HTML page of the site, each rendered only when asked (memory stays flat).

    `stamps` ({content file path: fingerprint of its text}) make the pages' keys: a sheet's key
    changes with its file and the files of its territories, a territory page's with its file,
    its innovations' and its neighbours'; pages about the whole catalogue change with any file.
    The sheets come first: they are the pages search indexes.
    """
    _attach_urls(catalogue)
    updated = updated or {}
    stamps = stamps or {}
    history = history or {}
    everything = catalogue_key(stamps, updated)

    def stamp(path: str) -> str:
        return stamps.get(path, everything)

    for innovation in catalogue.innovations_sorted():
        yield SitePage(
            f"innovations/{innovation.id}.md",
            innovation.nom,
            lambda i=innovation: innovation_page(
                i,
                updated=updated.get(i.path, ""),
                map_svg=sheet_map(i) if sheet_map else "",
                history=history.get(i.path, []),
                contribution=contribution,
            ),
            _key(
                stamp(innovation.path),
                [stamp(t.path) for t in innovation.present_territories],
                updated.get(innovation.path, ""),
                history.get(innovation.path, []),
            ),
            search=True,
        )
    for path, title, make in (
        ("index.md", "Accueil", lambda c: home_page(c, updated)),
        ("territoires/index.md", "Les territoires", territories_page),
    ):
        yield SitePage(path, title, lambda make=make: make(catalogue), everything)
    index = NeighbourIndex(catalogue)
    for territory in catalogue.territories_sorted():
        near = index.neighbours(territory)
        related = [
            *territory.present_innovations,
            *(innovation for innovation, _ in near),
        ]
        yield SitePage(
            f"territoires/{territory.id}.md",
            territory.nom,
            lambda t=territory, near=near: territory_page(
                t, near, map_svg=territory_map(t) if territory_map else ""
            ),
            _key(
                stamp(territory.path),
                [stamp(i.path) for i in related],
                [where for _, where in near],  # names another territory, from its own file
                [
                    stamp(t.path)
                    for t in (territory.parent, *territory.children, *territory.part_of)
                    if t
                ],
                [stamp(i.path) for zone in territory.part_of for i, _ in zone.swarmed_here],
            ),
        )
