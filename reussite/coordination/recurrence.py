"""Pure functions of the coordination calendar: recurrence rules and the bimonthly rhythm check."""

import calendar
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class MonthlyRule:
    """Every ``interval_months`` months from the month of the series' start, on the
    ``week_of_month``-th ``weekday`` (0 = Monday) of the month; ``week_of_month == -1``: the last one.
    A month without a 5th such weekday simply has no occurrence (only 1..4 and -1 are offered)."""

    interval_months: int
    weekday: int
    week_of_month: int


def nth_weekday(year: int, month: int, weekday: int, week_of_month: int) -> datetime.date | None:
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if calendar.weekday(year, month, d) == weekday]
    if week_of_month == -1:
        return datetime.date(year, month, days[-1])
    if 1 <= week_of_month <= len(days):
        return datetime.date(year, month, days[week_of_month - 1])
    return None


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def is_on_rule(rule: MonthlyRule, anchor: datetime.date, day: datetime.date) -> bool:
    """Whether ``day`` is an occurrence of ``rule`` for a series anchored on ``anchor``'s month."""
    offset = _month_index(day) - _month_index(anchor)
    return (
        offset >= 0
        and offset % rule.interval_months == 0
        and nth_weekday(day.year, day.month, rule.weekday, rule.week_of_month) == day
    )


def occurrences(rule: MonthlyRule, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The dates of ``rule`` between ``first`` and ``last`` included, in order."""
    if rule.interval_months < 1:
        raise ValueError("interval_months must be at least 1")
    dates = []
    index = _month_index(first)
    while index <= _month_index(last):
        year, month0 = divmod(index, 12)
        day = nth_weekday(year, month0 + 1, rule.weekday, rule.week_of_month)
        if day is not None and first <= day <= last:
            dates.append(day)
        index += rule.interval_months
    return dates


def add_months(day: datetime.date, months: int) -> datetime.date:
    year, month0 = divmod(_month_index(day) + months, 12)
    return datetime.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


@dataclass(frozen=True)
class Gap:
    after: datetime.date  # last exchange before the gap
    before: datetime.date | None  # next exchange, None: none planned yet


def rhythm_gaps(dates: list[datetime.date], today: datetime.date, max_months: int = 2) -> list[Gap]:
    """Gaps of more than ``max_months`` *calendar months* between consecutive exchanges (a "second
    Tuesday" rhythm moves by a few days: 9 January then 12 March is bimonthly), and, when none is
    planned, from the last one once ``today`` is past the limit. ``dates``: past and planned ones."""
    ordered = sorted(set(dates))
    gaps = [
        Gap(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if _month_index(b) - _month_index(a) > max_months
    ]
    if ordered and ordered[-1] <= today and _month_index(today) - _month_index(ordered[-1]) > max_months:
        gaps.append(Gap(ordered[-1], None))
    return gaps
