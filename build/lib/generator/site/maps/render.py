"""SVG maps of the catalogue: national choropleth, locator maps and their shared background.

Pure functions: plain data in, an SVG string out (inline SVG, valid XML, no script, no
external request but the shared background file the locator maps point to). All text a
visitor reads is French and XML-escaped.

- ``national_map``: every département coloured by its number of innovations, linked to its
  page, with the point territories (communes, EPCI…) drawn as circles on top.
- ``base_map_svg``: the background of the locator maps, written once by the site
  generator to ``assets/carte-fond.svg`` (``BASE_MAP_FILENAME``).
- ``locator_map``: a small map for a sheet or a territory page that draws its places on
  top of ``<use href="…carte-fond.svg#fond">``, so that the background is downloaded once
  for the whole site instead of being inlined in every page.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ...french import plural
from ...geo import geodata
from . import projection

BASE_MAP_FILENAME = "carte-fond.svg"
"""File name the site generator gives the output of ``base_map_svg`` (under assets/)."""

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
WIDTH, HEIGHT = projection.VIEWBOX

# Sequential, colour-blind-safe scale (ColorBrewer YlGnBu without its palest step, which
# would be too close to the neutral grey of départements without innovation).
SCALE_COLOURS = ("#a1dab4", "#41b6c4", "#2c7fb8", "#253494", "#081d58")
NEUTRAL = "#e8e8e8"
BACKGROUND_FILL = "#e4e4e4"  # départements on the locator maps
POINT_COLOUR = "#d55e00"  # vermillion (Okabe-Ito): stands out from the blue scale
FRAME_STROKE = "#8c8c8c"
TEXT_COLOUR = "#1f1f1f"
_CHAR_WIDTH = 0.56  # average advance of a character of a sans-serif font, in ems


@dataclass(frozen=True, kw_only=True)
class MapPoint:
    """A place to draw on a map.

    ``role`` is one of ``ROLES`` (used by ``locator_map``; ``national_map`` draws every
    point alike). ``label`` completes the tooltip (a year, "3 innovations"…). A place
    without ``lon``/``lat`` is drawn at the centroid of its ``departement``. ``kind``
    tells what the place is: "point" (commune, EPCI…: a marker), "departement" or
    "region" (``region`` then holds the région code): the locator map also highlights the
    outline of the département(s). ``count`` is the number of innovations of the place.
    """

    name: str
    url: str
    role: str
    label: str = ""
    departement: str
    lon: float | None = None
    lat: float | None = None
    count: int = 0
    kind: str = "point"
    region: str = ""


ROLES: dict[str, str] = {
    "origine": "Territoire d’origine",
    "essaimage": "Essaimage",
    "courant": "Ce territoire",
    "voisin": "Innovation voisine",
}
"""Roles of the places of a locator map and their French legend."""

_ROLE_COLOURS = {  # Okabe-Ito palette, safe for colour-blind readers
    "origine": "#d55e00",
    "essaimage": "#0072b2",
    "courant": "#000000",
    "voisin": "#6e6e6e",
}
_ROLE_ORDER = ("voisin", "essaimage", "origine", "courant")  # drawing order: last on top


# --- Helpers ---------------------------------------------------------------------------


def _text(value: object) -> str:
    """Escape text for XML content."""
    return escape(str(value))


def _attr(value: object) -> str:
    """Escape text for a double-quoted XML attribute."""
    return escape(str(value), {'"': "&quot;", "\n": "&#10;"})


def _num(value: float) -> str:
    """Format a coordinate with at most one decimal."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _innovations(count: int) -> str:
    return plural(count, "innovation")


def _uid(prefix: str, *parts: object) -> str:
    """A stable id for the title of a map, distinct for maps of different content."""
    digest = hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{prefix}-{digest}"


