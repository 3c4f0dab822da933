"""Pages listing the sheets of one theme or one public (`thematiques/<code>/`,
`publics/<code>/`), and the lists of themes and publics that lead to them (`thematiques/`,
`publics/`).

The sheets' theme and public labels and the home page's ways in lead here, so that they work
without JavaScript: the explorer's filters need its script. With JavaScript, a small script
(`assets/liens.js`) points the same links at the filtered explorer instead
(`innovations/?thematique=…`), where filters combine with search. Each page lists
`page_size` sheets by name, like the explorer, with links to the next ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...french import plural
from ...model import Catalogue, Innovation, label
from ...schema import vocabulary
from .explorer import PAGE_SIZE, card, cards_key
from .pages import PageBody, SitePage, _key, page, render
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
from .urls import FACET_FOLDERS, facet_url


@dataclass(frozen=True)
class Kind:
    """One way of grouping sheets: its explorer facet, vocabulary and French wording."""

    facet: str  # the explorer's URL parameter and Pagefind filter (see facets.py)
    title: str  # the list of values' page title
    short: str  # that page's name in a breadcrumb
    lead: str  # what that page's counts are
    others: str  # a value's page lists the others under this title
    value_title: str  # « Thématique : Mobilité »
    intro: str  # a value's page's description

    @property
    def url(self) -> str:
        return f"{FACET_FOLDERS[self.facet]}/"

    def value_url(self, code: str) -> str:
        return facet_url(self.facet, code)

    def values(self, innovation: Innovation) -> list[str]:
        return list(getattr(innovation, FACET_FOLDERS[self.facet]))


THEMES = Kind(
    "thematique",
    "Les innovations par thématique",
    "Par thématique",
    "Chaque thématique, avec le nombre d’innovations qui la traitent.",
    "Les autres thématiques",
    "Thématique : {}",
    "Les innovations pour l’emploi de la thématique « {} »",
)
PUBLICS = Kind(
    "public",
    "Les innovations par public",
    "Par public",
    "Chaque public, avec le nombre d’innovations qui s’adressent à lui.",
    "Les autres publics",
    "Public : {}",
    "Les innovations pour l’emploi destinées au public « {} »",
)
KINDS = (THEMES, PUBLICS)


@dataclass(frozen=True)
class Value:
    code: str
    label: str
    count: int


def grouped(catalogue: Catalogue, kind: Kind) -> dict[str, list[Innovation]]:
    """{code: its sheets by name} for every value some sheet has, in the vocabulary's order."""
    sheets: dict[str, list[Innovation]] = {code: [] for code in vocabulary(kind.facet)}
    for innovation in catalogue.innovations_sorted():
        for code in dict.fromkeys(kind.values(innovation)):
            sheets.setdefault(code, []).append(innovation)
    return {code: found for code, found in sheets.items() if found}


def values_of(groups: dict[str, list[Innovation]], kind: Kind) -> list[Value]:
    return [Value(code, label(kind.facet, code), len(found)) for code, found in groups.items()]


def heading(count: int, number: int, page_size: int) -> str:
    if count <= page_size:
        return "Par ordre alphabétique"
    return f"Innovations {range_text(count, number, page_size)}, par ordre alphabétique"


def value_page(
    kind: Kind,
    value: Value,
    sheets: list[Innovation],
    values: list[Value],
    number: int = 1,
    page_size: int = PAGE_SIZE,
) -> PageBody:
    """Page `number` of the sheets having `value` (`sheets`: all of them, by name)."""
    first = kind.value_url(value.code)
    url = page_url(first, number)
    pages = page_count(len(sheets), page_size)
    title = kind.value_title.format(value.label)
    body = render(
        "facette.html",
        url=url,
        kind=kind,
        title=title,
        value=value,
        count_text=plural(len(sheets), "innovation pour l’emploi", "innovations pour l’emploi"),
        heading=heading(len(sheets), number, page_size),
        cards=[card(i, url) for i in page_items(sheets, number, page_size)],
        pager=pager(first, number, pages, f"Pages de la liste : {title}"),
        others=[v for v in values if v.code != value.code],
    )
    return page(
        paged_title(title, number, pages), body, description=kind.intro.format(value.label) + "."
    )


def values_page(kind: Kind, values: list[Value]) -> PageBody:
    """The list of a kind's values, each with its count and a link to its page."""
    body = render(
        "facettes.html",
        url=kind.url,
        kind=kind,
        values=values,
        other=next(k for k in KINDS if k != kind),
    )
    return page(kind.title, body, description=f"{kind.title}, chacune avec son nombre de fiches.")


def facet_pages(
    catalogue: Catalogue,
    *,
    page_size: int = PAGE_SIZE,
    stamp: Callable[[str], str] = lambda path: "",
) -> Iterator[SitePage]:
    """Every theme's and public's pages, and their two lists.

    `stamp` (content path -> fingerprint of its text) keys each page on what it shows: its
    sheets' cards and every value's count (the list of the other values), so that the preview
    rebuilds only the pages an edit changes."""
    check_page_size(page_size)
    for kind in KINDS:
        groups = grouped(catalogue, kind)
        values = values_of(groups, kind)
        counts = _key([(v.code, v.count) for v in values])
        yield SitePage(
            f"{kind.url}index.md",
            kind.title,
            lambda kind=kind, values=values: values_page(kind, values),
            counts,
        )
        for value in values:
            sheets = groups[value.code]
            pages = page_count(len(sheets), page_size)
            for number in range(1, pages + 1):
                shown = page_items(sheets, number, page_size)
                key = _key(number, counts, cards_key(shown, stamp))
                yield SitePage(
                    page_path(kind.value_url(value.code), number),
                    paged_title(kind.value_title.format(value.label), number, pages),
                    lambda kind=kind, value=value, sheets=sheets, values=values, number=number: (
                        value_page(kind, value, sheets, values, number, page_size)
                    ),
                    key,
                )
