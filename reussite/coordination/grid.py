"""The month view of the calendar: weeks from Monday to Sunday, each day with its events (pure)."""

import calendar
import datetime
from dataclasses import dataclass, field


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    events: list = field(default_factory=list)


def month_grid(first: datetime.date, events) -> list[list[Day]]:
    """The weeks of ``first``'s month (days of the neighbouring months included, flagged), with each
    of ``events`` (anything with a ``date``) on its day; events outside the grid are ignored."""
    weeks = [
        [Day(day, day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    for event in events:
        if event.date in by_date:
            by_date[event.date].events.append(event)
    return weeks


def neighbour_months(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return previous, following
