"""Hours of psychological support: from a budget line to hours, split across programmes (pure).

The split uses the conventions' largest-remainder engine (:mod:`reussite.core.money`), so the
programmes' hours add up exactly to the hours the budget buys, in the chosen unit (hour, half hour).
"""

from collections.abc import Hashable, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal

from reussite.core.formatting import format_decimal
from reussite.core.money import AllocationError, allocate_largest_remainder, to_decimal

HOUR = Decimal("1")
HALF_HOUR = Decimal("0.5")
UNITS = {HOUR: "heure", HALF_HOUR: "demi-heure"}


def hours_for_budget(budget, hourly_rate, unit: Decimal = HOUR) -> Decimal:
    """The hours ``budget`` euros buy at ``hourly_rate``, rounded DOWN to ``unit`` (never over budget)."""
    budget = to_decimal(budget, "budget")
    hourly_rate = to_decimal(hourly_rate, "tarif")
    if unit not in UNITS:
        raise AllocationError("Unité d'heures : une heure ou une demi-heure.")
    if budget < 0:
        raise AllocationError(f"Budget : il ne peut pas être négatif ({budget}).")
    if hourly_rate <= 0:
        raise AllocationError("Tarif : il doit être strictement positif.")
    units = (budget / hourly_rate / unit).to_integral_value(rounding=ROUND_FLOOR)
    return units * unit


def split_hours(
    total_hours, weights: Sequence[Decimal | int], unit: Decimal = HOUR, keys: Sequence[Hashable] | None = None
) -> list[Decimal]:
    """``total_hours`` split in proportion to ``weights`` (youth identified, fixed shares, percentages)."""
    return allocate_largest_remainder(total_hours, weights, unit=unit, keys=keys)


def transfer(hours: Mapping[Hashable, Decimal], source: Hashable, target: Hashable, amount) -> dict:
    """The allocation after moving ``amount`` hours from ``source`` to ``target``: the total is kept.

    Refused (French message) when the source would go below zero or source and target are the same.
    """
    amount = to_decimal(amount, "heures transférées")
    if source == target:
        raise AllocationError("Transfert : le territoire d'origine et celui de destination doivent différer.")
    if amount <= 0:
        raise AllocationError("Heures transférées : un nombre strictement positif est attendu.")
    if source not in hours or target not in hours:
        raise AllocationError("Transfert : territoire inconnu pour cette année.")
    if hours[source] < amount:
        raise AllocationError(
            f"Heures transférées : le territoire d'origine n'a que {hours[source]} h, moins que {amount} h."
        )
    moved = dict(hours)
    moved[source] -= amount
    moved[target] += amount
    return moved


def format_hours(hours) -> str:
    """« 12 », « 12,5 », « 0,75 »: hours in French, without trailing zeros."""
    text = format_decimal(hours, 2)
    if text.endswith(",00"):
        return text[:-3]
    return text[:-1] if text.endswith("0") and "," in text else text
