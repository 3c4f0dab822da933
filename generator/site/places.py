"""« Mon territoire »: one page per département and per région of the COG.

Each page sorts the whole catalogue in three lists: innovations **present** (born in the place,
carried or run there by one of their `porteurs`, or with a swarming site there), **nearby**
(present in a bordering département, named) and **not yet present**. Bordering départements
come from ``geodata.neighbours()``, computed once with the geometry
(``tools/geometry/neighbours.py``). The index is built once for all pages: each page costs one
pass over the catalogue, so the 119 pages grow linearly with it.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from ..french import date_fr, plural
from ..geo import geodata
from ..model import Carrier, Catalogue, Innovation
from .maps.render import BASE_MAP_FILENAME, MapPoint, locator_map
from .render.pages import PageBody, SitePage, _key, departement_name, page, region_name, render
from .render.urls import departement_url, innovation_url, region_url, rel

INDEX_URL = "departements/"
# Innovations not yet present that a place page names (the best evidenced); the others are
# counted and left to the explorer, so that a page's size does not grow with the catalogue.
ABSENT_SHOWN = 12
# Innovations present here (or nearby) a page names, in catalogue order; the others are counted
# and left to the explorer filtered on the place (and to the territory pages of the place).
LIST_SHOWN = 50
COMMUNES_DIR = "assets/communes"
# How an innovation is present in a place, in the order a page says it; each is followed by the
# territories' names (« essaimée : Mauléon, Poitiers »): the colon reads well before any name
# (« Cher », « Communauté de communes du Trièves », « Pau (plusieurs quartiers) »).
BORN, CARRIED, RUN, SWARMED = "née", "portée", "opérée", "essaimée"
HOW_ORDER = (BORN, CARRIED, RUN, SWARMED)


@dataclass(frozen=True)
class Place:
    """A département or a région, with what the catalogue holds there and around."""

    kind: str  # "departement" or "region"
    code: str
    nom: str
    url: str
    departements: tuple[str, ...]  # its own (one for a département)
    neighbours: tuple[str, ...]  # bordering départements outside it
    present: list[tuple[Innovation, list[str]]]  # with how: « née : X », « essaimée : Y, Z »
    nearby: list[tuple[Innovation, list[str]]]  # with the bordering départements it is in
    index: PlaceIndex

    @property
    def absent_count(self) -> int:
        """How many innovations of the catalogue are neither here nor nearby."""
        return len(self.index.innovations) - len(self.present) - len(self.nearby)

    @property
    def absent(self) -> list[Innovation]:
        """Some of the rest of the catalogue, the best evidenced first (ABSENT_SHOWN at most:
        a page never lists the whole catalogue; the explorer has them all)."""
        shown = {i.id for i, _ in self.present} | {i.id for i, _ in self.nearby}
        found: list[Innovation] = []
        for innovation in self.index.suggested:
            if innovation.id not in shown:
                found.append(innovation)
                if len(found) == ABSENT_SHOWN:
                    break
        return found

    @property
    def present_shown(self) -> list[tuple[Innovation, list[str]]]:
        return self.present[:LIST_SHOWN]

    @property
    def nearby_shown(self) -> list[tuple[Innovation, list[str]]]:
        return self.nearby[:LIST_SHOWN]

    @property
    def explorer_query(self) -> str:
        """The explorer's address filtered on the place (`innovations/?departement=…`)."""
        if self.kind == "departement":
            return f"innovations/?departement={quote(departement_name(self.code))}"
        return f"innovations/?region={quote(region_name(self.code))}"

    @property
    def facts(self) -> dict[str, Markup]:
        return self.index.facts

    def absent_item(self, innovation: Innovation) -> Markup:
        return self.index.absent_item(innovation)

    def fingerprint(self) -> str:
        return self.index.fingerprint(self.kind, self.code, self.departements)


