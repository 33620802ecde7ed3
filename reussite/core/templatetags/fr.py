from django import template

from reussite.core import formatting

register = template.Library()


@register.filter
def eur(value, places=2):
    return formatting.format_eur(value, int(places))


@register.filter
def number(value, places=0):
    return formatting.format_decimal(value, int(places))


@register.filter
def percent(value, places=1):
    return formatting.format_percent(value, int(places))


@register.filter
def signed_percent(value, places=1):
    return formatting.format_percent(value, int(places), signed=True)
