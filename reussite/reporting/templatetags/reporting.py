from decimal import Decimal

from django import template

from reussite.core.formatting import format_decimal, format_eur, format_percent
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
    return format_decimal(value)


@register.filter
def evolution(value):
    return "—" if value is None else format_percent(value, 1, signed=True)


@register.filter
def call(function, argument):
    return function(argument)
