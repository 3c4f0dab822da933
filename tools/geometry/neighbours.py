"""Which départements share a border, computed from the committed shapes (pure Python).

Run by ``build_geometry.py`` after it writes ``departements.json``, or on its own, offline,
from the committed file (the source data of the geometry builder need not be reachable)::

    .venv/bin/python tools/geometry/neighbours.py

Writes ``generator/geo/data/voisins.json``; the site only reads it (``geodata.neighbours``).

Algorithm. The shapes were simplified together so that neighbours keep one shared border:
both sides of a border carry the same vertices, up to rounding to integer SVG units. Two
départements are neighbours when at least ``MIN_SHARED`` distinct vertices of one lie within
``TOLERANCE`` SVG units of a vertex of the other. ``MIN_SHARED`` is 1: simplification
reduces the shortest real borders (Bouches-du-Rhône and Alpes-de-Haute-Provence, Var and
Vaucluse) to a single shared vertex, and requiring two loses them. Vertices
are put in a grid of ``TOLERANCE``-wide cells so that each is compared only with the vertices
of its own and the eight surrounding cells (linear in the number of vertices). Only the
shapes of the main frame are used (not the enlargement of Paris), so départements drawn in
separate insets (overseas) never touch another.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.site.maps.pathdata import decode_path  # noqa: E402

DATA = ROOT / "generator" / "geo" / "data"
TOLERANCE = 1.0  # SVG units (about 1 km in metropolitan France)
MIN_SHARED = 1  # vertices (see above)


def neighbours(
    paths: dict[str, str], tolerance: float = TOLERANCE, min_shared: int = MIN_SHARED
) -> dict[str, list[str]]:
    """{code: sorted codes of the shapes sharing a border with it}, from SVG path data."""
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    points: dict[str, set[tuple[float, float]]] = {}
    for code, d in paths.items():
        points[code] = {p for ring in decode_path(d) for p in ring}
        for x, y in points[code]:
            grid[(math.floor(x / tolerance), math.floor(y / tolerance))].append((code, x, y))
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for code, own in points.items():
        for x, y in own:
            cx, cy = math.floor(x / tolerance), math.floor(y / tolerance)
            near = {
                other
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for other, ox, oy in grid.get((cx + dx, cy + dy), ())
                if other != code and math.hypot(ox - x, oy - y) <= tolerance
            }
            for other in near:
                shared[(code, other)] += 1
    result: dict[str, list[str]] = {code: [] for code in paths}
    for (code, other), count in shared.items():
        # both ways, so that the relation is symmetric whatever the vertex counts
        if count >= min_shared and shared.get((other, code), 0) >= min_shared:
            result[code].append(other)
    return {code: sorted(found) for code, found in sorted(result.items())}


def write_neighbours(data_dir: Path = DATA) -> Path:
    """Read ``departements.json`` in ``data_dir``, write ``voisins.json`` beside it."""
    document = json.loads((data_dir / "departements.json").read_text(encoding="utf-8"))
    paths = {entry["code"]: entry["d"] for entry in document["departements"]}
    out = {
        "methode": (
            f"Départements dont au moins {MIN_SHARED} sommets du contour sont à moins de "
            f"{TOLERANCE:g} unité SVG l’un de l’autre (tools/geometry/neighbours.py)."
        ),
        "projection": document["projection"],
        "voisins": neighbours(paths),
    }
    path = data_dir / "voisins.json"
    path.write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")).replace('],"', '],\n"') + "\n",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    written = write_neighbours()
    print(f"wrote {written.relative_to(ROOT)}")
