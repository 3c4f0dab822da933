"""The INSEE Code officiel géographique, as shipped in generator/data/ (see SOURCES.md there)."""

from __future__ import annotations


def is_departement(code: str) -> bool:
    from .maps import geodata

    return code in geodata.departements()


def is_known_code(code: str) -> bool:
    """A commune, municipal arrondissement, département or région code, or an EPCI SIREN."""
    from .maps import geodata

    return geodata.is_known_cog_code(code)


def millesime() -> int:
    from .maps import geodata

    return geodata.millesime()
