"""Rules that a schema cannot express: references across files, dates, codes, markup.

A rule about one file is a function `(Document) -> Iterable[Diagnostic]` (DOCUMENT_RULES, run in
the worker processes beside the schema check); a rule across files takes the whole ContentSet
(CONTENT_RULES). Each has its own test. Rules also read documents that have schema errors (so that a contributor sees every problem
in one pass), hence the defensive accessors: a value of the wrong shape is skipped, the schema
error already says what is wrong with it.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..diagnostics import Diagnostic
from ..geo import cog
from ..load.content import ContentSet
from ..load.dates import add_months, is_before, parse_partial_date
from ..load.loader import Document, JsonPath, describe_character
from ..schema import bundled
from .reserved import reserved_reason
from .textcheck import find_credentials, find_dangerous_link, find_html

_IDENT = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
POINT_KINDS = {
    "commune",
    "arrondissement-municipal",
    "epci",
    "groupement-communes",
    "bassin-emploi",
    "qpv",
    "metropole",
}
MILESTONE_MONTHS = {"appropriation-3-mois": 3, "mise-en-oeuvre-9-mois": 9, "impact-18-mois": 18}


def _dict(value: Any) -> dict[str, Any]:
    """Rules also read files with schema errors: a wrong shape reads as empty."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(_list(value)):
        if isinstance(item, dict):
            yield i, item


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _error(
    doc: Document,
    path: JsonPath,
    code: str,
    message: str,
    hint: str = "",
    *,
    key: bool = False,
    severity: str = "error",
) -> Diagnostic:
    line, col = doc.where(path, key=key)
    return Diagnostic(doc.path, line, col, severity, code, message, hint)  # type: ignore[arg-type]


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, to catch ids that only differ by those."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _file_stem(doc: Document) -> str:
    name = doc.path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def rule_file_name_is_id(doc: Document) -> Iterable[Diagnostic]:
    if doc.kind not in ("innovation", "territoire"):
        return
    ident = doc.data.get("id")
    if isinstance(ident, str) and ident != _file_stem(doc):
        yield _error(
            doc,
            ("id",),
            "nom-fichier",
            f"l'identifiant « {ident} » ne correspond pas au nom du fichier « {_file_stem(doc)} »",
            f"Renommez le fichier en « {ident}.yml » ou changez l'identifiant.",
        )


def rule_reserved_ids(doc: Document) -> Iterable[Diagnostic]:
    if doc.kind not in ("innovation", "territoire"):
        return
    ident = doc.data.get("id")
    reason = reserved_reason(ident) if isinstance(ident, str) else None
    if reason is not None:
        yield _error(
            doc,
            ("id",),
            "id-reserve",
            f"l'identifiant « {ident} » est réservé : {reason}",
            "Choisissez un identifiant plus précis, par exemple en y ajoutant le nom du lieu "
            f"ou du porteur (« {ident}-<lieu> »), et renommez le fichier de même.",
        )


def rule_unique_ids(content: ContentSet) -> Iterable[Diagnostic]:
    for docs, what in ((content.innovations, "innovation"), (content.territories, "territoire")):
        by_key: dict[str, list[Document]] = {}
        for doc in docs:
            ident = doc.data.get("id")
            if isinstance(ident, str):
                by_key.setdefault(_fold(ident), []).append(doc)
        for group in by_key.values():
            if len(group) < 2:
                continue
            # Keep the file whose name matches its id (the original); blame the others.
            group.sort(key=lambda d: (d.data.get("id") != _file_stem(d), d.path))
            first = group[0]
            for doc in group[1:]:
                ident = doc.data["id"]
                same = first.data.get("id") == ident
                article = "une autre" if what == "innovation" else "un autre"
                yield _error(
                    doc,
                    ("id",),
                    "id-duplique",
                    f"l'identifiant « {ident} » est déjà pris par {article} {what} "
                    f"({first.path})" + ("" if same else " à la casse ou aux accents près"),
                    "Chaque fiche a un identifiant unique : choisissez-en un autre.",
                )


def _territory_refs(doc: Document) -> Iterator[tuple[JsonPath, str]]:
    data = doc.data
    if _str(data.get("territoire_origine")):
        yield ("territoire_origine",), data["territoire_origine"]
    for i, carrier in _items(data.get("porteurs")):
        if _str(carrier.get("territoire")):
            yield ("porteurs", i, "territoire"), carrier["territoire"]
    for i, site in _items(data.get("essaimage")):
        if _str(site.get("territoire")):
            yield ("essaimage", i, "territoire"), site["territoire"]
    for i, figure in _items(data.get("chiffres")):
        if _str(figure.get("territoire")):
            yield ("chiffres", i, "territoire"), figure["territoire"]
    for i, site in _items(data.get("essaimage")):
        for j, figure in _items(site.get("chiffres")):
            if _str(figure.get("territoire")):
                path = ("essaimage", i, "chiffres", j, "territoire")
                yield path, figure["territoire"]


