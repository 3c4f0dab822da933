"""Static SVG horizontal bar charts, readable without JavaScript, from 320 px wide up.

Layout: each bar has its label on its own line above it, so that long French labels never run
into the bars on a phone, and its value written just after its end. The SVG has no viewBox:
text keeps its real size at any width (the chart is 100 % of the column wide) while bars are
drawn in percentages of that width, at most BAR_MAX %, so the value always fits after the bar.

The chart is an image (`role="img"`) whose title says every value; the page puts the same data
in a table next to it, with links (RGAA: a complex image has a detailed text alternative).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_MAX = 78.0  # % of the width for the longest bar; the rest is for its value
FONT_SIZE = 14
LINE = 18  # height of one label line
BAR = 16
GAP = 14  # space after a bar, before the next label
WRAP = 40  # characters per label line (about 300 px at 14 px)
INK = "#1f2b33"
FILL = "#1d4f6e"
FILL_MUTED = "#6f8290"  # unknown or not given: lighter, still 3:1 against white


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as written on the page ("1 082", "environ 20")
    muted: bool = False


def _pct(value: float, largest: float) -> str:
    pct = BAR_MAX * value / largest if largest > 0 else 0.0
    return f"{pct:.2f}".rstrip("0").rstrip(".") + "%"


def summary(title: str, bars: Sequence[Bar]) -> str:
    """The chart's short text alternative: its title and every value."""
    return f"{title} : " + " ; ".join(f"{b.label}, {b.shown}" for b in bars) + "."


def bar_chart(
    bars: Sequence[Bar], *, chart_id: str, title: str, scale: float | None = None
) -> Markup:
    """An inline SVG bar chart; `chart_id` must be unique on the page. The longest bar is the
    largest value, or `scale` when given (1 for shares: a full bar is 100 %)."""
    largest = scale if scale is not None else max((b.value for b in bars), default=0)
    parts: list[str] = []
    y = 0
    for bar in bars:
        lines = textwrap.wrap(bar.label, WRAP) or [""]
        for line in lines:
            y += LINE
            parts.append(f'<text x="0" y="{y - 4}">{escape(line)}</text>')
        top = y + 2
        width = _pct(bar.value, largest)
        fill = FILL_MUTED if bar.muted else FILL
        if bar.value > 0:
            parts.append(
                f'<rect x="0" y="{top}" width="{width}" height="{BAR}" rx="2" fill="{fill}"/>'
            )
        parts.append(
            f'<text x="{width}" dx="{6 if bar.value > 0 else 0}" y="{top + BAR - 3}" '
            f'font-weight="700">{escape(bar.shown)}</text>'
        )
        y = top + BAR + GAP
    height = max(y - GAP + 4, LINE)
    title_id = f"{chart_id}-titre"
    return Markup(
        f'<svg class="graphique-barres" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(title_id)}" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" '
        f'style="width:100%;height:{height}px">'
        f'<title id="{escape(title_id)}">{escape(summary(title, bars))}</title>'
        f'<g font-size="{FONT_SIZE}" fill="{INK}">' + "".join(parts) + "</g></svg>"
    )
