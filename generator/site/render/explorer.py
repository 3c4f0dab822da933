"""The explorer (`innovations/`) and its numbered pages (`innovations/page/2/`…).

Without JavaScript, the explorer is a list of every sheet by name, `page_size` sheets a page,
with links from page to page: each page stays the same size however large the catalogue, and
following the links reaches every sheet. Every page is the whole explorer (search box, facets
with the catalogue's counts, sort): `assets/explorateur.js` turns it into a search over
Pagefind's index, whose state lives in the explorer's URL (`innovations/?q=…`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from ...french import plural
from ...model import Catalogue, Innovation
from .facets import Facet, completeness_value, evidence_value, explorer_facets
from .pages import (
    EVERY_SHEET_WORD,
    PageBody,
    SitePage,
    _key,
    departement_name,
    page,
    region_name,
    render,
)
from .pagination import (
    check_page_size,
    page_count,
    page_items,
    page_path,
    page_url,
    paged_title,
    pager,
    range_text,
)
from .urls import innovation_url, rel

URL = "innovations/"
TITLE = "Les innovations"
DESCRIPTION = (
    "Chercher une innovation pour l’emploi par mot-clé, thématique, public, territoire ou "
    "niveau de preuve."
)
# Sheets listed on each page (without JavaScript, or before any search).
PAGE_SIZE = 50


@dataclass(frozen=True)
class Card:
    """A sheet as the explorer's list shows it: the same facts as the script's result cards."""

    url: str
    nom: str
    accroche: str
    facts: tuple[tuple[str, str], ...]  # (text, class)


def card(innovation: Innovation, from_url: str) -> Card:
    i = innovation
    evidence = evidence_value(i.niveau_preuve) if i.niveau_preuve else "non renseigné"
    facts = [(f"Niveau de preuve : {evidence}", "")]
    if i.is_ais:
        facts.append((f"Palier AIS#Emploi : {i.stage_reached_label}", ""))
    origin = i.territoire_origine.nom if i.territoire_origine else "non renseigné"
    facts.append((f"Né à : {origin}", ""))
    completeness = completeness_value(i)
    kind = "complete" if i.is_complete else "a-completer"
    facts.append((completeness[:1].upper() + completeness[1:], kind))
    return Card(rel(from_url, innovation_url(i.id)), i.nom, i.accroche, tuple(facts))


def cards_key(shown: Iterable[Innovation], stamp: Callable[[str], str]) -> list[tuple[str, ...]]:
    """What the cards of `shown` depend on (their sheets' and home territories' files), for
    the key of a page that lists them (see SitePage.key)."""
    return [
        (i.id, stamp(i.path), stamp(i.territoire_origine.path) if i.territoire_origine else "")
        for i in shown
    ]


def heading(count: int, number: int, page_size: int) -> str:
    """What the list is, above it (the script writes the count of a search there instead)."""
    if count == 0:
        return "Aucune innovation pour le moment."
    if count <= page_size:
        return "Toutes les innovations, par ordre alphabétique"
    return f"Innovations {range_text(count, number, page_size)}, par ordre alphabétique"


def explorer_page(
    sheets: list[Innovation],
    facets: list[Facet],
    number: int = 1,
    page_size: int = PAGE_SIZE,
) -> PageBody:
    """Page `number` of the explorer: `sheets` is the whole catalogue by name."""
    url = page_url(URL, number)
    pages = page_count(len(sheets), page_size)
    shown = page_items(sheets, number, page_size)
    body = render(
        "explorer.html",
        url=url,
        count=len(sheets),
        count_text=plural(len(sheets), "innovation pour l’emploi", "innovations pour l’emploi"),
        heading=heading(len(sheets), number, page_size),
        cards=[card(i, url) for i in shown],
        pages=pages,
        page_size=page_size,
        pager=pager(URL, number, pages, "Pages de la liste des innovations"),
        every_sheet_word=EVERY_SHEET_WORD,
        facets=facets,
    )
    return page(paged_title(TITLE, number, pages), body, description=DESCRIPTION)


def explorer_pages(
    catalogue: Catalogue,
    *,
    page_size: int = PAGE_SIZE,
    key: str = "",
    stamp: Callable[[str], str] | None = None,
) -> Iterator[SitePage]:
    """The explorer and its numbered pages, each rendered when asked; the sorted list and the
    facets are made once, for all of them, when the first is.

    `stamp` (content path -> fingerprint of its text) gives each page a key of its own: what
    its cards show (its sheets and their home territories) and the facets' counts, so that an
    edit rebuilds in the preview only the page listing the sheet edited (and every page when a
    count changes). Without it, every page has the key `key`."""
    check_page_size(page_size)

    @cache
    def shared() -> tuple[list[Innovation], list[Facet]]:
        sheets = catalogue.innovations_sorted()
        return sheets, explorer_facets(sheets, region_name, departement_name)

    pages = page_count(len(catalogue.innovations), page_size)
    if stamp is not None:
        sheets, facets = shared()
        counts = _key(repr(facets))

    def page_key(number: int) -> str:
        if stamp is None:
            return key
        return _key(number, pages, counts, cards_key(page_items(sheets, number, page_size), stamp))

    for number in range(1, pages + 1):
        yield SitePage(
            page_path(URL, number),
            paged_title(TITLE, number, pages),
            lambda number=number: explorer_page(*shared(), number, page_size),
            page_key(number),
        )
