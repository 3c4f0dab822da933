"""The INSEE Code officiel géographique, as shipped in generator/geo/data/ (see SOURCES.md there)."""

from __future__ import annotations

from . import geodata


def is_departement(code: str) -> bool:

    return code in geodata.departements()


def is_known_code(code: str) -> bool:
    """A commune, municipal arrondissement, département or région code, or an EPCI SIREN."""

    return geodata.is_known_cog_code(code)


def millesime() -> int:

    return geodata.millesime()


KIND_LABELS = {
    "commune": "de commune",
    "departement": "de département",
    "region": "de région",
    "epci": "d'EPCI (SIREN)",
}


def kinds_of_code(code: str) -> list[str]:
    """What a known code designates: commune (or municipal arrondissement), département,
    région, EPCI; a two-digit code can be both a département and a région."""

    kinds = []
    if geodata.commune(code) is not None:
        kinds.append("commune")
    if code in geodata.departements():
        kinds.append("departement")
    if code in geodata.regions():
        kinds.append("region")
    if geodata.epci(code) is not None:
        kinds.append("epci")
    return kinds


def departement_of_commune(code: str) -> str | None:

    commune = geodata.commune(code)
    return commune.departement if commune else None


def has_epci_data() -> bool:

    return bool(geodata._epci())
