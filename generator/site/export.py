"""Open data: the catalogue as JSON and CSV files, with their schemas, at stable URLs.

Written into the docs folder at build time (`write(catalogue, docs_dir)`), copied as-is by MkDocs:

- `donnees/catalogue.json`: the whole normalised catalogue; valid against
  `schemas/catalogue.schema.json`, which refers to the content schemas published beside it;
- `donnees/innovations.csv`, `donnees/sites.csv`, `donnees/territoires.csv`: UTF-8, comma
  separated, one header row, ISO dates, codes as text; each described by a Table Schema
  (frictionless) `donnees/<name>.schema.json`, as on schema.data.gouv.fr;
- `schemas/*.schema.json`: the JSON Schemas of the content, published unchanged;
- `donnees/index.md`: the page that lists them, with licence, freshness and how to open them.

Every output is deterministic: sorted keys and rows, no timestamp; the freshness shown is the
newest date of the content, never the build time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..geo import geodata
from ..model import (
    STAGE_ORDER,
    Catalogue,
    Figure,
    Innovation,
    Programme,
    Site,
    Source,
    Territory,
)
from ..schema import SCHEMA_DIR, SCHEMA_FILES, vocabulary
from .figures.compute import SiteRow, newest_content_date, sheet_site_count, site_count, site_rows
from .render.pages import PageBody, page, render

DATA_DIR = "donnees"
SCHEMAS_DIR = "schemas"
LICENCE = {
    "nom": "Licence Ouverte / Open Licence version 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
TITLE = "Catalogue des innovations pour l’emploi"
SEPARATOR = ";"  # between the values of a multi-valued CSV cell

# Table Schema patterns are XML Schema regular expressions: implicitly anchored (they must match
# the whole value), no `^`/`$`, no `(?:`. They apply to non-empty values only (empty = missing).
IDENTIFIER = r"[a-z0-9]+(-[a-z0-9]+)*"
PARTIAL_DATE = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
DEPARTEMENT = r"([0-9]{2}|2A|2B|97[1-6])"
REGION = r"[0-9]{2}"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _dumps_compact(data: Any) -> str:
    """One line per catalogue: Python's C encoder only serves JSON without indentation, and
    the indented catalogue took a third of the export time at 1,000 sheets."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


# ---------------------------------------------------------------------------------------------
# catalogue.json: the content documents, normalised