def rule_territory_references(content: ContentSet) -> Iterable[Diagnostic]:
    known = content.known_territory_ids
    candidates = sorted(known)

    def check(doc: Document, path: JsonPath, ref: str) -> Iterator[Diagnostic]:
        if ref in known:
            return
        close = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
        hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
        hint += (
            f"Créez le fichier content/territories/{ref}.yml (python -m generator new "
            f"territoire {ref}) ou corrigez l'identifiant."
        )
        yield _error(
            doc,
            path,
            "territoire-inconnu",
            f"le territoire « {ref} » n'existe pas dans content/territories/",
            hint,
        )

    for doc in content.innovations:
        for path, ref in _territory_refs(doc):
            yield from check(doc, path, ref)
    for doc in content.territories:
        parent = _str(doc.data.get("parent"))
        if parent is not None:
            yield from check(doc, ("parent",), parent)
        for i, part in enumerate(_list(doc.data.get("composantes"))):
            if isinstance(part, str):
                yield from check(doc, ("composantes", i), part)


def rule_related_innovations(content: ContentSet) -> Iterable[Diagnostic]:
    known = {d.data.get("id") for d in content.innovations}
    for doc in content.innovations:
        for i, link in _items(doc.data.get("liens")):
            ref = _str(link.get("innovation"))
            if ref is None:
                continue
            if ref == doc.data.get("id"):
                yield _error(
                    doc,
                    ("liens", i, "innovation"),
                    "lien-vers-soi",
                    "une innovation ne peut pas être liée à elle-même",
                    "Indiquez l'identifiant d'une autre innovation du catalogue.",
                )
            elif ref not in known:
                close = difflib.get_close_matches(ref, sorted(k for k in known if k), n=1)
                hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
                yield _error(
                    doc,
                    ("liens", i, "innovation"),
                    "innovation-inconnue",
                    f"l'innovation « {ref} » n'existe pas dans content/innovations/",
                    hint + "Indiquez l'identifiant (le nom du fichier sans « .yml ») d'une "
                    "innovation du catalogue.",
                )


# A cycle longer than this is shown by its first members only.
_CHAIN_SHOWN = 8


def rule_parent_cycles(content: ContentSet) -> Iterable[Diagnostic]:
    """Each territory on a cycle of parents is told the cycle, from itself. Linear: every
    territory is walked once (a territory has at most one parent)."""
    docs: dict[str, Document] = {}
    parents: dict[str, str | None] = {}
    for d in content.territories:
        ident = _str(d.data.get("id"))
        if ident is not None and ident not in docs:
            docs[ident] = d
            parents[ident] = _str(d.data.get("parent"))
    done: set[str] = set()
    cycles: dict[str, tuple[list[str], int]] = {}  # member -> (its cycle, its place in it)
    for start in parents:
        if start in done:
            continue
        walk: list[str] = []
        on_walk: dict[str, int] = {}
        current: str | None = start
        while current is not None and current in parents and current not in done:
            on_walk[current] = len(walk)
            walk.append(current)
            done.add(current)
            current = parents[current]
            if current in on_walk:
                cycle = walk[on_walk[current] :]
                for i, member in enumerate(cycle):
                    cycles[member] = (cycle, i)
                break
    for d in content.territories:
        ident = _str(d.data.get("id"))
        found = cycles.get(ident) if ident is not None else None
        if found is None or docs.get(ident) is not d:  # type: ignore[arg-type]
            continue
        cycle, place = found
        size = len(cycle)
        if size == 1:
            message = "le territoire est son propre parent"
        else:
            # The cycle from this territory on (the first members only, if it is long).
            shown = [cycle[(place + k) % size] for k in range(min(size, _CHAIN_SHOWN))]
            if size > _CHAIN_SHOWN:
                shown.append("…")
            chain = " → ".join([*shown, ident])  # type: ignore[list-item]
            count = f" ({size} territoires)" if size > _CHAIN_SHOWN else ""
            message = f"les parents forment une boucle{count} : {chain}"
        yield _error(
            d,
            ("parent",),
            "parent-cycle",
            message,
            "Le parent d'un territoire est un territoire plus grand qui le "
            "contient (le département d'une commune, par exemple).",
        )


