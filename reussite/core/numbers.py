"""Pure computations on counts and percentages (no ORM)."""

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

from .money import round_half_up

HUNDRED = Decimal(100)
K = TypeVar("K", bound=Hashable)


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


def implied_base(current, *, change=None, percent=None) -> Decimal | None:
    """The previous value (the base) a printed evolution implies, for counts and money alike:
    ``current − change`` when an absolute change is printed (exact), else
    ``current / (1 + percent / 100)`` (28 significant digits; callers round). None when nothing is
    printed or the percentage is −100 % or less (no base can give it)."""
    if change is not None:
        return Decimal(current) - Decimal(change)
    if percent is None:
        return None
    factor = 1 + Fraction(percent) / 100
    if factor <= 0:
        return None
    value = Fraction(current) / factor
    return Decimal(value.numerator) / Decimal(value.denominator)


def implied_previous(current: int, printed_evolution: Decimal) -> Decimal | None:
    """The previous count a printed evolution implies: current / (1 + evolution)."""
    return implied_base(current, percent=printed_evolution)


def suppress_small(count: int | None, threshold: int) -> str | int | None:
    """One count shown alone, with no total beside it (see :func:`suppress_small_cells`)."""
    shown = suppress_small_cells({0: count}, threshold=threshold).cells[0]
    return str(shown) if isinstance(shown, Withheld) else shown


@dataclass(frozen=True)
class Withheld:
    """A count that is not shown.

    ``primary``: below the threshold, shown as "< 5" (the reader learns it is between 1 and 4).
    Otherwise withheld so that another withheld count cannot be derived from the total (secondary
    suppression), shown as "secret" (the reader learns nothing of its size).
    """

    threshold: int
    primary: bool

    def __str__(self) -> str:
        return f"< {self.threshold}" if self.primary else "secret"


@dataclass(frozen=True)
class SuppressedCells(Generic[K]):
    """What a viewer is shown of a group of counts: each cell and the total, a count or ``Withheld``."""

    cells: dict[K, int | None | Withheld]
    total: int | None | Withheld

    @property
    def withheld(self) -> frozenset[K]:
        return frozenset(key for key, value in self.cells.items() if isinstance(value, Withheld))

    @property
    def total_withheld(self) -> bool:
        return isinstance(self.total, Withheld)


def suppress_small_cells(
    cells: Mapping[K, int | None],
    total: int | None = None,
    *,
    owned: Collection[K] = frozenset(),
    threshold: int,
    withheld: Collection[K] = frozenset(),
) -> SuppressedCells[K]:
    """Small-cell suppression of one group of counts that add up to ``total`` (a row or a column of
    a table: the programmes of a network in a year), as the viewer owning the cells ``owned`` sees it.

    The one place that decides which counts a viewer may read; every page, API, export and history
    entry showing counts goes through it.

    - Primary: a cell the viewer does not own with 0 < count < ``threshold`` is withheld ("< 5").
      Owned cells are always shown (the viewer knows them); ``None`` (unknown) stays ``None``.
    - Secondary: while the total shown beside the cells would let a reader pin down a withheld
      cell (total − shown cells, knowing that a "< 5" cell is between 1 and threshold − 1 and that a
      "secret" one is at least ``threshold``), the smallest other positive cell the viewer does not
      own is withheld too ("secret"); when there is none left, the total is withheld instead.

    With ``total=None`` (a count shown alone) only primary suppression applies.

    ``withheld``: cells already withheld by another group they belong to (the other dimension of a
    table, see ``reporting/suppression.py``): they stay withheld here, marked as their size says.
    """
    small = {key for key, count in cells.items() if key not in owned and count is not None and 0 < count < threshold}
    secondary: set[K] = {key for key in withheld if key in cells and key not in small and key not in owned}
    total_withheld = False
    if total is not None:
        while _some_cell_derivable(cells, total, small, secondary, threshold):
            candidates = [
                key
                for key, count in cells.items()
                if count is not None and count > 0 and key not in owned and key not in small and key not in secondary
            ]
            if not candidates:
                total_withheld = True
                break
            secondary.add(min(candidates, key=lambda key: (cells[key], str(key))))
    shown: dict[K, int | None | Withheld] = {}
    for key, count in cells.items():
        if key in small:
            shown[key] = Withheld(threshold, primary=True)
        elif key in secondary:
            shown[key] = Withheld(threshold, primary=False)
        else:
            shown[key] = count
    shown_total = Withheld(threshold, primary=False) if total_withheld else total
    return SuppressedCells(shown, shown_total)


def _some_cell_derivable(cells, total: int, small: set, secondary: set, threshold: int) -> bool:
    """Whether total − shown cells pins down one withheld cell, given what the marks reveal:
    "< threshold" cells lie in [1, threshold − 1], "secret" cells in [threshold, ∞)."""
    withheld = small | secondary
    if not withheld:
        return False
    remainder = total - sum(count for key, count in cells.items() if key not in withheld and count is not None)
    bounds = {key: (1, threshold - 1) if key in small else (threshold, None) for key in withheld}
    for key, (low, high) in bounds.items():
        others = [bound for other, bound in bounds.items() if other != key]
        others_low = sum(b[0] for b in others)
        others_high = None if any(b[1] is None for b in others) else sum(b[1] for b in others)
        # The cell lies in [low, high] and in [remainder − others_high, remainder − others_low].
        least = low if others_high is None else max(low, remainder - others_high)
        most = remainder - others_low if high is None else min(high, remainder - others_low)
        if least >= most:  # one value left (or none: a recorded total that does not add up)
            return True
    return False
