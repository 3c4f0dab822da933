"""Read the committed geography files of ``generator/geo/data/``, once, on first use.

Standard library only. The files are written by ``tools/geometry/build_geometry.py``:
``departements.json`` (projected shapes), ``communes.csv.gz``, ``epci.csv.gz`` and
``meta.json`` (source, licence, COG vintage), ``voisins.json`` (bordering départements).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Departement:
    """A département: names, 2016 région, shape as SVG path data and centroid.

    ``path`` and ``centroid`` are in the map's SVG coordinates (see ``projection``);
    ``zoom_path``/``zoom_centroid`` are set for the départements also drawn in the
    enlargement of Paris and its inner suburbs.
    """

    code: str
    nom: str
    region: str
    region_nom: str
    path: str
    centroid: tuple[float, float]
    zoom_path: str | None = None
    zoom_centroid: tuple[float, float] | None = None


@dataclass(frozen=True)
class Commune:
    """A commune or municipal arrondissement with a point inside it (WGS84 degrees).

    ``lon``/``lat`` are ``None`` for the few communes the source gives no shape for.
    """

    code: str
    nom: str
    departement: str
    lon: float | None
    lat: float | None


@functools.cache
def _document() -> dict[str, Any]:
    with (DATA_DIR / "departements.json").open(encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def meta() -> dict[str, Any]:
    """Source, licence and COG vintage of the geography files (``meta.json``)."""
    with (DATA_DIR / "meta.json").open(encoding="utf-8") as f:
        return json.load(f)


def millesime() -> int:
    """Vintage (year) of the Code officiel géographique the codes and shapes come from."""
    return int(meta()["millesime_cog"])


def attribution() -> str:
    """French attribution line to show on the site (source and licence)."""
    return str(meta()["attribution"])


def projection_fingerprint() -> str:
    """Fingerprint of the projection ``departements.json`` was drawn with."""
    return str(_document()["projection"])


def _french(name: str) -> str:
    """A place name as the site writes French: the reference files' straight apostrophes
    (« Côte-d'Or ») become typographic ones (« Côte-d’Or »), like every other text."""
    return name.replace("'", "\u2019")


@functools.cache
def departements() -> dict[str, Departement]:
    """The 101 départements by code ("01", "2A", "971"), in code order."""
    result: dict[str, Departement] = {}
    for entry in _document()["departements"]:
        zoom_centroid = entry.get("cz")
        result[entry["code"]] = Departement(
            code=entry["code"],
            nom=_french(entry["nom"]),
            region=entry["region"],
            region_nom=_french(entry["region_nom"]),
            path=entry["d"],
            centroid=(entry["c"][0], entry["c"][1]),
            zoom_path=entry.get("dz"),
            zoom_centroid=(zoom_centroid[0], zoom_centroid[1]) if zoom_centroid else None,
        )
    return result


@functools.cache
def regions() -> dict[str, str]:
    """The 18 régions (2016 map): code -> name."""
    return {entry["code"]: _french(entry["nom"]) for entry in _document()["regions"]}


@functools.cache
def region_centroids() -> dict[str, tuple[float, float]]:
    """A point inside each région, in the map's SVG coordinates."""
    return {entry["code"]: (entry["c"][0], entry["c"][1]) for entry in _document()["regions"]}


def departements_of_region(region: str) -> list[str]:
    """Codes of the départements of a région, in code order (empty if unknown)."""
    return [d.code for d in departements().values() if d.region == region]


def _read_gzip_csv(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


@functools.cache
def _communes() -> dict[str, Commune]:
    result: dict[str, Commune] = {}
    for row in _read_gzip_csv("communes.csv.gz"):
        lon, lat = row["longitude"], row["latitude"]
        result[row["code"]] = Commune(
            code=row["code"],
            nom=_french(row["nom"]),
            departement=row["departement"],
            lon=float(lon) if lon else None,
            lat=float(lat) if lat else None,
        )
    return result


def communes() -> list[Commune]:
    """Every commune and municipal arrondissement, in code order."""
    return list(_communes().values())


def commune(code: str) -> Commune | None:
    """The commune or municipal arrondissement (Paris 13e: "75113") with this COG code."""
    return _communes().get(code)


@functools.cache
def _epci() -> dict[str, str]:
    path = DATA_DIR / "epci.csv.gz"
    if not path.exists():
        return {}
    return {row["siren"]: _french(row["nom"]) for row in _read_gzip_csv("epci.csv.gz")}


def epci(siren: str) -> str | None:
    """Name of the EPCI à fiscalité propre with this SIREN number, if known."""
    return _epci().get(siren)


@functools.cache
def _commune_codes() -> frozenset[str]:
    """The communes' codes alone: what validation needs, read 5 times quicker than _communes()."""
    with gzip.open(DATA_DIR / "communes.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = csv.reader(io.StringIO(f.read()))
        column = next(rows).index("code")
        return frozenset(row[column] for row in rows)


@functools.cache
def _known_codes() -> frozenset[str]:
    return frozenset().union(_commune_codes(), departements(), regions(), _epci())


def is_known_cog_code(code: str) -> bool:
    """Whether ``code`` is a commune, municipal arrondissement, département or région code
    of the COG vintage ``millesime()``, or the SIREN number of an EPCI."""
    return code in _known_codes()


@functools.cache
def neighbours() -> dict[str, tuple[str, ...]]:
    """Département code → codes of the départements bordering it (``voisins.json``, written
    by ``tools/geometry/neighbours.py`` from the shapes; overseas ones have none)."""
    with (DATA_DIR / "voisins.json").open(encoding="utf-8") as f:
        return {code: tuple(found) for code, found in json.load(f)["voisins"].items()}
