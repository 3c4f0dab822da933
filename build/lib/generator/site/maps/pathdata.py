"""Compact SVG path data for polygons with integer coordinates, and the way back.

The shapes of ``generator/geo/data/departements.json`` are stored as ready-to-use SVG path
data: one absolute ``M`` per file, then relative commands (``l``, ``h``, ``v``, ``m``)
between integer points, each ring closed by ``z``. Pure Python, no dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Point = tuple[float, float]
Ring = list[Point]

_TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _join(numbers: Iterable[int]) -> str:
    """Join numbers the SVG way: a minus sign needs no separator before it."""
    out: list[str] = []
    for n in numbers:
        s = str(n)
        if out and not s.startswith("-"):
            out.append(" ")
        out.append(s)
    return "".join(out)


def encode_path(rings: Sequence[Sequence[tuple[int, int]]]) -> str:
    """Encode closed rings of integer points as compact relative SVG path data.

    A ring may repeat its first point at the end; consecutive duplicates are dropped.
    Rings left with fewer than three distinct points are skipped.
    """
    parts: list[str] = []
    start: tuple[int, int] | None = None  # current point after the previous "z"
    for raw in rings:
        ring: list[tuple[int, int]] = []
        for x, y in raw:
            p = (int(x), int(y))
            if not ring or ring[-1] != p:
                ring.append(p)
        if len(ring) > 1 and ring[-1] == ring[0]:
            ring.pop()
        if len(ring) < 3:
            continue
        x0, y0 = ring[0]
        if start is None:
            parts.append("M" + _join((x0, y0)))
        else:
            parts.append("m" + _join((x0 - start[0], y0 - start[1])))
        start = (x0, y0)
        mode = ""
        px, py = x0, y0
        for x, y in ring[1:]:
            dx, dy = x - px, y - py
            if dy == 0:
                parts.append("h" + str(dx))
                mode = "h"
            elif dx == 0:
                parts.append("v" + str(dy))
                mode = "v"
            elif mode == "l":
                parts.append(("" if dx < 0 else " ") + _join((dx, dy)))
            else:
                parts.append("l" + _join((dx, dy)))
                mode = "l"
            px, py = x, y
        parts.append("z")
    return "".join(parts)


def decode_path(d: str) -> list[Ring]:
    """Decode SVG path data made of M/L/H/V/Z commands (absolute or relative) into rings.

    Curves are not supported: shapes here are polygons.
    """
    tokens = _TOKEN.findall(d)
    rings: list[Ring] = []
    ring: Ring = []
    cmd = ""
    x = y = 0.0
    sx = sy = 0.0
    i = 0

    def number() -> float:
        nonlocal i
        value = float(tokens[i])
        i += 1
        return value

    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "Zz":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = sx, sy
                continue
        elif not cmd or cmd in "Zz":
            raise ValueError(f"number without command in path data at token {i}")
        if cmd in "Mm":
            if ring:
                rings.append(ring)
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            sx, sy = x, y
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"  # following pairs are line-tos
        elif cmd in "Ll":
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if cmd == "l" else (dx, dy)
            ring.append((x, y))
        elif cmd in "Hh":
            v = number()
            x = x + v if cmd == "h" else v
            ring.append((x, y))
        elif cmd in "Vv":
            v = number()
            y = y + v if cmd == "v" else v
            ring.append((x, y))
        else:
            raise ValueError(f"unsupported path command {cmd!r}")
    if ring:
        rings.append(ring)
    return rings


def point_in_rings(x: float, y: float, rings: Iterable[Sequence[Point]]) -> bool:
    """Even-odd point-in-polygon test over all rings (ray casting)."""
    inside = False
    for ring in rings:
        n = len(ring)
        for k in range(n):
            x1, y1 = ring[k]
            x2, y2 = ring[(k + 1) % n]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def ring_area(ring: Sequence[Point]) -> float:
    """Signed area of a ring (shoelace formula)."""
    n = len(ring)
    return 0.5 * sum(
        ring[k][0] * ring[(k + 1) % n][1] - ring[(k + 1) % n][0] * ring[k][1] for k in range(n)
    )


def bbox(rings: Iterable[Sequence[Point]]) -> tuple[float, float, float, float]:
    """Bounding box (min x, min y, max x, max y) of rings."""
    xs: list[float] = []
    ys: list[float] = []
    for ring in rings:
        for x, y in ring:
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)