class PlaceIndex:
    """Département code → {innovation id: how it is present there}, built once."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.innovations = catalogue.innovations_sorted()
        self.order = {i.id: n for n, i in enumerate(self.innovations)}
        # What a place page suggests among the innovations not yet there: the best evidenced.
        self.suggested = sorted(self.innovations, key=lambda i: -(i.niveau_preuve or 0))
        self.by_id = {i.id: i for i in self.innovations}
        # Made once for all the pages that show them, when a page first does: each
        # innovation's facts as shown, and its item of the « not yet present » list.
        self.facts = _Facts(self.by_id)
        self._absent_items: dict[str, Markup] = {}
        self._digests: dict[str, str] | None = None
        # What an innovation's facts and item show (_facts, _absent_item), for the pages' keys.
        self.digest = _key(
            [(i.id, i.nom, i.niveau_preuve, len(i.missing_sections)) for i in self.innovations]
        )
        # {département: {innovation id: [(how, where), …]}}, how one of HOW_ORDER
        self.by_dep: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(dict)
        for innovation in self.innovations:
            home = innovation.territoire_origine
            for code in home.departements if home is not None else ():
                self._add(code, innovation, (BORN, home.nom))
            for carrier in innovation.porteurs:
                if carrier.territoire is not None:
                    for code in carrier.territoire.departements:
                        self._add(code, innovation, _carried(carrier, carrier.territoire.nom))
            for site in innovation.essaimage:
                for code in site.territoire.departements:
                    self._add(code, innovation, (SWARMED, site.territoire.nom))

    def departement_digests(self) -> dict[str, str]:
        """{département code: digest of which innovations are there and how}, made once."""
        if self._digests is None:
            self._digests = {code: _key(list(found.items())) for code, found in self.by_dep.items()}
        return self._digests

    def absent_item(self, innovation: Innovation) -> Markup:
        """Its item in a « not yet present » list, made once for all the pages that show it."""
        item = self._absent_items.get(innovation.id)
        if item is None:
            item = _absent_item(innovation, self.facts[innovation.id])
            self._absent_items[innovation.id] = item
        return item

    def _add(self, code: str, innovation: Innovation, how: tuple[str, str]) -> None:
        found = self.by_dep[code].setdefault(innovation.id, [])
        if how not in found:
            found.append(how)

    def fingerprint(self, kind: str, code: str, departements: tuple[str, ...]) -> str:
        """Everything a place's page shows, so that its key changes exactly when the page does:
        the place, which innovations are in its own and its bordering départements and how (its
        lists follow from these), and one digest of every innovation's item (the page names some
        of the rest), made once for all pages. The lists themselves are made only to render."""
        digests = self.departement_digests()
        return _key(
            kind,
            code,
            self.digest,
            [digests.get(d, "") for d in (*departements, *_around(departements))],
        )

    def place(self, kind: str, code: str, nom: str, departements: tuple[str, ...]) -> Place:
        """The place's lists, in catalogue order; work in proportion to what is there."""
        around = _around(departements)
        here: dict[str, list[tuple[str, str]]] = {}
        for d in departements:
            for ident, hows in self.by_dep.get(d, {}).items():
                here.setdefault(ident, []).extend(hows)
        close: dict[str, list[str]] = {}
        for n in around:
            for ident in self.by_dep.get(n, {}):
                if ident not in here:
                    close.setdefault(ident, []).append(n)
        present = [
            (self.by_id[ident], _hows(here[ident]))
            for ident in sorted(here, key=self.order.__getitem__)
        ]
        nearby = [
            (self.by_id[ident], close[ident]) for ident in sorted(close, key=self.order.__getitem__)
        ]
        url = departement_url(code) if kind == "departement" else region_url(code)
        return Place(kind, code, nom, url, departements, tuple(around), present, nearby, self)


def _carried(carrier: Carrier, where: str) -> tuple[str, str]:
    """How a carrier with a territory makes the innovation present there, with the end of its
    role when the sheet gives one (« Niort (fin : 2019) »)."""
    if carrier.fin:
        where = f"{where} (fin : {date_fr(carrier.fin)})"
    return (RUN if carrier.operates else CARRIED, where)


def _hows(found: list[tuple[str, str]]) -> list[str]:
    """« née : Parthenay », « essaimée : Mauléon, Poitiers »: each way once, in HOW_ORDER,
    with its places in the order found."""
    places: dict[str, dict[str, None]] = {how: {} for how in HOW_ORDER}
    for how, where in found:
        places[how][where] = None
    return [f"{how} : {', '.join(names)}" for how, names in places.items() if names]


# Every place page is two folders deep (departements/79/, regions/75/).
PLACE_DEPTH_URL = departement_url("00")


class _Facts(dict[str, Markup]):
    """{innovation id: its facts as shown}, each made the first time a page asks for it."""

    def __init__(self, by_id: dict[str, Innovation]) -> None:
        super().__init__()
        self.by_id = by_id

    def __missing__(self, ident: str) -> Markup:
        made = self[ident] = _facts(self.by_id[ident])
        return made


def _facts(i: Innovation) -> Markup:
    level = f"{i.niveau_preuve} sur 5" if i.niveau_preuve else "non renseigné"
    missing = len(i.missing_sections)
    state = (
        f"fiche à compléter ({plural(missing, 'section manquante', 'sections manquantes')})"
        if missing
        else "fiche complète"
    )
    return Markup('<span class="faits">niveau de preuve : {} · {}</span>').format(level, state)


