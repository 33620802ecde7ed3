"""French formatting of numbers, amounts and dates (non-breaking spaces, decimal comma), independent of
the locale: every French number or date the platform writes outside templates comes from here."""

from decimal import Decimal

from .money import round_half_up

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def format_decimal(value, places: int = 0, grouping: bool = True) -> str:
    if value is None:
        return ""
    number = round_half_up(Decimal(value), Decimal(1).scaleb(-places))
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    if grouping:
        groups = []
        while len(integer) > 3:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        groups.insert(0, integer)
        integer = NARROW_NBSP.join(groups)
    return sign + integer + ("," + fraction if fraction else "")


def format_eur(value, places: int = 2) -> str:
    if value is None:
        return ""
    return f"{format_decimal(value, places)}{NBSP}€"


def format_percent(value, places: int = 1, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = format_decimal(value, places)
    if signed and Decimal(value) > 0:
        text = "+" + text
    return f"{text}{NBSP}%"


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_long_date(day) -> str:
    """« 2 octobre 2024 », « 1er juillet 2024 », as acts print dates (independent of the locale)."""
    if not day:
        return ""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def format_short_date(day) -> str:
    """« 02/10/2024 », as messages and tables print dates."""
    if not day:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_iban(value: str) -> str:
    """« FR14 2004 1010 0505 0001 3M02 606 »: an IBAN as printed, in groups of four."""
    compact = "".join(str(value or "").split())
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
