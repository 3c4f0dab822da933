"""Numbered pins laid over an SVG map, big enough to tap, and the list that names them.

A pin is an HTML link placed over the map in percentages of its frame, with a size in CSS
pixels (``assets/catalogue.css``, class ``repere``): it stays ``PIN_PX`` wide whatever the width
of the map, so it meets WCAG 2.5.8 (targets of at least 24 × 24 CSS px) on a phone and at a
desk. Places closer than a pin's width on a small phone share one pin; the list beside the
map gives each pin's number and names every place, so a reader who cannot hover sees which
is which. Pure functions: plain data in, HTML strings out, every text escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

PIN_PX = 26
"""Width and height of a pin in CSS pixels (kept in step with ``.repere`` in catalogue.css)."""

SPACING_PX = 28
"""Least distance between two pin centres, in CSS pixels, on the narrowest map."""

NARROW_MAP_PX = 354
"""Width of a map on a 390 px wide phone (the figure fills the text column); on a 360 px
phone pins are still 25 px apart."""


@dataclass(frozen=True, kw_only=True)
class Place:
    """A place to pin: its name, page, role and position in the map's view.

    ``x``/``y`` are in the units of the view (0…``width``, 0…``height`` given to
    ``pins_html``); ``role`` names the pin's style (``r-<role>``) and ``role_label``
    says it in French ("territoire d’origine"); ``detail`` completes it ("depuis 2015").
    ``frame`` keeps places of different insets from sharing a pin; ``rank`` orders roles
    (lower first: it also picks the style of a shared pin).
    """

    name: str
    url: str
    role: str
    role_label: str = ""
    detail: str = ""
    x: float
    y: float
    frame: str = ""
    rank: int = 0

    @property
    def description(self) -> str:
        """Name, then role and detail in brackets: « Parthenay (territoire d’origine) »."""
        extra = ", ".join(part for part in (self.role_label, self.detail) if part)
        return f"{self.name} ({extra})" if extra else self.name


@dataclass(frozen=True)
class Pin:
    """One numbered pin: its places (first is the most important), at their mean position."""

    number: int
    x: float
    y: float
    places: tuple[Place, ...]

    @property
    def role(self) -> str:
        return self.places[0].role


def min_distance(view_width: float) -> float:
    """The least distance between two pins, in view units, for a view ``view_width`` wide."""
    return SPACING_PX * view_width / NARROW_MAP_PX


def _key(place: Place) -> tuple[int, str, str]:
    return (place.rank, place.name.casefold(), place.url)


def group(places: Sequence[Place], distance: float) -> list[Pin]:
    """Gather places into pins at least ``distance`` apart, numbered from 1.

    Places are taken in role order: each joins the first pin of its frame whose seed place is
    closer than ``distance`` (a grid of cells that wide finds it), else starts a pin. Then
    pins whose mean positions came closer than ``distance`` merge until none do. Seeds are
    at least ``distance`` apart, so the map's area bounds the number of pins: the work grows
    linearly with the number of places. Pins are numbered in the order of their first place.
    """
    groups: list[list[Place]] = []
    cells: dict[tuple[str, int, int], list[int]] = {}
    for place in sorted(places, key=_key):
        cx, cy = int(place.x // distance), int(place.y // distance)
        found = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for index in cells.get((place.frame, cx + dx, cy + dy), []):
                    seed = groups[index][0]
                    if math.dist((seed.x, seed.y), (place.x, place.y)) < distance:
                        found = index if found is None else min(found, index)
        if found is None:
            cells.setdefault((place.frame, cx, cy), []).append(len(groups))
            groups.append([place])
        else:
            groups[found].append(place)

    def centre(members: list[Place]) -> tuple[float, float]:
        return (
            sum(p.x for p in members) / len(members),
            sum(p.y for p in members) / len(members),
        )

    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if groups[i][0].frame != groups[j][0].frame:
                    continue
                if math.dist(centre(groups[i]), centre(groups[j])) < distance:
                    groups[i] = sorted(groups[i] + groups[j], key=_key)
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    groups = [sorted(g, key=_key) for g in groups]
    groups.sort(key=lambda g: _key(g[0]))
    return [Pin(n, *centre(g), tuple(g)) for n, g in enumerate(groups, start=1)]


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _percent(value: float) -> str:
    return f"{round(value * 100, 2):g}%"


def pin_name(pin: Pin) -> str:
    """What the pin says to assistive technologies, after its visible number."""
    if len(pin.places) == 1:
        return pin.places[0].description
    return " ; ".join(p.description for p in pin.places)


def pins_html(pins: Sequence[Pin], width: float, height: float, list_id: str) -> str:
    """The pins as links over a frame of ``width`` × ``height`` view units.

    A pin of one place opens its page; a shared pin opens its entry in the list
    (``list_id``-<number>). A place without a page gives a pin that is not a link.
    """
    out = []
    for pin in pins:
        style = f"--x:{_percent(pin.x / width)};--y:{_percent(pin.y / height)}"
        name = pin_name(pin)
        hidden = f'<span class="carte-lecteur"> : {escape(name)}</span>'
        if len(pin.places) == 1:
            href = pin.places[0].url
        else:
            href = f"#{list_id}-{pin.number}"
            hidden = hidden.replace("</span>", " (voir la liste)</span>")
        classes = f"repere r-{pin.role}"
        if href:
            out.append(
                f'<a class="{classes}" href="{_attr(href)}" style="{style}" '
                f'title="{_attr(name)}">{pin.number}{hidden}</a>'
            )
        else:
            out.append(f'<span class="{classes}" style="{style}">{pin.number}{hidden}</span>')
    return "".join(out)


def list_html(pins: Sequence[Pin], list_id: str, heading: str) -> str:
    """The numbered list of the pins: each number, then every place it stands for, linked."""
    out = [f'<p class="reperes-titre" id="{list_id}">{escape(heading)}</p>']
    out.append(f'<ol class="reperes" aria-labelledby="{list_id}">')
    for pin in pins:
        entries = []
        for place in pin.places:
            name = escape(place.name)
            link = f'<a href="{_attr(place.url)}">{name}</a>' if place.url else name
            extra = ", ".join(part for part in (place.role_label, place.detail) if part)
            if extra:
                link += f' <span class="repere-role">({escape(extra)})</span>'
            entries.append(f"<span>{link}</span>")
        out.append(
            f'<li id="{list_id}-{pin.number}"><span class="repere-num r-{pin.role}" '
            f'aria-hidden="true">{pin.number}</span><span class="reperes-lieux">'
            f"{''.join(entries)}</span></li>"
        )
    out.append("</ol>")
    return "".join(out)
