"""Money as ``Decimal``: explicit rounding, exact percentages and the largest-remainder split.

Pure functions, no ORM. Floats are refused everywhere: a float amount is a bug.

Largest-remainder split (:func:`allocate_largest_remainder`)
------------------------------------------------------------
``total`` (a multiple of ``unit``) is shared among parties in proportion to ``weights``:

1. the total is counted in units (``total / unit``, an integer) and each party's exact share in
   units is the fraction ``units × weight / sum(weights)``, computed exactly (``fractions.Fraction``);
2. each party first gets the integer part (floor) of its exact share;
3. the units left over (fewer than the number of parties) go one each to the parties with the
   largest remainders.

Tie-break, when two remainders are equal: **the larger weight first, then the smaller key** (the
``keys`` the caller passes, e.g. the parties' names or stable identifiers), and only when no keys are
given, the smaller position in the input. With keys, the result is independent of the input order:
permuting the (weight, key) pairs permutes the parts the same way. Keys must be distinct.

Properties (tested with Hypothesis): the parts are multiples of ``unit``, add up exactly to
``total``, each is within one unit of its exact share (floor or floor + 1), zero weights get zero,
and the function is deterministic.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

CENT = Decimal("0.01")
EURO = Decimal("1")
HUNDRED = Decimal(100)


class AllocationError(ValueError):
    """The split cannot be computed; the message is in French and says why."""


def to_decimal(value, field: str = "montant") -> Decimal:
    """``value`` as a Decimal; floats and non-numbers are refused (a float amount is a bug)."""
    if isinstance(value, bool | float):
        raise TypeError(f"{field} : utiliser Decimal, jamais float ({value!r}).")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        result = Decimal(value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", "."))
    else:
        raise TypeError(f"{field} : valeur non numérique ({value!r}).")
    if not result.is_finite():
        raise ValueError(f"{field} : valeur non finie ({value!r}).")
    return result


def round_half_up(value, unit: Decimal = CENT) -> Decimal:
    """``value`` rounded half-up (away from zero) to a multiple of ``unit`` (0.01 for the cent, 1 for
    the euro, ``Decimal(1).scaleb(-places)`` for ``places`` decimals). The platform's one rounding."""
    value = to_decimal(value)
    unit = to_decimal(unit, "unité")
    if unit <= 0:
        raise ValueError("unité : elle doit être strictement positive.")
    units = (value / unit).quantize(EURO, rounding=ROUND_HALF_UP)
    return (units * unit).quantize(unit)


def round_cent(value) -> Decimal:
    """Half-up to the cent: 2.345 → 2.35, -2.345 → -2.35."""
    return round_half_up(value, CENT)


def round_euro(value) -> Decimal:
    """Half-up to the euro: 2.5 → 3, -2.5 → -3."""
    return round_half_up(value, EURO)


def is_multiple_of(value, unit: Decimal) -> bool:
    return to_decimal(value) % to_decimal(unit, "unité") == 0


def exact_percent(part, total) -> Fraction | None:
    """``part / total × 100`` exactly (a Fraction), or None when the total is zero or unknown."""
    if part is None or total is None:
        return None
    total = Fraction(to_decimal(total, "total"))
    if total == 0:
        return None
    return Fraction(to_decimal(part, "part")) * 100 / total


def percent(part, total, places: int | None = None) -> Decimal | None:
    """``part / total × 100`` as a Decimal: exact to 28 significant digits, or rounded half-up to
    ``places`` decimals. ``percent(1224, 7500)`` is ``Decimal('16.32')``."""
    exact = exact_percent(part, total)
    if exact is None:
        return None
    with localcontext() as context:
        context.prec = 28
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
    if places is None:
        return value.normalize() if value == value.to_integral_value() else value
    return round_half_up(value, Decimal(1).scaleb(-places))


def _weight(value, index: int) -> Fraction:
    if isinstance(value, bool | float):
        raise TypeError(f"poids n° {index + 1} : utiliser Decimal ou int, jamais float ({value!r}).")
    weight = Fraction(to_decimal(value, f"poids n° {index + 1}"))
    if weight < 0:
        raise AllocationError(f"Clé de répartition : le poids n° {index + 1} est négatif ({value}).")
    return weight


def allocate_largest_remainder(
    total,
    weights: Sequence[Decimal | int],
    unit: Decimal = EURO,
    keys: Sequence[Hashable] | None = None,
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` in multiples of ``unit`` (see the module doc).

    ``keys`` (optional, distinct, mutually comparable): the tie-break after the weight, making the
    result independent of the input order. Raises :class:`AllocationError` (French message) when
    the total is negative or not a multiple of the unit, a weight is negative, or every weight is
    zero while the total is not.
    """
    total = to_decimal(total, "total")
    unit = to_decimal(unit, "unité")
    if unit <= 0:
        raise AllocationError("Unité d'arrondi : elle doit être strictement positive.")
    if total < 0:
        raise AllocationError(f"Montant à répartir : il ne peut pas être négatif ({total}).")
    if total % unit != 0:
        raise AllocationError(
            f"Montant à répartir : {total} n'est pas un multiple de l'unité d'arrondi {unit} "
            "(arrondir le total à l'unité avant de le répartir)."
        )
    fractions = [_weight(w, i) for i, w in enumerate(weights)]
    if keys is not None:
        if len(keys) != len(fractions):
            raise AllocationError("Clé de répartition : autant de clés que de poids sont nécessaires.")
        if len(set(keys)) != len(keys):
            raise AllocationError("Clé de répartition : les clés de départage doivent être distinctes.")
    if not fractions:
        if total == 0:
            return []
        raise AllocationError("Clé de répartition : aucune partie entre lesquelles répartir le montant.")
    weight_sum = sum(fractions, Fraction(0))
    units = int(total / unit)
    if weight_sum == 0:
        if units == 0:
            return [Decimal(0) * unit for _ in fractions]
        raise AllocationError("Clé de répartition : tous les poids sont nuls, le montant ne peut être réparti.")
    exact = [Fraction(units) * w / weight_sum for w in fractions]
    floors = [e.numerator // e.denominator for e in exact]
    left = units - sum(floors)

    def order(i: int):
        remainder = exact[i] - floors[i]
        tie = keys[i] if keys is not None else i
        return (-remainder, -fractions[i], tie)

    for i in sorted(range(len(exact)), key=order)[:left]:
        floors[i] += 1
    return [n * unit for n in floors]


def exact_share(total, weights: Sequence[Decimal | int], index: int) -> Fraction:
    """The exact (unrounded) share of party ``index``, for display and checks."""
    fractions = [_weight(w, i) for i, w in enumerate(weights)]
    weight_sum = sum(fractions, Fraction(0))
    if weight_sum == 0:
        return Fraction(0)
    return Fraction(to_decimal(total, "total")) * fractions[index] / weight_sum
