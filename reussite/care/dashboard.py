"""Per territory and year: hours allocated, committed, consumed, left, euros invoiced and paid, and the
day the quota runs out at the current pace (pure, no ORM)."""

import datetime
import math
from dataclasses import dataclass, replace
from decimal import Decimal

from reussite.core.money import round_cent

# A territory "nears" its quota once this share of its hours is consumed or committed.
NEAR_QUOTA = Decimal("0.9")
HORIZON_DAYS = 100 * 366


def run_out_date(
    allocated: Decimal, consumed: Decimal, start: datetime.date, today: datetime.date
) -> datetime.date | None:
    """The day consumption reaches ``allocated`` if it goes on at its pace since ``start``.

    The pace is ``consumed`` over the days from ``start`` to ``today`` (both counted); None without
    any consumption yet (no pace), before ``start``, or beyond a century. A date on or before ``today`` means the quota
    is already used up.
    """
    if consumed <= 0 or today < start:
        return None
    elapsed = (today - start).days + 1
    days_needed = Decimal(allocated) * elapsed / Decimal(consumed)  # at most ``elapsed`` once used up
    if days_needed > HORIZON_DAYS:
        return None  # not within any horizon that matters (and no date overflow)
    return start + datetime.timedelta(days=max(math.ceil(days_needed), 1) - 1)


@dataclass(frozen=True)
class TerritoryYear:
    programme: str
    year: int
    hourly_rate: Decimal
    allocated: Decimal  # hours, overruns approved by the métropole included
    committed: Decimal  # hours requested by referrals
    consumed: Decimal  # hours of attended sessions
    invoiced: Decimal  # euros of issued, certified and paid invoices
    paid: Decimal  # euros paid
    run_out: datetime.date | None = None
    key: int | None = None  # the allocation's id, for a link

    @property
    def left(self) -> Decimal:
        return self.allocated - self.consumed

    @property
    def uncommitted(self) -> Decimal:
        return self.allocated - self.committed

    @property
    def allocated_eur(self) -> Decimal:
        return round_cent(self.allocated * self.hourly_rate)

    @property
    def committed_eur(self) -> Decimal:
        return round_cent(self.committed * self.hourly_rate)

    @property
    def consumed_eur(self) -> Decimal:
        return round_cent(self.consumed * self.hourly_rate)

    @property
    def left_eur(self) -> Decimal:
        return round_cent(self.left * self.hourly_rate)

    @property
    def exceeded(self) -> bool:
        return self.consumed > self.allocated or self.committed > self.allocated

    @property
    def nearing(self) -> bool:
        """Close to its quota (90 % used or committed) or running out before the year ends."""
        if self.exceeded or self.allocated <= 0:
            return self.exceeded
        used = max(self.consumed, self.committed) / self.allocated
        return used >= NEAR_QUOTA or (self.run_out is not None and self.run_out <= datetime.date(self.year, 12, 31))


def with_projection(row: TerritoryYear, today: datetime.date) -> TerritoryYear:
    """``row`` with its run-out date from the pace since 1 January (until the year's end)."""
    start = datetime.date(row.year, 1, 1)
    until = min(today, datetime.date(row.year, 12, 31))
    return replace(row, run_out=run_out_date(row.allocated, row.consumed, start, until))
