"""Compare up to three innovations side by side (`comparer/?ids=a,b,c`).

The page is static: without JavaScript it shows a table of the innovations' key facts, one
bounded row per innovation, `page_size` rows a page (comparer/, comparer/page/2/…), with links
from page to page that reach every innovation. `assets/comparer.js` reads the ids from the
address, on any of these pages, and fills the columns from one small JSON file per sheet
(`comparer/fiches/<id>.json`, written here); its « Ajouter » list offers the rows of the page
shown. No file holds the whole catalogue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..french import date_fr
from ..model import Catalogue, Innovation
from .figures.compute import sheet_site_count
from .render.pages import PageBody, SitePage, _evidence_label, _key, page, render
from .render.pagination import (
    check_page_size,
    page_count,
    page_items,
    page_path,
    page_url,
    paged_title,
    pager,
    range_text,
)
from .render.urls import innovation_url

URL = "comparer/"
TITLE = "Comparer des innovations"
# Rows of the key-facts table on each page (comparer/, comparer/page/2/…).
PAGE_SIZE = 50
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
                "unite": f.unite_label,  # as written after the value; "" for « autre »
                "indicateur": f.indicateur_label if f.indicateur != "autre" else "",
                "date": date_fr(f.date),  # as the sheet writes it: « 24 mars 2015 »
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


def compare_file_keys(catalogue: Catalogue, stamp: Callable[[str], str]) -> dict[str, str]:
    """{path: key} of the files of `compare_files`: a file shows its sheet and the names of its
    territories (home and swarming sites), so its key follows their content files (`stamp`:
    content path -> fingerprint); the preview remakes only the file of the sheet edited."""
    return {
        f"{DATA_DIR}/{i.id}.json": _key(
            "comparer", stamp(i.path), [stamp(t.path) for t in i.territories]
        )
        for i in catalogue.innovations.values()
    }


def heading(count: int, number: int, page_size: int) -> str:
    """What the key-facts table lists, above it."""
    if count <= page_size:
        return "Les faits clés de toutes les innovations"
    return f"Les faits clés des innovations {range_text(count, number, page_size)}"


def compare_page(sheets: list[Innovation], number: int = 1, page_size: int = PAGE_SIZE) -> PageBody:
    """Page `number` of the comparison: `sheets` is the whole catalogue by name; the table lists
    its page of them, the links under it lead to the others."""
    url = page_url(URL, number)
    pages = page_count(len(sheets), page_size)
    body = render(
        "comparer.html",
        url=url,
        innovations=page_items(sheets, number, page_size),
        heading=heading(len(sheets), number, page_size),
        max_compared=MAX_COMPARED,
        page_size=page_size,
        sites_of=sheet_site_count,
        pager=pager(URL, number, pages, "Pages du tableau des faits clés"),
    )
    return page(
        paged_title(TITLE, number, pages),
        body,
        description="Mettre côte à côte jusqu’à trois innovations pour l’emploi : publics, "
        "coûts, étapes, partenaires, niveau de preuve, sites et chiffres.",
    )


def compare_pages(
    catalogue: Catalogue,
    *,
    page_size: int = PAGE_SIZE,
    key: str = "",
    stamp: Callable[[str], str] | None = None,
) -> Iterator[SitePage]:
    """The comparison and its numbered pages (comparer/, comparer/page/2/…), each rendered when
    asked; the sorted list is made once, for all of them.

    `stamp` (content path -> fingerprint of its text) gives each page a key of its own, made of
    the sheets its table lists (a row shows only its sheet's own facts), so that an edit
    rebuilds in the preview only the page listing the sheet edited. Without it, every page has
    the key `key`."""
    check_page_size(page_size)
    sheets = catalogue.innovations_sorted()
    pages = page_count(len(sheets), page_size)

    def page_key(number: int) -> str:
        if stamp is None:
            return key
        shown = page_items(sheets, number, page_size)
        return _key("comparer", number, pages, [(i.id, stamp(i.path)) for i in shown])

    for number in range(1, pages + 1):
        yield SitePage(
            page_path(URL, number),
            paged_title(TITLE, number, pages),
            lambda number=number: compare_page(sheets, number, page_size),
            page_key(number),
        )
