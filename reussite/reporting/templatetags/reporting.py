from decimal import Decimal

from django import template

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
