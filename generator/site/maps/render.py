"""Maps of the catalogue: national choropleth, locator maps and their shared background.

Pure functions: plain data in, an HTML string out (an inline SVG, valid XML, with no
script and no external request but the shared background file the locator maps point to,
the pins of ``pins`` over it and the list that names them). All text a visitor reads is
French and escaped.

- ``national_map``: every département coloured by its number of innovations, with a
  numbered pin for every territory of the catalogue, linked to its page.
- ``base_map_svg``: the background of the locator maps, written once by the site
  generator to ``assets/carte-fond.svg`` (``BASE_MAP_FILENAME``).
- ``locator_map``: a small map for a sheet or a territory page that draws on top of
  ``<use href="…carte-fond.svg#fond">`` (the background is downloaded once for the whole
  site instead of being inlined in every page) and pins its places by role.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ...french import plural
from ...geo import geodata
from . import pins, projection

BASE_MAP_FILENAME = "carte-fond.svg"
"""File name the site generator gives the output of ``base_map_svg`` (under assets/)."""

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
WIDTH, HEIGHT = projection.VIEWBOX

# Sequential, colour-blind-safe scale (ColorBrewer YlGnBu without its palest step, which
# would be too close to the neutral grey of départements without innovation).
SCALE_COLOURS = ("#a1dab4", "#41b6c4", "#2c7fb8", "#253494", "#081d58")
NEUTRAL = "#e8e8e8"
BACKGROUND_FILL = "#e4e4e4"  # départements on the locator maps
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
    ``role_label`` says the role in words when ``ROLES``' name for it would not be exact
    (« même région » for a "voisin" place of a territory page); the pin keeps the role's style.
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
    role_label: str = ""

    @property
    def role_name(self) -> str:
        return self.role_label or ROLES[self.role].lower()


ROLES: dict[str, str] = {
    "courant": "Ce territoire",
    "origine": "Territoire d’origine",
    "porteur": "Lieu d’un porteur",
    "essaimage": "Site essaimé",
    "voisin": "Territoire voisin",
}
"""Roles of the places of a locator map and their French names, most important first.

"origine" is the sheet's home territory and nothing else: where a carrier is based is a
"porteur" place, so a map never names a home the sheet does not give."""

_ROLE_COLOURS = {  # dark enough for the white number of a pin (contrast >= 4.5)
    "courant": "#1f1f1f",
    "origine": "#b34700",
    "porteur": "#6a3d9a",
    "essaimage": "#005a8c",
    "voisin": "#595959",
}
_ROLE_ORDER = tuple(ROLES)  # rank of a role: lower first in the list, on top on the map


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


# --- Pins ------------------------------------------------------------------------------------


def _pin_position(point: MapPoint, full_view: bool) -> tuple[float, float, str] | None:
    """Where a place's pin goes, in map units, and the frame it belongs to.

    On a map of all France a place of Paris or its inner suburbs is pinned in the
    enlargement, where it can be told from its neighbours; on a zoomed map, where it is.
    """
    positions = _positions(point)
    if not positions:
        return None
    if full_view:
        for x, y, in_zoom in positions:
            if in_zoom:
                return x, y, projection.ZOOM.key
    x, y, _ = positions[0]
    return x, y, projection.frame_for(point.departement).key if full_view else ""


def _detail(point: MapPoint) -> str:
    if point.label:
        return point.label
    return _innovations(point.count) if point.count else ""


# --- National map ----------------------------------------------------------------------

PIN_LIST_HEADING = "Repères de la carte"


def national_map(
    dept_values: dict[str, int],
    points: Sequence[MapPoint],
    *,
    title: str = "Carte des innovations par département",
) -> str:
    """Choropleth of the départements by number of innovations, with a pin per territory.

    ``dept_values`` maps a département code to its number of innovations (missing = 0);
    ``points`` are the catalogue's territories, pinned and listed (``pins``). Returns HTML:
    the SVG (an image: départements are not links, they would be too small to tap), the
    pins over it, the legend and the numbered list of the pins.
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
            if d:
                label = _text(f"{dep.nom} ({code}) : {_innovations(values[code])}")
                items.append(
                    f'<path d="{d}" fill="{colour(values[code])}"><title>{label}</title></path>'
                )
        return items

    uid = _uid("carte-fr", sorted(values.items()), points)
    places = []
    for point in points:
        where = _pin_position(point, full_view=True)
        if where is not None:
            places.append(
                pins.Place(
                    name=point.name,
                    url=point.url,
                    role="territoire",
                    detail=_detail(point),
                    x=where[0],
                    y=where[1],
                    frame=where[2],
                )
            )
    pinned = pins.group(places, pins.min_distance(WIDTH))
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="carte-nationale" role="img" '
        f'aria-labelledby="{uid}-t" aria-describedby="{uid}-d">',
        f'<title id="{uid}-t">{_text(title)}</title>',
        f'<desc id="{uid}-d">{_text(_national_description(values, points))}</desc>',
        _frame_rects(),
        '<g stroke="#fff" stroke-width="0.8" stroke-linejoin="round">',
        *shapes(zoom=False),
        "</g>",
        '<g stroke="#fff" stroke-width="1.2" stroke-linejoin="round">',
        *shapes(zoom=True),
        "</g>",
        _frame_labels(36),
        "</svg>",
    ]
    return (
        '<div class="carte-contenu"><div class="carte-cadre">'
        + "".join(svg)
        + pins.pins_html(pinned, WIDTH, HEIGHT, f"{uid}-r")
        + '</div><div class="carte-cle">'
        + _national_legend(ranges, colours, bool(pinned))
        + (pins.list_html(pinned, f"{uid}-r", PIN_LIST_HEADING) if pinned else "")
        + "</div></div>"
    )


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
        text += " Des repères numérotés situent les territoires du catalogue ; "
        text += "la liste à côté de la carte les nomme."
    return text