def _absent_item(i: Innovation, facts: Markup) -> Markup:
    href = rel(PLACE_DEPTH_URL, innovation_url(i.id))
    return Markup('<li><a href="{}">{}</a> · {}</li>').format(href, i.nom, facts)


def _code_order(code: str) -> tuple[int, str]:
    return (len(code), code)


def place_map(place: Place) -> str:
    """A small map: the place highlighted, its bordering départements with something nearby."""
    base = rel(place.url, f"assets/{BASE_MAP_FILENAME}")
    first = place.departements[0]
    own = MapPoint(
        name=place.nom,
        url="",
        role="courant",
        label=plural(len(place.present), "innovation présente", "innovations présentes"),
        departement=first,
        kind="departement" if place.kind == "departement" else "region",
        region=place.code if place.kind == "region" else "",
    )
    counts: dict[str, int] = defaultdict(int)
    for _, via in place.nearby:
        for code in via:
            counts[code] += 1
    deps = geodata.departements()
    around = [
        MapPoint(
            name=deps[code].nom,
            url=rel(place.url, departement_url(code)),
            role="voisin",
            label=plural(counts[code], "innovation proche", "innovations proches"),
            departement=code,
            kind="departement",
        )
        for code in place.neighbours
        if counts[code]
    ]
    return locator_map(
        [own, *around],
        base,
        zoom=True,
        title=f"Carte de situation : {place.nom} et les départements voisins",
    )


def place_page(place: Place) -> PageBody:
    deps = geodata.departements()
    body = render(
        "lieu.html",
        p=place,
        url=place.url,
        map_svg=Markup(place_map(place)),
        deps=deps,
        departement_url=departement_url,
        region_url=region_url,
        innovation_url=innovation_url,
        regions=geodata.regions(),
    )
    kind = "le département" if place.kind == "departement" else "la région"
    return page(
        place.nom,
        body,
        description=f"Les innovations pour l’emploi présentes dans {kind} {place.nom}, "
        "celles des départements voisins et celles qui n’y sont pas encore.",
    )


def places_index_page() -> PageBody:
    body = render("lieux.html", url=INDEX_URL)
    return page(
        "Mon territoire",
        body,
        description="Choisir un département ou une région : les innovations pour l’emploi "
        "présentes, voisines et pas encore présentes.",
    )


def place_pages(catalogue: Catalogue) -> Iterator[SitePage]:
    """The index, then one page per département (101) and per région (18); each page's lists
    are made when it is rendered (the preview renders only the pages whose key changed)."""
    index = PlaceIndex(catalogue)
    yield SitePage(f"{INDEX_URL}index.md", "Mon territoire", places_index_page, _key("lieux"))
    places = [
        ("departement", code, dep.nom, (code,)) for code, dep in geodata.departements().items()
    ] + [
        ("region", code, nom, tuple(geodata.departements_of_region(code)))
        for code, nom in geodata.regions().items()
    ]
    for kind, code, nom, departements in places:
        url = departement_url(code) if kind == "departement" else region_url(code)
        yield SitePage(
            f"{url}index.md",
            nom,
            lambda args=(kind, code, nom, departements): place_page(index.place(*args)),
            index.fingerprint(kind, code, departements),
        )


def _around(departements: tuple[str, ...]) -> list[str]:
    """The départements bordering these, outside them, in code order."""
    own = set(departements)
    return sorted(
        {n for d in departements for n in geodata.neighbours().get(d, ())} - own,
        key=_code_order,
    )


# --- Communes for the search box ----------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: « L’Haÿ-les-Roses » → lhaylesroses.
    ``assets/commune.js`` folds what the reader types the same way."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    # Decomposed, then ASCII only: accents (combining marks) and every other sign drop out.
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", ascii_text)


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@functools.cache
def commune_files() -> dict[str, str]:
    """{path: JSON text}: the communes split by the first two folded characters of their name
    (and of their INSEE code), so that the box loads one small file, only when used."""
    groups: dict[str, list[list[str]]] = defaultdict(list)
    for commune in geodata.communes():
        entry = [commune.nom, commune.code, commune.departement]
        keys = {_fold(commune.nom)[:2], _fold(commune.code)[:2]}
        for key in keys:
            if len(key) == 2:
                groups[key].append(entry)
    return {
        f"{COMMUNES_DIR}/{key}.json": json.dumps(
            sorted(rows, key=lambda r: (_fold(r[0]), r[1])),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for key, rows in sorted(groups.items())
    }