def _number(value: float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values: absent means "not given", never an empty string."""
    return {k: v for k, v in data.items() if v not in ("", None, [], {})}


def _source_id(source: Source | None) -> str:
    return source.id if source else ""


def _source(source: Source) -> dict[str, Any]:
    return _clean(
        {
            "id": source.id,
            "titre": source.titre,
            "editeur": source.editeur,
            "url": source.url,
            "date": source.date,
            "type": source.type,
            "pages": source.pages,
            "copie_url": source.copie_url,
        }
    )


def _figure(figure: Figure) -> dict[str, Any]:
    return _clean(
        {
            "indicateur": figure.indicateur,
            "libelle": figure.libelle,
            "valeur": _number(figure.valeur),
            "unite": figure.unite,
            "date": figure.date,
            "date_inconnue": True if figure.date_inconnue else None,
            "source": _source_id(figure.source),
            "arrondi": True if figure.arrondi else None,
            "note": figure.note,
            "couvre": figure.couvre,
            "territoire": figure.territoire.id if figure.territoire else "",
        }
    )


def innovation_document(i: Innovation) -> dict[str, Any]:
    """An innovation as its content file says it, normalised (valid: innovation.schema.json)."""
    parcours = _clean(
        {
            "date_entree": i.date_entree,
            "date_sortie": i.date_sortie,
            "source": _source_id(i.parcours_source),
            "paliers": [
                _clean(
                    {
                        "palier": s.palier,
                        "statut": s.statut,
                        "date_debut": s.date_debut,
                        "date_fin": s.date_fin,
                        "description": s.description,
                        "source": _source_id(s.source),
                    }
                )
                for s in i.paliers
            ],
            "transferabilite": {
                t.key: _clean(
                    {
                        "niveau": t.niveau,
                        "justification": t.justification,
                        "source": _source_id(t.source),
                    }
                )
                for t in i.transferabilite
            },
        }
    )
    preuve = (
        _clean(
            {
                "niveau": i.niveau_preuve,
                "justification": i.preuve_justification,
                "source": _source_id(i.preuve_source),
                "evaluations": [e.id for e in i.preuve_evaluations],
            }
        )
        if i.niveau_preuve is not None
        else None
    )
    return _clean(
        {
            "id": i.id,
            "nom": i.nom,
            "accroche": i.accroche,
            "porteurs": [
                _clean(
                    {
                        "nom": c.nom,
                        "role": c.role,
                        "debut": c.debut,
                        "fin": c.fin,
                        "type_structure": c.type_structure,
                        "siret": c.siret,
                        "site_web": c.site_web,
                        "email": c.email,
                        "territoire": c.territoire.id if c.territoire else "",
                        "source": _source_id(c.source),
                    }
                )
                for c in i.porteurs
            ],
            "territoire_origine": i.territoire_origine.id if i.territoire_origine else "",
            "annee_creation": i.annee_creation,
            "thematiques": list(i.thematiques),
            "publics": list(i.publics),
            "probleme": i.probleme,
            "principes": list(i.principes),
            "etapes": [
                _clean({"titre": e.titre, "description": e.description, "duree": e.duree})
                for e in i.etapes
            ],
            "moyens": _clean(dict(i.moyens)),
            "partenaires": [_clean(dict(p)) for p in i.partenaires],
            "facteurs_cles": list(i.facteurs_cles),
            "ecueils": list(i.ecueils),
            "indicateurs_suivi": list(i.indicateurs_suivi),
            "programme": i.programme if i.programme_explicit else "",
            "programme_nom": i.programme_nom,
            "programme_source": _source_id(i.programme_source),
            "parcours_ais": parcours if i.is_ais else None,
            "essaimage": [
                _clean(
                    {
                        "structure": s.structure,
                        "type_structure": s.type_structure,
                        "territoire": s.territoire.id,
                        "date_debut": s.date_debut,
                        "formation": s.formation,
                        "source": _source_id(s.source),
                        "sans_texte_officiel": s.sans_texte_officiel,
                        "chiffres": [_figure(f) for f in s.chiffres],
                        "jalons": [
                            _clean(
                                {
                                    "jalon": m.jalon,
                                    "statut": m.statut,
                                    "date": m.date,
                                    "resultat": m.resultat,
                                    "source": _source_id(m.source),
                                }
                            )
                            for m in s.jalons
                        ],
                    }
                )
                for s in i.essaimage
            ],
            "essaimage_par_texte_officiel": i.essaimage_par_texte_officiel or None,
            "chiffres": [_figure(f) for f in i.chiffres],
            "evaluations": [
                _clean(
                    {
                        "id": e.id,
                        "titre": e.titre,
                        "evaluateur": e.evaluateur,
                        "type": e.type,
                        "date": e.date,
                        "constats": e.constats,
                        "source": _source_id(e.source),
                    }
                )
                for e in i.evaluations
            ],
            "niveau_preuve": preuve,
            "liens": [
                _clean({"type": k.type, "innovation": k.other.id, "source": _source_id(k.source)})
                for k in i.links
                if not k.reverse
            ],
            "sources": [_source(s) for s in i.sources],
            "contact": _clean(dict(i.contact)),
            "mis_a_jour": i.mis_a_jour,
        }
    )


def territory_document(t: Territory) -> dict[str, Any]:
    """A territory as its content file says it, normalised (valid: territoire.schema.json)."""
    data = _clean(
        {
            "id": t.id,
            "nom": t.nom,
            "type": t.type,
            "codes_cog": list(t.codes_cog),
            "millesime_cog": t.millesime_cog,
            "code_qpv": t.code_qpv,
            "composantes": list(t.composante_ids),
            "parent": t.parent_id,
            "coordonnees": (
                {"latitude": t.latitude, "longitude": t.longitude} if t.is_point else None
            ),
            "description": t.description,
            "chiffres": [_figure(f) for f in t.chiffres],
            "sources": [_source(s) for s in t.sources],
        }
    )
    data["departements"] = list(t.departements)  # required, even when empty (national)
    return data


def programme_document(p: Programme) -> dict[str, Any]:
    """The programme as its content file says it (valid: programme.schema.json)."""
    return _clean(
        {
            "nom": p.nom,
            "nom_complet": p.nom_complet,
            "operateur": p.operateur,
            "annee_lancement": p.annee_lancement,
            "financeurs": list(p.financeurs),
            "presentation": p.presentation,
            "chiffres_declares": [_figure(f) for f in p.chiffres_declares],
            "sources": [_source(s) for s in p.sources],
        }
    )


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The whole catalogue (valid: catalogue.schema.json)."""
    data: dict[str, Any] = {
        "titre": TITLE,
        "licence": dict(LICENCE),
        "mis_a_jour": newest_content_date(catalogue),
        "innovations": [
            innovation_document(catalogue.innovations[k]) for k in sorted(catalogue.innovations)
        ],
        "territoires": [
            territory_document(catalogue.territories[k]) for k in sorted(catalogue.territories)
        ],
    }
    if catalogue.programme is not None:
        data["programme"] = programme_document(catalogue.programme)
    return _clean(data)


def catalogue_schema() -> dict[str, Any]:
    """The JSON Schema of catalogue.json; it refers to the content schemas beside it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "catalogue.schema.json",
        "title": "Catalogue des innovations pour l’emploi (export complet)",
        "description": "Le fichier donnees/catalogue.json : toutes les fiches innovation et "
        "territoire et le programme, telles que les fichiers du catalogue les décrivent. Chaque "
        "fiche suit le schéma de son type (innovation.schema.json, territoire.schema.json, "
        "programme.schema.json).",
        "type": "object",
        "additionalProperties": False,
        "required": ["titre", "licence", "innovations", "territoires"],
        "properties": {
            "titre": {"title": "Titre", "type": "string"},
            "licence": {
                "title": "Licence",
                "type": "object",
                "additionalProperties": False,
                "required": ["nom", "url"],
                "properties": {
                    "nom": {"type": "string"},
                    "url": {"$ref": "commun.schema.json#/$defs/url"},
                },
            },
            "mis_a_jour": {
                "$ref": "commun.schema.json#/$defs/date",
                "title": "Mise à jour",
                "description": "La date la plus récente des fiches (leur champ « mis_a_jour ») : "
                "la fraîcheur des données, pas la date de publication du fichier.",
            },
            "innovations": {
                "title": "Innovations",
                "description": "Les fiches innovation, triées par identifiant.",
                "type": "array",
                "items": {"$ref": "innovation.schema.json"},
            },
            "territoires": {
                "title": "Territoires",
                "description": "Les fiches territoire, triées par identifiant.",
                "type": "array",
                "items": {"$ref": "territoire.schema.json"},
            },
            "programme": {"$ref": "programme.schema.json", "title": "Programme"},
        },
    }


# ---------------------------------------------------------------------------------------------
# CSV tables, each with its Table Schema


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    value: Callable[[Any], Any]
    type: str = "string"  # Table Schema type: string, integer, number, boolean
    required: bool = False
    unique: bool = False
    pattern: str = ""
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    example: str = ""

    def field(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        out: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "type": self.type,
        }
        if self.example:
            out["example"] = self.example
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Catalogue], Iterator[Any]]

    @property
    def csv_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def schema_name(self) -> str:
        return f"{self.name}.schema.json"

    def table_schema(self) -> dict[str, Any]:
        return {
            "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
            "name": f"catalogue-innovations-emploi-{self.name}",
            "title": self.title,
            "description": self.description,
            "licenses": [
                {
                    "name": "etalab-2.0",
                    "title": LICENCE["nom"],
                    "path": LICENCE["url"],
                }
            ],
            "missingValues": [""],
            "fields": [c.field() for c in self.columns],
            "primaryKey": list(self.primary_key),
        }

    def csv_text(self, catalogue: Catalogue) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in self.columns])
        for item in self.rows(catalogue):
            writer.writerow([_cell(c.value(item)) for c in self.columns])
        return buffer.getvalue()


# A text cell starting with one of these is read as a formula by spreadsheets (CSV injection,
# OWASP): such a cell gets a leading single quote, which spreadsheets show as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula, as OWASP recommends."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):  # a number (a negative longitude) is no formula
        return str(_number(value))
    if isinstance(value, (list, tuple)):
        return neutralise(SEPARATOR.join(str(v) for v in value))
    return neutralise(str(value))


def _list_pattern(item: str) -> str:
    return f"{item}({SEPARATOR}{item})*"


def _vocab_list(name: str) -> str:
    return _list_pattern("(" + "|".join(sorted(vocabulary(name), key=str)) + ")")


def _figure_columns(indicator: str, name: str, what: str) -> tuple[Column, ...]:
    def figure(i: Innovation) -> Figure | None:
        return i.figure(indicator, counts_only=True)

    return (
        Column(
            name,
            what,
            f"{what} : le chiffre sourcé le plus récent de la fiche ; vide si elle n’en donne "
            "pas. Les chiffres sans source ne sont pas repris.",
            lambda i: _number(f.valeur) if (f := figure(i)) else None,
            type="number",
            minimum=0,
        ),
        Column(
            f"{name}_date",
            f"{what} : date",
            "La date à laquelle ce chiffre était vrai (AAAA, AAAA-MM ou AAAA-MM-JJ).",
            lambda i: f.date if (f := figure(i)) else None,
            pattern=PARTIAL_DATE,
        ),
        Column(
            f"{name}_arrondi",
            f"{what} : ordre de grandeur",
            "true si la source donne un ordre de grandeur (« plus de 20 ») plutôt qu’un "
            "compte exact.",
            lambda i: f.arrondi if (f := figure(i)) else None,
            type="boolean",
        ),
    )


def _accompaniment(i: Innovation) -> str:
    return next((s.statut for s in i.paliers if s.palier == "accompagnement-transposition"), "")


INNOVATIONS = Table(
    "innovations",
    "Innovations pour l’emploi",
    "Une ligne par innovation du catalogue. Les valeurs multiples d’une cellule (codes, noms) "
    f"sont séparées par « {SEPARATOR} ». La fiche d’une innovation est publiée sur le site à "
    "l’adresse innovations/<id>/.",
    (
        Column(
            "id",
            "Identifiant",
            "L’identifiant de l’innovation (nom de son fichier).",
            lambda i: i.id,
            required=True,
            unique=True,
            pattern=IDENTIFIER,
            example="vita-air",
        ),
        Column("nom", "Nom", "Le nom de l’innovation.", lambda i: i.nom, required=True),
        Column(
            "accroche",
            "Accroche",
            "Ce que fait l’innovation et pour qui.",
            lambda i: i.accroche,
            required=True,
        ),
        Column(
            "porteurs",
            "Porteurs",
            f"Les structures porteuses, séparées par « {SEPARATOR} » ; vide si aucune "
            "source ne les nomme.",
            lambda i: [c.nom.replace(SEPARATOR, ",") for c in i.porteurs],
        ),
        Column(
            "territoire_origine",
            "Territoire d’origine",
            "L’identifiant du territoire où l’innovation est née (voir territoires.csv) ; vide "
            "si aucune source ne le dit.",
            lambda i: i.territoire_origine.id if i.territoire_origine else None,
            pattern=IDENTIFIER,
        ),
        Column(
            "territoire_origine_nom",
            "Nom du territoire d’origine",
            "Le nom du territoire d’origine ; vide s’il n’est pas connu.",
            lambda i: i.territoire_origine.nom if i.territoire_origine else None,
        ),
        Column(
            "programme",
            "Programme d’accompagnement",
            "ais-emploi si l’innovation est passée par AIS#Emploi, autre pour un autre "
            "programme (voir programme_nom), aucun sinon ; vide si la fiche ne le dit pas.",
            lambda i: i.programme or None,
            enum=tuple(vocabulary("programme_suivi")),
        ),
        Column(
            "programme_nom",
            "Nom de l’autre programme",
            "Le nom du programme, quand ce n’est pas AIS#Emploi.",
            lambda i: i.programme_nom or None,
        ),
        Column(
            "departements",
            "Départements",
            "Les codes INSEE des départements où l’innovation est née ou a essaimé, en texte "
            f"(« 01 », « 2A »), séparés par « {SEPARATOR} ».",
            lambda i: i.departements,
            pattern=_list_pattern(DEPARTEMENT),
            example="18;79",
        ),
        Column(
            "regions",
            "Régions",
            "Les codes INSEE des régions correspondantes (COG 2016 et suivants), séparés par "
            f"« {SEPARATOR} ».",
            lambda i: i.regions,
            pattern=_list_pattern(REGION),
            example="24;75",
        ),
        Column(
            "annee_creation",
            "Année de création",
            "L’année où l’innovation a démarré sur son territoire d’origine.",
            lambda i: i.annee_creation,
            type="integer",
            minimum=1900,
            maximum=2100,
        ),
        Column(
            "thematiques",
            "Thématiques",
            f"Codes des thématiques (référentiel data·inclusion), séparés par « {SEPARATOR} ».",
            lambda i: i.thematiques,
            required=True,
            pattern=_vocab_list("thematique"),
        ),
        Column(
            "publics",
            "Publics",
            f"Codes des publics (référentiel data·inclusion), séparés par « {SEPARATOR} ».",
            lambda i: i.publics,
            required=True,
            pattern=_vocab_list("public"),
        ),
        Column(
            "palier_atteint",
            "Palier AIS#Emploi atteint",
            "Le palier le plus avancé, réalisé ou en cours ; vide si aucun ou si "
            "l’innovation n’est pas passée par AIS#Emploi.",
            lambda i: i.stage_reached if i.is_ais else None,
            enum=tuple(STAGE_ORDER),
        ),
        Column(
            "accompagnement_transposition",
            "Accompagnement à la transposition",
            "Le statut du palier « accompagnement à la transposition » ; vide s’il n’est pas "
            "renseigné.",
            _accompaniment,
            enum=tuple(vocabulary("statut")),
        ),
        Column(
            "date_entree_ais",
            "Entrée dans AIS#Emploi",
            "Date d’entrée dans l’accélérateur (AAAA, AAAA-MM ou AAAA-MM-JJ).",
            lambda i: i.date_entree,
            pattern=PARTIAL_DATE,
        ),
        Column(
            "date_sortie_ais",
            "Sortie d’AIS#Emploi",
            "Date de sortie de l’accélérateur (AAAA, AAAA-MM ou AAAA-MM-JJ).",
            lambda i: i.date_sortie,
            pattern=PARTIAL_DATE,
        ),
        Column(
            "niveau_preuve",
            "Niveau de preuve",
            "De 1 (théorie du changement) à 5 (reprise à grande échelle avec des effets positifs).",
            lambda i: i.niveau_preuve,
            type="integer",
            minimum=1,
            maximum=5,
        ),
        Column(
            "sites_essaimage",
            "Sites d’essaimage",
            "Le nombre de sites d’essaimage que décrit la fiche (voir sites.csv) ; vide si elle "
            "n’en décrit aucun : le nombre n’est pas renseigné, ce n’est pas zéro.",
            sheet_site_count,
            type="integer",
            minimum=1,
        ),
        *_figure_columns("beneficiaires", "beneficiaires", "Demandeurs d’emploi bénéficiaires"),
        *_figure_columns("structures-formees", "structures_formees", "Structures formées"),
        Column(
            "fiche_a_completer",
            "Sections à compléter",
            "Les sections utiles à qui veut reprendre l’innovation que la fiche laisse vides "
            "(problème, étapes, moyens et coûts, partenaires, facteurs clés, contact, sources, "
            f"niveau de preuve), séparées par « {SEPARATOR} » ; vide si la fiche est complète.",
            lambda i: i.missing_sections,
        ),
        Column(
            "mis_a_jour",
            "Mise à jour",
            "La date de dernière mise à jour de la fiche (AAAA, AAAA-MM ou AAAA-MM-JJ).",
            lambda i: i.mis_a_jour,
            pattern=PARTIAL_DATE,
        ),
    ),
    ("id",),
    lambda catalogue: iter(catalogue.innovations[k] for k in sorted(catalogue.innovations)),
)


def _site_items(catalogue: Catalogue) -> Iterator[tuple[SiteRow, Site, Innovation]]:
    rows = site_rows(catalogue.innovations.values())
    by_key = {
        (i.id, s.structure, s.territoire.id): s
        for i in catalogue.innovations.values()
        for s in reversed(i.essaimage)  # the first of two identical sites wins, as in compute
    }
    for row in sorted(rows, key=lambda r: (r.innovation_id, r.territoire_id, r.structure)):
        site = by_key[(row.innovation_id, row.structure, row.territoire_id)]
        yield row, site, catalogue.innovations[row.innovation_id]


MILESTONE_COLUMNS = (("appropriation-3-mois", "3_mois"), ("mise-en-oeuvre-9-mois", "9_mois"))
MILESTONE_COLUMNS += (("impact-18-mois", "18_mois"),)


def _milestone_columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for index, (jalon, suffix) in enumerate(MILESTONE_COLUMNS):
        title = vocabulary("jalon")[jalon]
        columns.append(
            Column(
                f"jalon_{suffix}",
                title,
                f"Le statut du jalon « {title} » ; vide s’il n’est pas renseigné.",
                lambda item, k=index: next(
                    (m.statut for m in item[1].jalons if m.jalon == MILESTONE_COLUMNS[k][0]),
                    None,
                ),
                enum=tuple(vocabulary("statut")),
            )
        )
        columns.append(
            Column(
                f"jalon_{suffix}_date",
                f"{title} : date",
                "La date du jalon (AAAA, AAAA-MM ou AAAA-MM-JJ).",
                lambda item, k=index: next(
                    (m.date for m in item[1].jalons if m.jalon == MILESTONE_COLUMNS[k][0]),
                    None,
                ),
                pattern=PARTIAL_DATE,
            )
        )
    return tuple(columns)


SITES = Table(
    "sites",
    "Sites d’essaimage des innovations pour l’emploi",
    "Une ligne par site où une innovation a été reprise, avec l’état de ses trois jalons "
    "d’évaluation (3, 9 et 18 mois).",
    (
        Column(
            "innovation",
            "Innovation",
            "L’identifiant de l’innovation reprise (voir innovations.csv).",
            lambda item: item[2].id,
            required=True,
            pattern=IDENTIFIER,
        ),
        Column(
            "innovation_nom",
            "Nom de l’innovation",
            "Le nom de l’innovation reprise.",
            lambda item: item[2].nom,
            required=True,
        ),
        Column(
            "structure",
            "Structure",
            "La structure qui a repris l’innovation.",
            lambda item: item[1].structure,
            required=True,
        ),
        Column(
            "type_structure",
            "Type de structure",
            "Le type de la structure (référentiel data·inclusion).",
            lambda item: item[1].type_structure,
            enum=tuple(vocabulary("type_structure")),
        ),
        Column(
            "territoire",
            "Territoire",
            "L’identifiant du territoire du site (voir territoires.csv).",
            lambda item: item[1].territoire.id,
            required=True,
            pattern=IDENTIFIER,
        ),
        Column(
            "territoire_nom",
            "Nom du territoire",
            "Le nom du territoire du site.",
            lambda item: item[1].territoire.nom,
            required=True,
        ),
        Column(
            "departements",
            "Départements",
            "Les codes INSEE des départements du territoire, en texte, séparés par "
            f"« {SEPARATOR} ».",
            lambda item: item[1].territoire.departements,
            pattern=_list_pattern(DEPARTEMENT),
        ),
        Column(
            "regions",
            "Régions",
            f"Les codes INSEE des régions du territoire, séparés par « {SEPARATOR} ».",
            lambda item: item[1].territoire.regions,
            pattern=_list_pattern(REGION),
        ),
        Column(
            "date_debut",
            "Début",
            "La date où le site a commencé à appliquer l’innovation (AAAA, AAAA-MM ou AAAA-MM-JJ).",
            lambda item: item[1].date_debut,
            pattern=PARTIAL_DATE,
        ),
        *_milestone_columns(),
        Column(
            "source",
            "Source",
            "Le titre du document qui décrit le site.",
            lambda item: item[1].source.titre if item[1].source else None,
        ),
        Column(
            "source_url",
            "Adresse de la source",
            "L’adresse web de ce document, si elle existe.",
            lambda item: item[1].source.url if item[1].source else None,
            pattern="https?://.+",
        ),
    ),
    ("innovation", "structure", "territoire"),
    _site_items,
)


TERRITOIRES = Table(
    "territoires",
    "Territoires des innovations pour l’emploi",
    "Une ligne par territoire du catalogue : là où une innovation est née ou a essaimé. La "
    "page d’un territoire est publiée sur le site à l’adresse territoires/<id>/.",
    (
        Column(
            "id",
            "Identifiant",
            "L’identifiant du territoire (nom de son fichier).",
            lambda t: t.id,
            required=True,
            unique=True,
            pattern=IDENTIFIER,
            example="parthenay",
        ),
        Column("nom", "Nom", "Le nom du territoire.", lambda t: t.nom, required=True),
        Column(
            "type",
            "Type",
            "La nature du territoire.",
            lambda t: t.type,
            required=True,
            enum=tuple(vocabulary("type_territoire")),
        ),
        Column(
            "codes_cog",
            "Codes COG",
            "Les codes du Code officiel géographique de l’INSEE (ou SIREN d’un EPCI), en texte, "
            f"séparés par « {SEPARATOR} ».",
            lambda t: t.codes_cog,
            pattern=_list_pattern("[0-9AB]{2,9}"),
            example="79202",
        ),
        Column(
            "millesime_cog",
            "Millésime du COG",
            "L’année du Code officiel géographique dont viennent les codes.",
            lambda t: t.millesime_cog,
            type="integer",
            minimum=1943,
            maximum=2100,
        ),
        Column(
            "departements",
            "Départements",
            "Les codes INSEE des départements du territoire, en texte (« 01 », « 2A »), "
            f"séparés par « {SEPARATOR} » ; vide pour un territoire national.",
            lambda t: t.departements,
            pattern=_list_pattern(DEPARTEMENT),
            example="79",
        ),
        Column(
            "regions",
            "Régions",
            f"Les codes INSEE des régions du territoire, séparés par « {SEPARATOR} ».",
            lambda t: t.regions,
            pattern=_list_pattern(REGION),
            example="75",
        ),
        Column(
            "parent",
            "Territoire parent",
            "L’identifiant du territoire qui contient celui-ci.",
            lambda t: t.parent_id,
            pattern=IDENTIFIER,
        ),
        Column(
            "latitude",
            "Latitude",
            "Latitude du centre du territoire, en degrés décimaux (WGS 84).",
            lambda t: t.latitude,
            type="number",
            minimum=-90,
            maximum=90,
        ),
        Column(
            "longitude",
            "Longitude",
            "Longitude du centre du territoire, en degrés décimaux (WGS 84).",
            lambda t: t.longitude,
            type="number",
            minimum=-180,
            maximum=180,
        ),
        Column(
            "innovations_nees",
            "Innovations nées ici",
            "Le nombre d’innovations dont c’est le territoire d’origine.",
            lambda t: len(t.born_here),
            type="integer",
            required=True,
            minimum=0,
        ),
        Column(
            "innovations_essaimees",
            "Innovations essaimées ici",
            "Le nombre d’innovations différentes reprises par un site de ce territoire.",
            lambda t: len({i.id for i, _ in t.swarmed_here}),
            type="integer",
            required=True,
            minimum=0,
        ),
        Column(
            "innovations",
            "Innovations",
            f"Les identifiants des innovations nées ou essaimées ici, séparés par « {SEPARATOR} ».",
            lambda t: sorted(i.id for i in t.innovations),
            pattern=_list_pattern(IDENTIFIER),
        ),
    ),
    ("id",),
    lambda catalogue: iter(catalogue.territories[k] for k in sorted(catalogue.territories)),
)

TABLES = (INNOVATIONS, SITES, TERRITOIRES)


# ---------------------------------------------------------------------------------------------
# Writing


def published_schema(text: str, name: str, site_url: str) -> str:
    """A schema as published: its `$id` made absolute from the site's address, so that its
    relative `$ref`s (`commun.schema.json#/…`) resolve where it is published, whoever reads
    it. The rest of the text is unchanged."""
    if not site_url:
        return text
    base = site_url if site_url.endswith("/") else site_url + "/"
    relative = json.dumps(f"{name}.schema.json")
    absolute = json.dumps(f"{base}{SCHEMAS_DIR}/{name}.schema.json")
    return text.replace(f'"$id": {relative}', f'"$id": {absolute}', 1)


def files(catalogue: Catalogue, *, site_url: str = "") -> dict[str, Callable[[], str]]:
    """Every data file, {path in the docs folder: function making its text}, the page excepted.

    The texts are made only when asked (when MkDocs writes the file), so that the build holds
    one at a time and the preview can make them after the pages it shows."""
    out: dict[str, Callable[[], str]] = {
        f"{DATA_DIR}/catalogue.json": lambda: _dumps_compact(catalogue_document(catalogue)),
        f"{SCHEMAS_DIR}/catalogue.schema.json": lambda: published_schema(
            _dumps(catalogue_schema()), "catalogue", site_url
        ),
    }
    for name in SCHEMA_FILES:
        source = SCHEMA_DIR / f"{name}.schema.json"
        out[f"{SCHEMAS_DIR}/{name}.schema.json"] = lambda source=source, name=name: (
            published_schema(source.read_bytes().decode("utf-8"), name, site_url)
        )
    for table in TABLES:
        out[f"{DATA_DIR}/{table.csv_name}"] = lambda table=table: table.csv_text(catalogue)
        out[f"{DATA_DIR}/{table.schema_name}"] = lambda table=table: _dumps(table.table_schema())
    return out


def data_page(catalogue: Catalogue, sizes: dict[str, int]) -> PageBody:
    """The page `donnees/index.md`; `sizes` gives each data file's size in bytes."""

    counts = {
        INNOVATIONS.name: len(catalogue.innovations),
        SITES.name: site_count(catalogue.innovations.values()),
        TERRITOIRES.name: len(catalogue.territories),
    }
    body = render(
        "donnees.html",
        url=f"{DATA_DIR}/",
        tables=TABLES,
        counts=counts,
        sizes=sizes,
        content_date=newest_content_date(catalogue),
        licence=LICENCE,
        attribution=geodata.attribution(),
        schema_files=[f"{name}.schema.json" for name in ("catalogue", *SCHEMA_FILES)],
        separator=SEPARATOR,
    )
    return page(
        "Données ouvertes",
        body,
        description="Télécharger le catalogue des innovations pour l’emploi en JSON et en CSV, "
        "avec ses schémas, sous Licence Ouverte 2.0.",
    )
