"""Pure computations on counts and percentages (no ORM)."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .money import round_half_up

HUNDRED = Decimal(100)


def evolution_percent(previous: int | None, current: int | None) -> Decimal | None:
    """Exact relative change from ``previous`` to ``current`` in percent, or None if undefined."""
    if previous is None or current is None or previous == 0:
        return None
    return (Decimal(current) - Decimal(previous)) * HUNDRED / Decimal(previous)


def share_percent(part, total) -> Decimal | None:
    if total in (None, 0) or part is None:
        return None
    return Decimal(part) * HUNDRED / Decimal(total)


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def round_to_places(value: Decimal, places: int) -> Decimal:
    """Half-up to ``places`` decimals, as a printed figure with that many decimals was rounded."""
    return round_half_up(value, Decimal(1).scaleb(-places))


class Verdict(StrEnum):
    HOLDS = "holds"
    DIFFERS = "differs"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True)
class PrintedCheck:
    printed: Decimal
    computed: Decimal | None
    verdict: Verdict

    @property
    def computed_at_printed_precision(self) -> Decimal | None:
        if self.computed is None:
            return None
        return round_to_places(self.computed, decimal_places(self.printed))


def check_printed(printed: Decimal, computed: Decimal | None) -> PrintedCheck:
    """Does a figure printed in a document hold against the computed one?

    A printed figure holds when the computed value, rounded half-up to as many decimals as the
    document printed, equals it: "+16 %" holds for 16.4 % but not for 12.4 %.
    """
    if computed is None:
        return PrintedCheck(printed, None, Verdict.UNVERIFIABLE)
    rounded = round_to_places(computed, decimal_places(printed))
    verdict = Verdict.HOLDS if rounded == printed else Verdict.DIFFERS
    return PrintedCheck(printed, computed, verdict)


def implied_previous(current: int, printed_evolution: Decimal) -> Decimal | None:
    """The previous count a printed evolution implies: current / (1 + evolution)."""
    factor = 1 + printed_evolution / HUNDRED
    if factor == 0:
        return None
    return Decimal(current) / factor


def suppress_small(count: int | None, threshold: int) -> str | int | None:
    """Small-cell suppression: counts below ``threshold`` are shown as "< threshold"."""
    if count is None:
        return None
    if 0 < count < threshold:
        return f"< {threshold}"
    return count
