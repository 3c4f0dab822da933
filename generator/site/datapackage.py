"""`donnees/datapackage.json`: the open data as a Frictionless Data Package.

One descriptor that tools (frictionless, CKAN, data.gouv.fr, R and Python packages) read to
open every file with the right types: each CSV with its Table Schema (codes stay text: « 01 »,
« 2A »), the keys that tie the tables together (a site's innovation and territory, an
innovation's territory of origin), the licence and the sources. The catalogue in JSON is
described too, as a JSON resource (its JSON Schema is published in `schemas/`).
"""

from __future__ import annotations

import json
from typing import Any

from .export import DATA_DIR, INNOVATIONS, LICENCE, SCHEMAS_DIR, SITES, TABLES, TERRITOIRES
from .export import TITLE as DATA_TITLE

NAME = "catalogue-innovations-emploi"
# Which column of which table refers to which table's key.
FOREIGN_KEYS: dict[str, list[dict[str, Any]]] = {
    SITES.name: [
        {"fields": "innovation", "reference": {"resource": INNOVATIONS.name, "fields": "id"}},
        {"fields": "territoire", "reference": {"resource": TERRITOIRES.name, "fields": "id"}},
    ],
    INNOVATIONS.name: [
        {
            "fields": "territoire_origine",
            "reference": {"resource": TERRITOIRES.name, "fields": "id"},
        }
    ],
}
SOURCES = [
    {
        "title": "Fiches du catalogue, rédigées par les porteurs d’innovations et l’équipe "
        "du catalogue ; chaque fait y cite sa propre source",
    },
    {
        "title": "Code officiel géographique (COG), INSEE",
        "path": "https://www.insee.fr/fr/information/2560452",
    },
]


def _table_schema(table: Any) -> dict[str, Any]:
    schema = {k: v for k, v in table.table_schema().items() if k in ("fields", "primaryKey")}
    schema["missingValues"] = [""]
    if table.name in FOREIGN_KEYS:
        schema["foreignKeys"] = FOREIGN_KEYS[table.name]
    return schema


def datapackage() -> dict[str, Any]:
    """The Data Package descriptor; its paths are relative to the `donnees/` folder."""
    resources: list[dict[str, Any]] = [
        {
            "name": table.name,
            "title": table.title,
            "description": table.description,
            "path": table.csv_name,
            "type": "table",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"csv": {"delimiter": ",", "lineTerminator": "\r\n"}},
            "schema": _table_schema(table),
        }
        for table in TABLES
    ]
    resources.append(
        {
            "name": "catalogue",
            "title": DATA_TITLE + " (export complet)",
            "description": "Toutes les fiches innovation et territoire et le programme, telles "
            "que les fichiers du catalogue les décrivent ; valide selon "
            f"../{SCHEMAS_DIR}/catalogue.schema.json.",
            "path": "catalogue.json",
            "type": "json",
            "scheme": "file",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
    )
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": NAME,
        "title": DATA_TITLE,
        "description": "Les innovations pour l’emploi modélisées par l’accélérateur AIS#Emploi, "
        "leurs sites d’essaimage et leurs territoires. Les codes (INSEE, COG) sont du texte.",
        "licenses": [{"name": "etalab-2.0", "title": LICENCE["nom"], "path": LICENCE["url"]}],
        "sources": SOURCES,
        "keywords": ["emploi", "insertion", "innovation sociale", "AIS#Emploi"],
        "resources": resources,
    }
    return package


DATAPACKAGE_PATH = f"{DATA_DIR}/datapackage.json"


def datapackage_json() -> tuple[str, str]:
    """(path in the docs folder, text) of the descriptor."""
    text = json.dumps(datapackage(), ensure_ascii=False, indent=1)
    return DATAPACKAGE_PATH, text + "\n"