def _positions(point: MapPoint) -> list[tuple[float, float, bool]]:
    """Where a place is drawn: (x, y, in_zoom) in the map's SVG coordinates.

    The first position is in the primary frame; a place of Paris or its inner suburbs
    gets a second one in the enlargement. Empty if the place cannot be located.
    """
    deps = geodata.departements()
    dep = deps.get(point.departement)
    if point.kind == "region" and point.region in geodata.region_centroids():
        x, y = geodata.region_centroids()[point.region]
        return [(x, y, False)]
    if point.lon is not None and point.lat is not None and point.kind == "point":
        result = [(*projection.project(point.lon, point.lat, point.departement), False)]
        zoom = projection.zoom_frame_for(point.departement)
        if zoom is not None:
            result.append((*zoom.project(point.lon, point.lat), True))
        return result
    if dep is None:
        return []
    result = [(*dep.centroid, False)]
    if dep.zoom_centroid is not None:
        result.append((*dep.zoom_centroid, True))
    return result


def _highlighted_departements(point: MapPoint) -> list[str]:
    if point.kind == "departement" and point.departement in geodata.departements():
        return [point.departement]
    if point.kind == "region":
        return geodata.departements_of_region(point.region)
    return []


def _frame_rects(stroke_width: float = 1.2) -> str:
    """The rectangles around the insets."""
    rects = []
    for frame in projection.inset_frames():
        assert frame.box is not None
        x, y, w, h = frame.box
        rects.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>')
    return (
        f'<g fill="none" stroke="{FRAME_STROKE}" stroke-width="{stroke_width}">'
        + "".join(rects)
        + "</g>"
    )


def _frame_labels(
    size: float, scale: float = 1.0, offset: tuple[float, float] = (0, 0), short: bool = False
) -> str:
    """The French labels of the insets, centred in the label band of each box.

    ``size`` is the font size in the coordinates of the SVG drawn, reduced for a label
    that would not fit its box; ``scale``/``offset`` map the map's coordinates to those
    coordinates; ``short`` writes the one-line short labels (small maps).
    """
    texts = []
    for frame in projection.inset_frames():
        assert frame.box is not None
        x, y, w, h = frame.box
        lines = [frame.short] if short else frame.label_lines
        longest = max(len(line) for line in lines)
        font = min(size, (w - 12) * scale / (longest * _CHAR_WIDTH))
        band = frame.label_height * scale
        line_height = band / len(lines)
        for k, line in enumerate(lines):
            cx = (x + w / 2) * scale + offset[0]
            bottom = (y + h) * scale + offset[1]
            baseline = bottom - band + line_height * (k + 0.5) + font * 0.35
            texts.append(
                f'<text x="{_num(cx)}" y="{_num(baseline)}"'
                + (f' font-size="{_num(font)}"' if font < size else "")
                + f">{_text(line)}</text>"
            )
    return (
        f'<g font-family="{_attr(FONT)}" font-size="{_num(size)}" fill="{TEXT_COLOUR}" '
        f'text-anchor="middle">' + "".join(texts) + "</g>"
    )


# --- Classes of the choropleth ------------------------------------------------------------

_NICE = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)


def _nice_ceiling(value: float) -> int:
    """The smallest 'round' number (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20…) >= value."""
    magnitude = 1
    while True:
        for n in _NICE[:-1]:
            if n * magnitude >= value:
                return n * magnitude
        magnitude *= 10


def class_ranges(values: Iterable[int], max_classes: int = 5) -> list[tuple[int, int]]:
    """Split the positive values into at most ``max_classes`` contiguous ranges (inclusive).

    Few distinct values get one class each; otherwise the upper bounds are quantiles
    rounded up to round numbers. Zero is not in any class (drawn neutral).
    """
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    distinct = sorted(set(positive))
    if len(distinct) <= max_classes:
        uppers = distinct
    else:
        uppers = []
        for k in range(1, max_classes):
            q = positive[min(len(positive) - 1, math.ceil(k * len(positive) / max_classes) - 1)]
            bound = min(_nice_ceiling(q), positive[-1])
            if not uppers or bound > uppers[-1]:
                uppers.append(bound)
        if uppers[-1] < positive[-1]:
            uppers.append(positive[-1])
    ranges = []
    lower = 1
    for upper in uppers:
        ranges.append((lower, upper))
        lower = upper + 1
    return ranges