def _source_refs(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every `source:` reference of a document (the `sources` list itself holds none)."""
    for where, value in _strings(node, path):
        if where[-1] in ("source", "programme_source") and where[:1] != ("sources",):
            yield where, value


def _source_values(data: Any) -> list[Any]:
    """The values of every `source` key outside the `sources` list, without their paths."""
    found = []
    stack = [data]
    if isinstance(data, dict):
        found = [data[k] for k in ("source", "programme_source") if k in data]
        stack = [value for key, value in data.items() if key != "sources"]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if "source" in value:
                found.append(value["source"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def rule_source_references(doc: Document) -> Iterable[Diagnostic]:
    ids = [s.get("id") for _, s in _items(doc.data.get("sources"))]
    if (
        all(isinstance(i, str) for i in ids)
        and len(set(ids)) == len(ids)
        and all(ref in ids for ref in _source_values(doc.data) if isinstance(ref, str))
    ):
        return  # the usual case, found without building every path
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            yield _error(
                doc,
                ("sources", i, "id"),
                "source-dupliquee",
                f"deux sources portent l'identifiant « {ident} »",
                "Donnez à chaque source un identifiant différent.",
            )
        seen.add(ident)
    for path, ref in _source_refs(doc.data, ()):
        if ref not in seen:
            close = difflib.get_close_matches(ref, sorted(seen), n=1, cutoff=0.6)
            hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
            hint += "Ajoutez la source dans la liste « sources » du fichier, avec cet id."
            yield _error(
                doc,
                path,
                "source-inconnue",
                f"la source « {ref} » n'est pas dans la liste « sources »",
                hint,
            )


def _figures(doc: Document) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for key in ("chiffres", "chiffres_declares"):
        for i, figure in _items(doc.data.get(key)):
            yield (key, i), figure
    for s, site in _items(doc.data.get("essaimage")):
        for i, figure in _items(site.get("chiffres")):
            yield ("essaimage", s, "chiffres", i), figure


def rule_figures_have_sources(doc: Document) -> Iterable[Diagnostic]:
    for path, figure in _figures(doc):
        if "source" not in figure:
            yield _error(
                doc,
                path,
                "chiffre-sans-source",
                f"le chiffre « {figure.get('libelle', '')} » n'a pas de source",
                "Ajoutez « source: <id> », l'identifiant d'un document de la liste "
                "« sources » qui donne ce chiffre. Sans document qui le donne, le chiffre "
                "n'a pas sa place dans la fiche.",
            )


def rule_figures_have_dates(doc: Document) -> Iterable[Diagnostic]:
    for path, figure in _figures(doc):
        unknown = figure.get("date_inconnue") is True
        if "date" not in figure and not unknown:
            yield _error(
                doc,
                path,
                "chiffre-sans-date",
                f"le chiffre « {figure.get('libelle', '')} » n'est pas daté",
                "Ajoutez « date: » (quand le chiffre était vrai, par exemple « 2019-06 ») ; "
                "si aucune source ne le dit, écrivez « date_inconnue: true » : le site "
                "affichera « date inconnue ».",
            )
        elif "date" in figure and unknown:
            yield _error(
                doc,
                path + ("date_inconnue",),
                "chiffre-date-contradictoire",
                f"le chiffre « {figure.get('libelle', '')} » a une date et se dit sans date",
                "Gardez « date: » si une source la donne, sinon « date_inconnue: true ».",
                key=True,
            )


def rule_programme(doc: Document) -> Iterable[Diagnostic]:
    """`programme: autre` names the programme; only an AIS#Emploi sheet has an AIS path."""
    if doc.kind != "innovation":
        return
    programme = doc.data.get("programme")
    if programme == "autre" and not _str(doc.data.get("programme_nom")):
        yield _error(
            doc,
            ("programme",),
            "programme-sans-nom",
            "le programme « autre » n'est pas nommé",
            "Ajoutez « programme_nom: » avec le nom du programme d'accompagnement.",
        )
    if programme in ("autre", "aucun") and "parcours_ais" in doc.data:
        yield _error(
            doc,
            ("parcours_ais",),
            "parcours-ais-hors-programme",
            f"la fiche décrit un parcours AIS#Emploi mais dit « programme: {programme} »",
            "Écrivez « programme: ais-emploi » si l'innovation est passée par AIS#Emploi ; "
            "sinon retirez « parcours_ais ».",
            key=True,
        )


def rule_evaluations(doc: Document) -> Iterable[Diagnostic]:
    """Evaluation ids are unique; the evidence level cites evaluations that exist."""
    if doc.kind != "innovation":
        return
    seen: set[str] = set()
    for i, evaluation in _items(doc.data.get("evaluations")):
        ident = _str(evaluation.get("id"))
        if ident in seen:
            yield _error(
                doc,
                ("evaluations", i, "id"),
                "evaluation-dupliquee",
                f"deux évaluations portent l'identifiant « {ident} »",
                "Donnez à chaque évaluation un identifiant différent.",
            )
        if ident:
            seen.add(ident)
    cited = _list(_dict(doc.data.get("niveau_preuve")).get("evaluations"))
    for i, ref in enumerate(cited):
        if isinstance(ref, str) and ref not in seen:
            yield _error(
                doc,
                ("niveau_preuve", "evaluations", i),
                "evaluation-inconnue",
                f"l'évaluation « {ref} » n'est pas dans la liste « evaluations »",
                "Décrivez l'évaluation dans « evaluations » (id, titre, type, source) ou "
                "corrigez l'identifiant.",
            )


def rule_sites_official_texts(doc: Document) -> Iterable[Diagnostic]:
    """An innovation whose sites are habilitated by official texts cites, for each site, a
    source of kind « texte-officiel », or says why it cannot (« sans_texte_officiel »)."""
    if doc.kind != "innovation" or doc.data.get("essaimage_par_texte_officiel") is not True:
        return
    kinds = {s.get("id"): s.get("type") for _, s in _items(doc.data.get("sources")) if "id" in s}
    for i, site in _items(doc.data.get("essaimage")):
        if _str(site.get("sans_texte_officiel")):
            continue
        ref = _str(site.get("source"))
        if ref is None:
            yield _error(
                doc,
                ("essaimage", i),
                "site-sans-texte-officiel",
                f"le site « {site.get('structure', '')} » ne cite pas le texte officiel qui "
                "l'a habilité",
                "Ajoutez « source: <id> », l'identifiant du texte (arrêté, décret) dans la "
                "liste « sources », avec « type: texte-officiel » ; si ce texte est introuvable, "
                "dites pourquoi dans « sans_texte_officiel: » et citez ce qui annonce "
                "l'habilitation.",
            )
        elif ref in kinds and kinds[ref] != "texte-officiel":
            yield _error(
                doc,
                ("essaimage", i, "source"),
                "site-sans-texte-officiel",
                f"la source « {ref} » du site « {site.get('structure', '')} » n'est pas un "
                "texte officiel",
                "Citez le texte qui a habilité le site (une source avec « type: "
                "texte-officiel ») ; si ce texte est introuvable, gardez cette source et dites "
                "pourquoi dans « sans_texte_officiel: ».",
            )


def _date(value: Any) -> tuple[int, ...] | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return parse_partial_date(str(value))


def rule_dates_coherent(doc: Document) -> Iterable[Diagnostic]:
    if doc.kind not in ("innovation",):
        return
    path_ais = _dict(doc.data.get("parcours_ais"))
    start, end = _date(path_ais.get("date_entree")), _date(path_ais.get("date_sortie"))
    if start and end and is_before(end, start):
        yield _error(
            doc,
            ("parcours_ais", "date_sortie"),
            "dates-incoherentes",
            "la sortie de l'accélérateur est datée avant l'entrée",
            "Vérifiez date_entree et date_sortie.",
        )
    for i, step in _items(path_ais.get("paliers")):
        a, b = _date(step.get("date_debut")), _date(step.get("date_fin"))
        if a and b and is_before(b, a):
            yield _error(
                doc,
                ("parcours_ais", "paliers", i, "date_fin"),
                "dates-incoherentes",
                "le palier se termine avant d'avoir commencé",
                "Vérifiez date_debut et date_fin.",
            )
    for i, site in _items(doc.data.get("essaimage")):
        site_start = _date(site.get("date_debut"))
        for j, milestone in _items(site.get("jalons")):
            when = _date(milestone.get("date"))
            if not (site_start and when):
                continue
            months = MILESTONE_MONTHS.get(milestone.get("jalon"), 0)
            if is_before(when, site_start):
                yield _error(
                    doc,
                    ("essaimage", i, "jalons", j, "date"),
                    "jalon-avant-demarrage",
                    "le jalon est daté avant le démarrage du site",
                    "Un jalon se mesure après date_debut du site : vérifiez les deux dates.",
                )
            elif months and is_before(when, add_months(site_start, months - 1)):
                yield _error(
                    doc,
                    ("essaimage", i, "jalons", j, "date"),
                    "jalon-trop-tot",
                    f"le jalon à {months} mois est daté moins de {months} mois après "
                    "le démarrage du site",
                    "Vérifiez la date du jalon.",
                    severity="warning",
                )


def _today() -> tuple[int, int, int]:
    today = datetime.date.today()
    return (today.year, today.month, today.day)


def rule_dates_not_in_future(doc: Document) -> Iterable[Diagnostic]:
    """What has happened cannot be dated after today (errors); a creation after the entry into
    the accelerator is only unlikely (a warning: sources may date the creation of the
    structure, after a first trial)."""
    today = _today()

    def future(path: JsonPath, value: Any, what: str, hint: str) -> Iterator[Diagnostic]:
        when = _date(value)
        if when and is_before(today, when):
            yield _error(
                doc,
                path,
                "date-future",
                f"{what} est daté{'e' if what.startswith('la') else ''} de {value}, après "
                "aujourd'hui",
                hint,
            )

    # In every kind of file: a figure was true on its date, a source published on its date.
    figures = [
        ((key, i), figure)
        for key in ("chiffres", "chiffres_declares")
        for i, figure in _items(doc.data.get(key))
    ]
    if doc.kind == "innovation":  # a swarming site's own figures
        figures += [
            (("essaimage", i, "chiffres", j), figure)
            for i, site in _items(doc.data.get("essaimage"))
            for j, figure in _items(site.get("chiffres"))
        ]
    for path, figure in figures:
        yield from future(
            (*path, "date"),
            figure.get("date"),
            "un chiffre",
            "La date d'un chiffre est celle où il était vrai : elle est passée (une faute de "
            "frappe, 2032 pour 2023 ?).",
        )
    for i, source in _items(doc.data.get("sources")):
        yield from future(
            ("sources", i, "date"),
            source.get("date"),
            "une source",
            "La date d'une source est celle de sa publication : elle est passée (une faute de "
            "frappe, 2032 pour 2023 ?).",
        )
    if doc.kind != "innovation":
        return
    for i, evaluation in _items(doc.data.get("evaluations")):
        yield from future(
            ("evaluations", i, "date"),
            evaluation.get("date"),
            "une évaluation",
            "La date d'une évaluation est celle de ses résultats : elle est passée.",
        )

    created = doc.data.get("annee_creation")
    yield from future(
        ("annee_creation",),
        created if isinstance(created, int) and not isinstance(created, bool) else None,
        "la création",
        "L'année de création est celle où l'innovation a démarré : elle est passée.",
    )
    yield from future(
        ("mis_a_jour",),
        doc.data.get("mis_a_jour"),
        "la mise à jour",
        "Indiquez la date de la dernière relecture, au plus aujourd'hui.",
    )
    path_ais = _dict(doc.data.get("parcours_ais"))
    for i, step in _items(path_ais.get("paliers")):
        if step.get("statut") == "realise":
            for key in ("date_debut", "date_fin"):
                yield from future(
                    ("parcours_ais", "paliers", i, key),
                    step.get(key),
                    "un palier réalisé",
                    "Un palier réalisé a eu lieu : corrigez la date, ou mettez le statut "
                    "« prevu » ou « en-cours ».",
                )
    for i, site in _items(doc.data.get("essaimage")):
        for j, milestone in _items(site.get("jalons")):
            if milestone.get("statut") == "realise":
                yield from future(
                    ("essaimage", i, "jalons", j, "date"),
                    milestone.get("date"),
                    "un jalon réalisé",
                    "Un jalon réalisé a eu lieu : corrigez la date, ou mettez le statut « prevu ».",
                )
    entry = _date(path_ais.get("date_entree"))
    created_ok = isinstance(created, int) and not isinstance(created, bool)
    if created_ok and entry and entry[0] >= 1900 and created > entry[0]:
        yield _error(
            doc,
            ("annee_creation",),
            "creation-apres-entree",
            f"l'innovation est créée en {created}, après son entrée dans l'accélérateur "
            f"({path_ais.get('date_entree')})",
            "L'accélérateur accompagne des innovations qui existent déjà : vérifiez "
            "annee_creation et parcours_ais.date_entree.",
            severity="warning",
        )


def rule_unique_stages(doc: Document) -> Iterable[Diagnostic]:
    if doc.kind not in ("innovation",):
        return
    seen: set[str] = set()
    for i, step in _items(_dict(doc.data.get("parcours_ais")).get("paliers")):
        if step.get("palier") is None:
            continue
        if step["palier"] in seen:
            yield _error(
                doc,
                ("parcours_ais", "paliers", i, "palier"),
                "doublon",
                f"le palier « {step['palier']} » est décrit deux fois",
                "Chaque palier apparaît une fois.",
            )
        seen.add(step["palier"])
    for i, site in _items(doc.data.get("essaimage")):
        seen = set()
        for j, milestone in _items(site.get("jalons")):
            if milestone.get("jalon") is None:
                continue
            if milestone["jalon"] in seen:
                yield _error(
                    doc,
                    ("essaimage", i, "jalons", j, "jalon"),
                    "doublon",
                    f"le jalon « {milestone['jalon']} » est décrit deux fois",
                    "Chaque jalon apparaît une fois par site.",
                )
            seen.add(milestone["jalon"])


def rule_cog_codes(doc: Document) -> Iterable[Diagnostic]:
    if doc.kind not in ("territoire",):
        return
    for i, code in enumerate(_list(doc.data.get("departements"))):
        if isinstance(code, str) and not cog.is_departement(code):
            yield _error(
                doc,
                ("departements", i),
                "departement-inconnu",
                f"« {code} » n'est pas un code de département",
                "Un code de département s'écrit entre guillemets : « 01 », « 2A », « 974 ».",
            )
    codes = _list(doc.data.get("codes_cog"))
    for i, code in enumerate(codes):
        if isinstance(code, str) and not cog.is_known_code(code):
            yield _error(
                doc,
                ("codes_cog", i),
                "code-cog-inconnu",
                f"« {code} » n'est pas un code du Code officiel géographique "
                f"(millésime {cog.millesime()})",
                "Cherchez le code sur insee.fr (rubrique « Code officiel "
                "géographique ») ; un code de commune a 5 caractères.",
            )
    yield from _codes_match_kind(doc, codes)
    if codes and "millesime_cog" not in doc.data:
        yield _error(
            doc,
            ("codes_cog",),
            "millesime-manquant",
            "les codes COG n'indiquent pas leur millésime",
            "Ajoutez « millesime_cog: <année> » : les codes changent d'une année à l'autre.",
            key=True,
            severity="warning",
        )


# The kind of code each type of territory carries in codes_cog (other types: any known code).
_CODE_KIND = {
    "commune": "commune",
    "arrondissement-municipal": "commune",
    "departement": "departement",
    "region": "region",
    "epci": "epci",
    "metropole": "epci",
}


def _codes_match_kind(doc: Document, codes: list[Any]) -> Iterator[Diagnostic]:
    """A commune carries a commune code of one of its départements; a département its own
    code; a région a région code; an EPCI its SIREN."""
    wanted = _CODE_KIND.get(doc.data.get("type"))  # type: ignore[arg-type]
    if wanted is None or (wanted == "epci" and not cog.has_epci_data()):
        return
    declared = {d for d in _list(doc.data.get("departements")) if isinstance(d, str)}
    if not all(cog.is_departement(d) for d in declared):
        declared = set()  # an unknown département is reported above; nothing to compare with
    for i, code in enumerate(codes):
        if not isinstance(code, str) or not cog.is_known_code(code):
            continue  # unknown codes are reported above
        kinds = cog.kinds_of_code(code)
        if wanted not in kinds:
            actual = " ou ".join(cog.KIND_LABELS[k] for k in kinds) or "inconnu"
            yield _error(
                doc,
                ("codes_cog", i),
                "code-cog-mauvais-type",
                f"« {code} » est un code {actual}, pas un code {cog.KIND_LABELS[wanted]} : "
                f"le territoire est de type « {doc.data.get('type')} »",
                "Cherchez le code du territoire lui-même sur insee.fr (rubrique « Code "
                "officiel géographique ») ; un code de commune a 5 caractères.",
            )
            continue
        if wanted == "commune":
            home = cog.departement_of_commune(code)
        elif wanted == "departement":
            home = code
        else:
            continue
        if declared and home not in declared:
            listed = ", ".join(f"« {d} »" for d in sorted(declared))
            yield _error(
                doc,
                ("codes_cog", i),
                "code-cog-hors-departement",
                f"le code « {code} » désigne un territoire du département « {home} », qui "
                f"n'est pas dans « departements » ({listed})",
                "Vérifiez le code (un code de commune commence par celui de son département) "
                "ou la liste « departements ».",
            )


def rule_point_coordinates(doc: Document) -> Iterable[Diagnostic]:
    if doc.kind not in ("territoire",):
        return
    kind = doc.data.get("type")
    if kind in POINT_KINDS and "coordonnees" not in doc.data:
        yield _error(
            doc,
            ("type",),
            "coordonnees-manquantes",
            f"un territoire de type « {kind} » est dessiné comme un point sur les "
            "cartes : ses coordonnées manquent",
            "Ajoutez « coordonnees: {latitude: …, longitude: …} » (le centre du "
            "territoire, en degrés décimaux).",
        )
    if kind == "zone" and not doc.data.get("composantes") and "coordonnees" not in doc.data:
        yield _error(
            doc,
            ("type",),
            "zone-sans-composantes",
            "une zone doit dire de quoi elle est faite, ou où la dessiner",
            "Ajoutez « composantes: » avec les identifiants des communes ou quartiers qui "
            "la composent (au moins deux), ou « coordonnees: » avec son centre.",
        )
    if kind != "national" and not doc.data.get("departements"):
        yield _error(
            doc,
            ("departements",),
            "departement-manquant",
            "le territoire n'indique aucun département",
            'Indiquez le ou les départements où il se trouve, par exemple departements: ["79"].',
            key=True,
        )


def _strings(node: Any, path: JsonPath) -> list[tuple[JsonPath, str]]:
    """Every text value under `node` with its path, in document order.

    A loop over an explicit stack: nested generators cost a call per level and per value,
    and two rules walk every document."""
    found: list[tuple[JsonPath, str]] = []
    stack: list[tuple[JsonPath, Any]] = [(path, node)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, dict):
            stack.extend((where + (k,), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((where + (i,), v) for i, v in reversed(list(enumerate(value))))
    return found


def _texts(node: Any) -> Iterator[str]:
    """Every text value under `node`, in no particular order (no paths: the fast walk)."""
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def rule_no_markup(doc: Document) -> Iterable[Diagnostic]:
    if not any(
        find_html(text) is not None
        or find_dangerous_link(text) is not None
        or find_credentials(text) is not None
        for text in _texts(doc.data)
    ):
        return  # the usual case; else each text is checked again, with its path
    for path, text in _strings(doc.data, ()):
        offset = find_html(text)
        if offset is not None:
            snippet = text[offset : offset + 30].split("\n")[0]
            yield _error(
                doc,
                path,
                "html-interdit",
                f"le texte contient du HTML (« {snippet} »)",
                "Écrivez en Markdown sans balises : **gras**, *italique*, "
                "[lien](https://…). Pour un signe « < », écrivez « inférieur à ».",
            )
        offset = find_dangerous_link(text)
        if offset is not None:
            snippet = text[offset : offset + 30].split("\n")[0]
            yield _error(
                doc,
                path,
                "lien-dangereux",
                f"le texte contient un lien interdit (« {snippet} »)",
                "Seuls les liens http:// et https:// sont acceptés.",
            )
        offset = find_credentials(text)
        if offset is not None and not _schema_format_uri(doc.kind, path):
            # (in an address field, the schema check says it already)
            yield _error(
                doc,
                path,
                "url-identifiants",
                "le texte contient une adresse avec un identifiant ou un mot de passe (« …@ »)",
                "Retirez « identifiant:motdepasse@ » de l'adresse ; ne publiez jamais un mot de "
                "passe (changez-le s'il a été écrit ici).",
            )


@functools.cache
def _schema_paths(kind: str) -> dict[tuple[str, ...], dict[str, Any]]:
    """Every field of a kind by its path, where "[]" stands for any list index."""
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    stack: list[tuple[tuple[str, ...], Any]] = [((), bundled(kind))]
    while stack:
        path, schema = stack.pop()
        if not isinstance(schema, dict):
            continue
        found[path] = schema
        for key, sub in (schema.get("properties") or {}).items():
            stack.append(((*path, key), sub))
        if isinstance(schema.get("items"), dict):
            stack.append(((*path, "[]"), schema["items"]))
    return found


def _generic(path: JsonPath) -> tuple[str, ...]:
    return tuple("[]" if isinstance(p, int) else p for p in path)


# Python-Markdown looks for the end of a link from every "[": a text made of thousands of them
# costs a time that grows with the square of its length (20,000 "[" took over a minute).
MAX_BRACKETS = 100


def rule_text_limits(doc: Document) -> Iterable[Diagnostic]:
    """Newlines and tabs only in multi-line Markdown texts: elsewhere (names, identifiers, codes,
    addresses, keys) they would end up in file names, CSV rows and page titles. And at most
    MAX_BRACKETS "[" in a text.

    One walk of the document beside its schema; paths are only built for containers."""
    if not doc.kind:
        return
    found: list[Diagnostic] = []
    stack: list[tuple[JsonPath, Any, Any]] = [((), doc.data, bundled(doc.kind))]
    while stack:
        path, value, schema = stack.pop()
        if type(value) is dict:
            if "\n" in (keys := "".join(k for k in value if type(k) is str)) or "\t" in keys:
                found.extend(
                    _break_in_key(doc, (*path, k), k)
                    for k in value
                    if type(k) is str and ("\n" in k or "\t" in k)
                )
            properties = schema.get("properties", {}) if type(schema) is dict else {}
            for key, sub in value.items():
                kind = type(sub)
                if kind is str:
                    if "\n" in sub or "\t" in sub:
                        sub_schema = properties.get(key)
                        # (an unknown field: the schema check reports it, once)
                        if sub_schema is not None and not _is_markdown(sub_schema):
                            found.append(_break_in_value(doc, (*path, key), sub))
                    if len(sub) > MAX_BRACKETS and sub.count("[") > MAX_BRACKETS:
                        found.append(_too_many_brackets(doc, (*path, key), sub))
                elif kind is dict or kind is list:
                    sub_schema = properties.get(key)
                    if sub_schema is not None:
                        stack.append(((*path, key), sub, sub_schema))
        elif type(value) is list:
            items = schema.get("items") if type(schema) is dict else None
            if type(items) is not dict:
                continue
            markdown = _is_markdown(items)
            for i, sub in enumerate(value):
                kind = type(sub)
                if kind is str:
                    if not markdown and ("\n" in sub or "\t" in sub):
                        found.append(_break_in_value(doc, (*path, i), sub))
                    if len(sub) > MAX_BRACKETS and sub.count("[") > MAX_BRACKETS:
                        found.append(_too_many_brackets(doc, (*path, i), sub))
                elif kind is dict or kind is list:
                    stack.append(((*path, i), sub, items))
    found.sort(key=lambda d: (d.line, d.column))
    yield from found


def _is_markdown(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("contentMediaType") == "text/markdown"


def _break_in_value(doc: Document, path: JsonPath, value: str) -> Diagnostic:
    char = "\n" if "\n" in value else "\t"
    return _error(
        doc,
        path,
        "caractere-interdit",
        f"la valeur contient un caractère {describe_character(char)} : ce champ tient sur une "
        "ligne",
        "Écrivez la valeur sur une ligne, sans tabulation. Un bloc « > » ou « | » ajoute un "
        "retour à la ligne final : écrivez plutôt la valeur sur la ligne de la clé, entre "
        "guillemets si besoin. Seuls les textes en Markdown (problème, principes, "
        "descriptions…) vont à la ligne.",
    )


def _break_in_key(doc: Document, path: JsonPath, key: str) -> Diagnostic:
    char = "\n" if "\n" in key else "\t"
    return _error(
        doc,
        path,
        "caractere-interdit",
        f"la clé contient un caractère {describe_character(char)}",
        "Une clé est un nom de champ en snake_case, sur une ligne.",
        key=True,
    )


def _too_many_brackets(doc: Document, path: JsonPath, text: str) -> Diagnostic:
    return _error(
        doc,
        path,
        "trop-de-crochets",
        f"le texte contient {text.count('[')} crochets « [ », au-delà de {MAX_BRACKETS}",
        "Un texte contient quelques liens [texte](https://…), pas des centaines : "
        "retirez les crochets superflus ou découpez le texte.",
    )


def _schema_format_uri(kind: str, path: JsonPath) -> bool:
    if not kind:
        return False
    schema = _schema_paths(kind).get(_generic(path))
    return schema is not None and schema.get("format") == "uri"


DocumentRule = Callable[[Document], Iterable[Diagnostic]]
ContentRule = Callable[[ContentSet], Iterable[Diagnostic]]

# Rules about one file: they run beside the schema check, in the worker processes.
DOCUMENT_RULES: list[DocumentRule] = [
    rule_file_name_is_id,
    rule_reserved_ids,
    rule_text_limits,
    rule_source_references,
    rule_figures_have_sources,
    rule_figures_have_dates,
    rule_programme,
    rule_evaluations,
    rule_sites_official_texts,
    rule_dates_coherent,
    rule_dates_not_in_future,
    rule_unique_stages,
    rule_cog_codes,
    rule_point_coordinates,
    rule_no_markup,
]
# Rules across files: they run once every file is loaded.
CONTENT_RULES: list[ContentRule] = [
    rule_unique_ids,
    rule_territory_references,
    rule_parent_cycles,
    rule_related_innovations,
]
RULES: list[Callable] = [*DOCUMENT_RULES, *CONTENT_RULES]


def run_document_rules(doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in DOCUMENT_RULES:
        out.extend(rule(doc))
    return out


def run_content_rules(content: ContentSet) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in CONTENT_RULES:
        out.extend(rule(content))
    return out
