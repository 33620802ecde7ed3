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


@register.filter
def long_date(day) -> str:
    """« 1er décembre 2026 », « 2 octobre 2024 »: every long date of a page (``|date:"j F Y"`` writes « 1 »)."""
    return formatting.format_long_date(day)


@register.filter
def named_error(error, label) -> str:
    """An error of the summary names its field: « Montant : ... » (forms that prefix it already are kept)."""
    error, label = str(error), str(label or "")
    return error if not label or error.startswith(f"{label} :") else f"{label} : {error}"


@register.filter
def agreed(word, member) -> str:
    """« représenté » -> « représentée » for a woman (présent, représenté, excusé, absent), each word of
    « absent ou excusé » -> « absente ou excusée »."""
    if not getattr(member, "is_female", False):
        return str(word)
    return " ".join(w if w in ("ou", "et") or w.endswith("e") else f"{w}e" for w in str(word).split(" "))


@register.filter
def iban(value) -> str:
    return formatting.format_iban(value)