def _class_colours(n: int) -> list[str]:
    picks = {1: [2], 2: [1, 3], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4]}[n]
    return [SCALE_COLOURS[i] for i in picks]


def _range_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} à {high}"


# --- National map ----------------------------------------------------------------------

_LEGEND_FONT = 38  # SVG units: about 12 px when the map is 390 px wide
_LEGEND_ROW = 58


def national_map(
    dept_values: dict[str, int],
    dept_links: dict[str, str],
    points: Sequence[MapPoint],
    *,
    title: str = "Carte des innovations par département",
) -> str:
    """Choropleth of the départements by number of innovations, with point territories.

    ``dept_values`` maps a département code to its number of innovations (missing = 0);
    ``dept_links`` maps a code to the URL of its page (a département without link is not
    clickable); ``points`` are drawn as linked circles, sized by ``count``.
    """
    deps = geodata.departements()
    values = {code: max(0, int(dept_values.get(code, 0))) for code in deps}
    ranges = class_ranges(values.values())
    colours = _class_colours(len(ranges)) if ranges else []

    def colour(value: int) -> str:
        for (low, high), c in zip(ranges, colours, strict=True):
            if low <= value <= high:
                return c
        return NEUTRAL

    def shapes(zoom: bool) -> list[str]:
        items = []
        for code, dep in deps.items():
            d = dep.zoom_path if zoom else dep.path
            if not d:
                continue
            label = _text(f"{dep.nom} ({code}) : {_innovations(values[code])}")
            fill = colour(values[code])
            link = dept_links.get(code)
            if link:
                # the copy in the enlargement is a duplicate: out of the tab order
                focus = ' tabindex="-1"' if zoom else ""
                items.append(
                    f'<a href="{_attr(link)}"{focus}><title>{label}</title>'
                    f'<path d="{d}" fill="{fill}"/></a>'
                )
            else:
                items.append(f'<path d="{d}" fill="{fill}"><title>{label}</title></path>')
        return items

    circles: list[str] = []
    for point in sorted(points, key=lambda p: -p.count):  # small circles on top
        r = min(18.0, 6.0 + 2.5 * math.sqrt(max(point.count, 1)))
        label = point.name
        if point.label:
            label += f" : {point.label}"
        elif point.count:
            label += f" : {_innovations(point.count)}"
        for x, y, in_zoom in _positions(point):
            circle = f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}">'
            if point.url:
                hidden = ' tabindex="-1" aria-hidden="true"' if in_zoom else ""
                circles.append(
                    f'<a href="{_attr(point.url)}"{hidden}><title>{_text(label)}</title>'
                    f"{circle.replace('>', '/>')}</a>"
                )
            else:
                circles.append(f"{circle}<title>{_text(label)}</title></circle>")

    uid = _uid("carte-fr", sorted(values.items()), sorted(dept_links.items()), points)
    height = HEIGHT + _legend_height(1 + len(ranges), bool(circles))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="carte carte-nationale" role="group" '
        f'aria-labelledby="{uid}-t" aria-describedby="{uid}-d">',
        f'<title id="{uid}-t">{_text(title)}</title>',
        f'<desc id="{uid}-d">{_text(_national_description(values, points))}</desc>',
        "<style>.carte-nationale a:hover>path,.carte-nationale a:focus>path"
        "{stroke:#000;stroke-width:2.5}.carte-nationale a:hover>circle,"
        ".carte-nationale a:focus>circle{stroke:#000;stroke-width:3}</style>",
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
        _frame_rects(),
        '<g stroke="#fff" stroke-width="0.8" stroke-linejoin="round">',
        *shapes(zoom=False),
        "</g>",
        '<g stroke="#fff" stroke-width="1.2" stroke-linejoin="round" aria-hidden="true">',
        *shapes(zoom=True),
        "</g>",
        _frame_labels(32),
    ]
    if circles:
        out.append(
            f'<g fill="{POINT_COLOUR}" fill-opacity="0.9" stroke="#fff" stroke-width="2">'
            + "".join(circles)
            + "</g>"
        )
    out.append(_national_legend(ranges, colours, bool(circles)))
    out.append("</svg>")
    return "".join(out)


