"""Compare up to three innovations side by side (`comparer/?ids=a,b,c`).

The page is static: without JavaScript it shows a table of every innovation's key facts (a
bounded row per innovation). `assets/comparer.js` reads the ids from the address and fills the
columns from one small JSON file per sheet (`comparer/fiches/<id>.json`, written here); no file
holds the whole catalogue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..model import Catalogue, Innovation
from .render.pages import PageBody, SitePage, _evidence_label, _key, catalogue_key, page, render
from .render.urls import innovation_url

URL = "comparer/"
DATA_DIR = "comparer/fiches"
MAX_COMPARED = 3


def sheet_facts(i: Innovation) -> dict[str, Any]:
    """What the comparison shows of a sheet; an empty value is left empty (« non renseigné »)."""
    return {
        "id": i.id,
        "nom": i.nom,
        "url": innovation_url(i.id),
        "accroche": i.accroche,
        "publics": i.public_labels,
        "origine": i.territoire_origine.nom if i.territoire_origine else "",
        "annee": i.annee_creation,
        "couts": {
            label_: i.moyens[key]
            for key, label_ in (
                ("financiers", "Moyens financiers"),
                ("humains", "Moyens humains"),
                ("outils", "Outils"),
            )
            if i.moyens.get(key)
        },
        "etapes": [s.titre for s in i.etapes],
        "partenaires": [p.get("nom", "") for p in i.partenaires if p.get("nom")],
        "palier": i.stage_reached_label,
        "preuve": i.niveau_preuve,
        "preuve_libelle": _evidence_label(i.niveau_preuve) if i.niveau_preuve else "",
        "sites": [f"{s.structure} ({s.territoire.nom})" for s in i.essaimage],
        "chiffres": [
            {
                "libelle": f.libelle,
                "valeur": f.valeur,
                "unite": f.indicateur_label,
                "date": f.date,
                "arrondi": f.arrondi,
                "source": f.source.titre if f.source else "",
            }
            for f in i.chiffres
        ],
    }


def compare_files(catalogue: Catalogue) -> dict[str, Callable[[], str]]:
    """{path: function making its JSON}: one small file per sheet, made when written."""
    return {
        f"{DATA_DIR}/{i.id}.json": lambda i=i: json.dumps(
            sheet_facts(i), ensure_ascii=False, separators=(",", ":")
        )
        for i in catalogue.innovations_sorted()
    }


def compare_page(catalogue: Catalogue) -> PageBody:
    body = render(
        "comparer.html",
        url=URL,
        innovations=catalogue.innovations_sorted(),
        max_compared=MAX_COMPARED,
    )
    return page(
        "Comparer des innovations",
        body,
        description="Mettre côte à côte jusqu’à trois innovations pour l’emploi : publics, "
        "coûts, étapes, partenaires, niveau de preuve, sites et chiffres.",
    )


def compare_pages(
    catalogue: Catalogue, stamps: dict[str, str], updated: dict[str, str]
) -> Iterator[SitePage]:
    yield SitePage(
        f"{URL}index.md",
        "Comparer des innovations",
        lambda: compare_page(catalogue),
        _key("comparer", catalogue_key(stamps, updated)),
    )
