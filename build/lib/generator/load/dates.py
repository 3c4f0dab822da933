"""Partial dates (`2015`, `2015-07`, `2015-07-01`) as the sources give them."""

from __future__ import annotations

import calendar
import functools
import re

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")

PartialDate = tuple[int, ...]

MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@functools.lru_cache(maxsize=4096)  # a catalogue repeats the same few hundred dates
def parse_partial_date(text: str) -> PartialDate | None:
    """(year,), (year, month) or (year, month, day); None if not a real calendar date."""
    match = _DATE.match(text)
    if not match:
        return None
    parts = tuple(int(p) for p in match.groups() if p is not None)
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return None
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return None
    return parts


def is_before(a: PartialDate, b: PartialDate) -> bool:
    """True only when `a` is certainly earlier than `b`, at the precision both share."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def add_months(date: PartialDate, months: int) -> PartialDate:
    year = date[0]
    month = date[1] if len(date) > 1 else 1
    total = year * 12 + (month - 1) + months
    shifted = (total // 12, total % 12 + 1)
    return shifted[: len(date)] if len(date) > 1 else (shifted[0],)


def format_date_fr(text: str) -> str:
    """`2015-07` → `juillet 2015`; `2015-07-01` → `1er juillet 2015`."""
    parts = parse_partial_date(text)
    if parts is None:
        return text
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS_FR[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = "1er" if parts[2] == 1 else str(parts[2])
    return f"{day} {month} {parts[0]}"
