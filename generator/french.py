"""French for numbers, plurals and dates: the one place every stage writes them from."""

from __future__ import annotations

from .load.dates import format_date_fr, parse_partial_date

NARROW_NBSP = "\u202f"


def number_fr(value: float | int | None) -> str:
    """1082 → `1 082` (narrow no-break space), 2.5 → `2,5`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", NARROW_NBSP)
    whole, _, decimals = f"{value:,.2f}".rstrip("0").rstrip(".").partition(".")
    whole = whole.replace(",", NARROW_NBSP)
    return f"{whole},{decimals}" if decimals else whole


def date_fr(value: str | int | None) -> str:
    if value is None or value == "":
        return ""
    return format_date_fr(str(value))


def _dated(value: str | int | None, on_day: str, otherwise: str) -> str:
    if value is None or value == "":
        return ""
    parts = parse_partial_date(str(value))
    prefix = on_day if parts is not None and len(parts) == 3 else otherwise
    return f"{prefix} {format_date_fr(str(value))}"


def since_fr(value: str | int | None) -> str:
    """`depuis le 24 novembre 2016`, `depuis novembre 2016`, `depuis 2016`."""
    return _dated(value, "depuis le", "depuis")


def until_fr(value: str | int | None) -> str:
    """`jusqu’au 30 juin 2020`, `jusqu’en juin 2020`, `jusqu’en 2020`."""
    return _dated(value, "jusqu’au", "jusqu’en")


def as_of_fr(value: str | int | None) -> str:
    """`au 28 novembre 2019`, `en juillet 2015`, `en 2015`: as of a date, at its precision."""
    return _dated(value, "au", "en")


def word(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word for `count` things: French uses the singular for 0 and 1."""
    return singular if count <= 1 else (plural_form or singular + "s")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 erreur`, `0 erreur`, `1 082 innovations` (narrow no-break space between thousands)."""
    return f"{number_fr(count)} {word(count, singular, plural_form)}"
