"""Lists split into numbered pages (`<folder>/`, `<folder>/page/2/`…), the same way on every page
that lists sheets (the explorer, the comparison's key facts): each page stays the same size
however large the catalogue, and its links (`templates/pagination.html`) reach every other page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ...french import number_fr
from .urls import rel

# Page numbers linked on each side of the current page (the first and last are always linked).
AROUND = 2

T = TypeVar("T")


def page_url(first: str, number: int) -> str:
    """The URL of page `number` of a list whose first page is at `first` (e.g. "innovations/")."""
    return first if number == 1 else f"{first}page/{number}/"


def page_path(first: str, number: int) -> str:
    """The page's path in the docs folder."""
    return f"{page_url(first, number)}index.md"


def page_count(items: int, page_size: int) -> int:
    """How many pages list `items` (one, empty, when there is none)."""
    return max(1, -(-items // page_size))


def page_items(items: Sequence[T], number: int, page_size: int) -> Sequence[T]:
    """What page `number` lists."""
    return items[(number - 1) * page_size : number * page_size]


def check_page_size(page_size: int) -> None:
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")


def page_numbers(current: int, last: int, around: int = AROUND) -> list[int | None]:
    """The page numbers a page links to, in order; None where numbers are left out (…).

    The first, the last and `around` on each side of the current page: at most 2 * around + 3
    numbers, whatever the number of pages. A gap of one number shows that number instead."""
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and numbers[-1] is not None and n - numbers[-1] == 2:
            numbers.append(n - 1)
        elif numbers and numbers[-1] is not None and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


def range_text(count: int, number: int, page_size: int) -> str:
    """Which items page `number` lists, in French: « 51 à 100 sur 230 »."""
    first = (number - 1) * page_size + 1
    last = min(count, number * page_size)
    return f"{number_fr(first)} à {number_fr(last)} sur {number_fr(count)}"


def paged_title(title: str, number: int, pages: int) -> str:
    """The title of page `number`: the list's title, then « page 2 sur 6 » after the first."""
    return title if number == 1 else f"{title}, page {number} sur {pages}"


@dataclass(frozen=True)
class Pager:
    """What `templates/pagination.html` needs: the page shown, the pages' count, the numbers
    to link, the links (relative to the page shown) and the navigation's accessible name."""

    number: int
    pages: int
    numbers: list[int | None]
    link: Callable[[int], str]
    label: str


def pager(first: str, number: int, pages: int, label: str) -> Pager:
    url = page_url(first, number)
    return Pager(
        number,
        pages,
        page_numbers(number, pages),
        lambda n: rel(url, page_url(first, n)),
        label,
    )
