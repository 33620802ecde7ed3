from decimal import Decimal

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from reussite.core.formatting import NARROW_NBSP, format_decimal, format_eur, format_percent
from reussite.core.numbers import Withheld

register = template.Library()


@register.filter
def figure(value, unit="count"):
    """A shown value the French way: « < 5 » / « secret » for a withheld cell, « — » when unknown."""
    if isinstance(value, Withheld):
        return str(value)
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if unit == "eur":
        return format_eur(value)
    if unit == "percent":
        return format_percent(value)
    if isinstance(value, Decimal):
        places = 0 if value == value.to_integral_value() else (1 if unit == "months" else 2)
        return format_decimal(value, places)
    if type(value) is int and -INT_FAST < value < INT_FAST:
        # ``format_decimal(value)`` of a count, without its Decimal rounding (thousands of cells a page).
        return ("-" if value < 0 else "") + f"{abs(value):,}".replace(",", NARROW_NBSP)
    return format_decimal(value)


INT_FAST = 10**18  # well within Decimal's 28 digits, where format_decimal's rounding is exact


@register.filter
def evolution(value):
    return "—" if value is None else format_percent(value, 1, signed=True)


@register.filter
def call(function, argument):
    return function(argument)


SECTION_TR = '<tr class="survey-section"><th scope="colgroup" colspan="{}">'


@register.filter
def survey_body(table):
    """The rows of the survey's table (``exports.Table``) inside ``<tbody>``: the bytes the template loop
    wrote (``{% ifchanged %}`` section rows, ``{{ v|figure:line.unit }}`` cells, the same whitespace),
    escaped as it escaped them (``conditional_escape``), without a template node per cell (a network's
    consolidation is a thousand cells). Tested against the loop: ``tests/reporting/test_figure.py``."""
    esc = conditional_escape
    colspan = len(table.columns) + 1
    parts = []
    previous = None
    for index, (section, line, values) in enumerate(table.rows):
        parts.append("\n  ")
        if index == 0 or section.key != previous:
            previous = section.key
            note = f' <span class="small muted">{esc(section.note)}</span>' if section.note else ""
            parts.append(f"{SECTION_TR.format(colspan)}{esc(section.title)}{note}</th></tr>")
        indent = ' class="indent"' if line.level else ""
        cells = "".join(f'<td class="num">{esc(figure(v, line.unit))}</td>' for v in values)
        parts.append(f'\n  <tr><th scope="row"{indent}>{esc(line.label)}</th>{cells}</tr>\n  ')
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped above