def _national_legend(ranges: list[tuple[int, int]], colours: list[str], pinned: bool) -> str:
    """The legend, in HTML text sized like the page's: the classes, then the pins."""
    entries = [("aucune", NEUTRAL)]
    entries += [
        (_range_label(low, high), c) for (low, high), c in zip(ranges, colours, strict=True)
    ]
    out = ['<p class="carte-legende-titre">Nombre d’innovations par département</p>']
    out.append('<ul class="carte-legende">')
    for text, fill in entries:
        out.append(
            f'<li><span class="carte-pastille" style="background:{fill}"></span>{_text(text)}</li>'
        )
    if pinned:
        out.append(
            '<li><span class="carte-pastille repere-num r-territoire"></span>'
            "territoire du catalogue (numéro de la liste)</li>"
        )
    out.append("</ul>")
    return "".join(out)


# --- Shared background and locator maps -----------------------------------------------------


def base_map_svg() -> str:
    """The standalone background SVG of the locator maps (``assets/carte-fond.svg``).

    ``<g id="fond">`` holds every département (``id="d01"``…, and ``id="z75"``… for the
    enlargement of Paris), the inset frames; the inset labels are drawn outside it.
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
    """A small map locating ``places`` on the shared background ``base_href``, as HTML.

    ``base_href`` is the URL of the file written from ``base_map_svg()`` (relative to the
    page, e.g. "../../assets/carte-fond.svg"). The SVG draws the background and highlights
    a département or région place; each place gets a numbered pin styled by its role
    (``ROLES``) and linked to its page, and the list beside the map names the places of
    each pin with their role. With ``zoom``, the map frames the places instead of showing
    all of France.
    """
    for place in places:
        if place.role not in ROLES:
            raise ValueError(f"unknown role {place.role!r} for {place.name!r}: {sorted(ROLES)}")
    located = [(p, _positions(p)) for p in places]
    located = [(p, positions) for p, positions in located if positions]
    vx, vy, vw, vh = _view(located, zoom)
    full_view = (vx, vy, vw, vh) == (0.0, 0.0, float(WIDTH), float(HEIGHT))
    k = _LOCATOR_WIDTH / vw
    map_height = vh * k

    if title is None:
        named = [f"{p.name} ({p.role_name})" for p, _ in located[:6]]
        more = len(located) - len(named)
        title = "Carte de situation : " + (", ".join(named) if named else "aucun lieu")
        if more > 0:
            title += f" et {plural(more, 'autre lieu', 'autres lieux')}"
    uid = _uid("carte-loc", title, [(p.name, p.url, p.role) for p, _ in located], base_href)
    href = _attr(base_href)
    stroke = _num(0.7 / k)  # borders about 0.7 px wide whatever the zoom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_LOCATOR_WIDTH} '
        f'{_num(map_height)}" class="carte-situation" role="img" aria-labelledby="{uid}-t">',
        f'<title id="{uid}-t">{_text(title)}</title>',
        f'<rect width="{_LOCATOR_WIDTH}" height="{_num(map_height)}" fill="#fff"/>',
        f'<svg x="0" y="0" width="{_LOCATOR_WIDTH}" height="{_num(map_height)}" '
        f'viewBox="{_num(vx)} {_num(vy)} {_num(vw)} {_num(vh)}">',
        f'<use href="{href}#fond" fill="{BACKGROUND_FILL}" stroke="#fff" '
        f'stroke-width="{stroke}" stroke-linejoin="round"/>',
    ]
    for role in reversed(_ROLE_ORDER):  # highlighted départements / régions, first on top
        for place, _ in located:
            if place.role != role:
                continue
            for code in _highlighted_departements(place):
                for prefix in ("d", "z"):
                    if prefix == "z" and not geodata.departements()[code].zoom_path:
                        continue
                    out.append(
                        f'<use href="{href}#{prefix}{code}" fill="{_ROLE_COLOURS[role]}" '
                        f'fill-opacity="0.3" stroke="{_ROLE_COLOURS[role]}" '
                        f'stroke-width="{_num(float(stroke) * 2)}"/>'
                    )
    out.append("</svg>")
    if full_view:
        out.append(_frame_labels(12, k, short=True))
    out.append("</svg>")

    pin_places = []
    for place, _ in located:
        where = _pin_position(place, full_view)
        if where is None:
            continue
        px, py = (where[0] - vx) * k, (where[1] - vy) * k
        if not (0 <= px <= _LOCATOR_WIDTH and 0 <= py <= map_height):
            continue
        pin_places.append(
            pins.Place(
                name=place.name,
                url=place.url,
                role=place.role,
                role_label=place.role_name,
                detail=place.label,
                x=px,
                y=py,
                frame=where[2],
                rank=_ROLE_ORDER.index(place.role),
            )
        )
    pinned = pins.group(pin_places, pins.min_distance(_LOCATOR_WIDTH))
    return (
        '<div class="carte-contenu"><div class="carte-cadre">'
        + "".join(out)
        + pins.pins_html(pinned, _LOCATOR_WIDTH, map_height, f"{uid}-r")
        + '</div><div class="carte-cle">'
        + (pins.list_html(pinned, f"{uid}-r", PIN_LIST_HEADING) if pinned else "")
        + "</div></div>"
    )
