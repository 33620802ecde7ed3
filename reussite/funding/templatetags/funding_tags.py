from django import template

from reussite.core import formatting
from reussite.core.numbers import Verdict, decimal_places

register = template.Library()


@register.filter
def amount(value, places=2):
    """An amount in euros, or "à définir" when it is not known (never invented)."""
    if value is None or value == "":
        return "à définir"
    return formatting.format_eur(value, int(places))


@register.filter
def exact_percent(value):
    """A computed percentage with up to 4 decimals, "≈" when it does not stop there."""
    if value is None:
        return "—"
    rounded = round(value, 4)
    places = min(4, max(0, -rounded.normalize().as_tuple().exponent))
    text = formatting.format_percent(value, places)
    return text if rounded == value else f"≈ {text}"


@register.filter
def printed_percent(value):
    """A percentage as printed: as many decimals as the document printed."""
    if value is None:
        return "—"
    return formatting.format_percent(value, decimal_places(value))


VERDICTS = {
    Verdict.HOLDS: ("verdict verdict-ok", "cohérent"),
    Verdict.DIFFERS: ("verdict verdict-ko", "écart"),
    Verdict.UNVERIFIABLE: ("verdict verdict-unknown", "à compléter"),
}


@register.filter
def verdict_class(verdict):
    return VERDICTS.get(verdict, ("verdict", ""))[0]


@register.filter
def verdict_label(verdict):
    return VERDICTS.get(verdict, ("", str(verdict)))[1]


@register.filter
def signed_percent(value, places=2):
    """A change in percent, signed, to ``places`` decimals (as many as the document printed)."""
    if value is None:
        return "—"
    return formatting.format_percent(value, int(places), signed=True)


@register.filter
def signed_amount(value):
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + formatting.format_eur(value)
