"""Charts drawn on the server as inline SVG: they work without JavaScript, print, and go into the PDF
unchanged. Colours are presentation attributes, not CSS: the pages' Content-Security-Policy forbids
inline styles (``style-src 'self'``), which is also why pygal, whose SVG is styled by an inline
``<style>``, does not fit. Each chart is decorative for screen readers' purposes only in part: it has
a title and a description, and the page puts the same figures in a table under it.

A withheld value (« < 5 », « secret ») draws no bar: its mark is written where the bar would be.
"""

import itertools
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reussite.core.formatting import format_decimal
from reussite.core.numbers import Withheld

# Colour-blind-safe palette (Okabe–Ito), dark enough for text contrast on white.
PALETTE = ["#0b5cad", "#b35900", "#007a5e", "#a3367a", "#56641a"]
WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 16
GAP = 10
_ids = itertools.count(1)


def _number(value) -> float | None:
    if isinstance(value, Withheld) or value is None or isinstance(value, str):
        return None
    return float(value)


def _text(value) -> str:
    if isinstance(value, Withheld):
        return str(value)
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_decimal(value, 2 if value != value.to_integral_value() else 0)
    return format_decimal(value)


def bar_chart(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence]]) -> SafeString:
    """Horizontal bars: one group per category, one bar per series (e.g. this year and the last)."""
    uid = f"chart-{next(_ids)}"
    numbers = [_number(v) for _name, values in series for v in values]
    top = max([n for n in numbers if n is not None] or [0]) or 1
    group_height = len(series) * BAR_HEIGHT + GAP
    legend_height = 22 if len(series) > 1 else 0
    height = legend_height + len(categories) * group_height + GAP
    plot = WIDTH - LABEL_WIDTH - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">Les valeurs figurent dans le tableau qui suit le graphique.</desc>',
    ]
    if len(series) > 1:
        x = LABEL_WIDTH
        for index, (name, _values) in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="15" font-size="12" fill="#1d1d1b">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    for row, category in enumerate(categories):
        y0 = legend_height + row * group_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y0 + len(series) * BAR_HEIGHT / 2 + 4:.0f}" font-size="12" '
            f'text-anchor="end" fill="#1d1d1b">{escape(_short(category))}</text>'
        )
        for index, (_name, values) in enumerate(series):
            value = values[row]
            y = y0 + index * BAR_HEIGHT
            number = _number(value)
            width = 0 if number is None else max(0.0, number) / top * plot
            if width:
                colour = PALETTE[index % len(PALETTE)]
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y + 1}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR_HEIGHT - 4}" font-size="11" '
                f'fill="#1d1d1b">{escape(_text(value))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def _short(label: str, length: int = 30) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"