def _national_description(values: dict[str, int], points: Sequence[MapPoint]) -> str:
    deps = geodata.departements()
    with_values = sorted(
        (code for code, v in values.items() if v > 0), key=lambda c: (-values[c], c)
    )
    if not with_values:
        text = "Aucun département n’a encore d’innovation."
    else:
        top = ", ".join(f"{deps[c].nom} ({values[c]})" for c in with_values[:5])
        text = (
            f"Nombre d’innovations par département : {len(with_values)} départements sur "
            f"{len(deps)} en comptent au moins une. Les plus nombreuses : {top}."
        )
    if points:
        text += f" Les cercles figurent {len(points)} territoires plus petits (communes, "
        text += "intercommunalités…)."
    return text


def _national_legend(ranges: list[tuple[int, int]], colours: list[str], points: bool) -> str:
    """Legend band under the map: a title, then the classes in a three-column grid.

    Sized to stay legible when the map is shown 390 px wide (about 12 px text).
    """
    size = _LEGEND_FONT
    row = _LEGEND_ROW
    swatch = size + 4
    column = (WIDTH - 24) / 3
    y = HEIGHT + 10
    out = [
        f'<g font-family="{_attr(FONT)}" font-size="{size}" fill="{TEXT_COLOUR}">',
        f'<text x="12" y="{_num(y + size)}" font-weight="bold">'
        f"Nombre d’innovations par département</text>",
    ]
    y += row
    entries = [("aucune", NEUTRAL)]
    entries += [
        (_range_label(low, high), c) for (low, high), c in zip(ranges, colours, strict=True)
    ]
    for n, (text, fill) in enumerate(entries):
        x = 12 + column * (n % 3)
        top = y + row * (n // 3)
        out.append(
            f'<rect x="{_num(x)}" y="{_num(top)}" width="{swatch}" height="{swatch}" '
            f'fill="{fill}" stroke="#767676" stroke-width="1.5"/>'
            f'<text x="{_num(x + swatch + 12)}" y="{_num(top + swatch - 8)}">{_text(text)}</text>'
        )
    if points:
        top = y + row * ((len(entries) + 2) // 3)
        r = swatch / 2
        out.append(
            f'<circle cx="{_num(12 + r)}" cy="{_num(top + r)}" r="{_num(r - 2)}" '
            f'fill="{POINT_COLOUR}" stroke="#fff" stroke-width="2"/>'
            f'<text x="{_num(12 + swatch + 12)}" y="{_num(top + swatch - 8)}">'
            f"Commune, intercommunalité…</text>"
        )
    out.append("</g>")
    return "".join(out)


def _legend_height(n_entries: int, points: bool) -> int:
    rows = 1 + (n_entries + 2) // 3 + (1 if points else 0)
    return 10 + rows * _LEGEND_ROW + 10


# --- Shared background and locator maps -----------------------------------------------------


def base_map_svg() -> str:
    """The standalone background SVG of the locator maps (``assets/carte-fond.svg``).

    ``<g id="fond">`` holds every département (``id="d01"``…, and ``id="z75"``… for the
    enlargement of Paris) and the inset frames, without fill or stroke of its own, so
    that ``<use>`` sets them; a département can be highlighted with
    ``<use href="carte-fond.svg#d79" fill="…">``.
    """
    deps = geodata.departements()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="fond-t" '
        f'fill="{BACKGROUND_FILL}" stroke="#fff" stroke-width="0.8" stroke-linejoin="round">',
        '<title id="fond-t">Fond de carte : départements de France</title>',
        '<g id="fond">',
    ]
    for code, dep in deps.items():
        out.append(f'<path id="d{code}" d="{dep.path}"/>')
    for code, dep in deps.items():
        if dep.zoom_path:
            out.append(f'<path id="z{code}" d="{dep.zoom_path}"/>')
    out.append(_frame_rects())
    out.append("</g>")
    out.append(_frame_labels(32))
    out.append("</svg>")
    return "\n".join(out) + "\n"


_LOCATOR_WIDTH = 360  # SVG units of a locator map: about CSS pixels at its usual size
_LOCATOR_ROW = 22
_LOCATOR_FONT = 14


def _star(cx: float, cy: float, r: float) -> str:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.pi / 2 + k * math.pi / 5
        points.append(
            f"{_num(cx + radius * math.cos(angle))},{_num(cy - radius * math.sin(angle))}"
        )
    return f'<polygon points="{" ".join(points)}"/>'


def _marker(role: str, x: float, y: float) -> str:
    """The marker of a role, centred on (x, y), in locator units."""
    colour = _ROLE_COLOURS[role]
    if role == "origine":
        return (
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="7.5" fill="{colour}" '
            f'stroke="#fff" stroke-width="2"/>'
        )
    if role == "essaimage":
        s = 7.5
        return (
            f'<path d="M{_num(x)} {_num(y - s)}l{s} {s}l-{s} {s}l-{s}-{s}z" fill="{colour}" '
            f'stroke="#fff" stroke-width="1.5"/>'
        )
    if role == "courant":
        return _star(x, y, 10).replace(
            "<polygon ", f'<polygon fill="{colour}" stroke="#fff" stroke-width="1.5" '
        )
    return (
        f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4.5" fill="#fff" stroke="{colour}" '
        f'stroke-width="2"/>'
    )


def _view(
    places: Sequence[tuple[MapPoint, list[tuple[float, float, bool]]]], zoom: bool
) -> tuple[float, float, float, float]:
    """The part of the map to show: all of it, or around the places if ``zoom``."""
    full = (0.0, 0.0, float(WIDTH), float(HEIGHT))
    if not zoom:
        return full
    xs = [x for _, positions in places for x, _, in_zoom in positions[:1] if not in_zoom]
    ys = [y for _, positions in places for _, y, in_zoom in positions[:1] if not in_zoom]
    if not xs:
        return full
    min_w = 260.0  # about 260 km in metropolitan France
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    w = max(min_w, (x1 - x0) * 1.3)
    h = max(w * HEIGHT / WIDTH, (y1 - y0) * 1.3)
    w = max(w, h * WIDTH / HEIGHT)
    if w >= WIDTH or h >= HEIGHT:
        return full
    vx = min(max(0.0, (x0 + x1 - w) / 2), WIDTH - w)
    vy = min(max(0.0, (y0 + y1 - h) / 2), HEIGHT - h)
    return vx, vy, w, h


def locator_map(
    places: Sequence[MapPoint],
    base_href: str,
    *,
    title: str | None = None,
    zoom: bool = False,
) -> str:
    """A small map locating ``places`` on the shared background ``base_href``.

    ``base_href`` is the URL of the file written from ``base_map_svg()`` (relative to the
    page, e.g. "../../assets/carte-fond.svg"). Each place is a marker shaped and coloured
    by its role (``ROLES``), linked to its URL, with a tooltip giving its name, role and
    label; a département or région is also highlighted. A legend lists the roles drawn.
    With ``zoom``, the map frames the places instead of showing all of France.
    """
    for place in places:
        if place.role not in ROLES:
            raise ValueError(f"unknown role {place.role!r} for {place.name!r}: {sorted(ROLES)}")
    located = [(p, _positions(p)) for p in places]
    located = [(p, positions) for p, positions in located if positions]
    vx, vy, vw, vh = _view(located, zoom)
    k = _LOCATOR_WIDTH / vw
    map_height = vh * k
    roles = [r for r in ROLES if any(p.role == r for p, _ in located)]
    legend_height = _LOCATOR_ROW * len(roles) + (8 if roles else 0)
    height = map_height + legend_height

    if title is None:
        named = [f"{p.name} ({ROLES[p.role].lower()})" for p, _ in located[:6]]
        more = len(located) - len(named)
        title = "Carte de situation : " + (", ".join(named) if named else "aucun lieu")
        if more > 0:
            title += f" et {plural(more, 'autre lieu', 'autres lieux')}"
    uid = _uid("carte-loc", title, [(p.name, p.url, p.role) for p, _ in located], base_href)
    has_links = any(p.url for p, _ in located)
    href = _attr(base_href)
    stroke = _num(0.7 / k)  # borders about 0.7 px wide whatever the zoom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_LOCATOR_WIDTH} '
        f'{_num(height)}" class="carte carte-situation" '
        f'role="{"group" if has_links else "img"}" aria-labelledby="{uid}-t">',
        f'<title id="{uid}-t">{_text(title)}</title>',
        "<style>.carte-situation a:hover>*:last-child,.carte-situation a:focus>*:last-child"
        "{stroke:#000;stroke-width:2.5}</style>",
        f'<rect width="{_LOCATOR_WIDTH}" height="{_num(height)}" fill="#fff"/>',
        f'<svg x="0" y="0" width="{_LOCATOR_WIDTH}" height="{_num(map_height)}" '
        f'viewBox="{_num(vx)} {_num(vy)} {_num(vw)} {_num(vh)}" aria-hidden="true">',
        f'<use href="{href}#fond" fill="{BACKGROUND_FILL}" stroke="#fff" '
        f'stroke-width="{stroke}" stroke-linejoin="round"/>',
    ]
    for role in _ROLE_ORDER:  # highlighted départements / régions
        for place, _ in located:
            if place.role != role:
                continue
            for code in _highlighted_departements(place):
                for prefix in ("d", "z"):
                    if prefix == "z" and not geodata.departements()[code].zoom_path:
                        continue
                    out.append(
                        f'<use href="{href}#{prefix}{code}" fill="{_ROLE_COLOURS[role]}" '
                        f'fill-opacity="0.35" stroke="{_ROLE_COLOURS[role]}" '
                        f'stroke-width="{_num(float(stroke) * 2)}"/>'
                    )
    out.append("</svg>")
    if not zoom or (vx, vy, vw, vh) == (0.0, 0.0, float(WIDTH), float(HEIGHT)):
        out.append(_frame_labels(11, k, (-vx * k, -vy * k), short=True))

    for role in _ROLE_ORDER:
        for place, positions in located:
            if place.role != role:
                continue
            tooltip = f"{place.name} : {ROLES[role].lower()}"
            if place.label:
                tooltip += f", {place.label}"
            for x, y, in_zoom in positions:
                px, py = (x - vx) * k, (y - vy) * k
                if not (0 <= px <= _LOCATOR_WIDTH and 0 <= py <= map_height):
                    continue
                marker = _marker(role, px, py)
                hidden = ' tabindex="-1" aria-hidden="true"' if in_zoom else ""
                if place.url:
                    out.append(
                        f'<a href="{_attr(place.url)}"{hidden}><title>{_text(tooltip)}</title>'
                        f"{marker}</a>"
                    )
                else:
                    out.append(f"<g><title>{_text(tooltip)}</title>{marker}</g>")

    if roles:
        out.append(
            f'<g font-family="{_attr(FONT)}" font-size="{_LOCATOR_FONT}" fill="{TEXT_COLOUR}">'
        )
        out.append(
            f'<line x1="0" y1="{_num(map_height)}" x2="{_LOCATOR_WIDTH}" y2="{_num(map_height)}" '
            f'stroke="#d0d0d0"/>'
        )
        for n, role in enumerate(roles):
            cy = map_height + 4 + _LOCATOR_ROW * n + _LOCATOR_ROW / 2
            out.append(_marker(role, 16, cy))
            out.append(f'<text x="34" y="{_num(cy + 5)}">{_text(ROLES[role])}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
