"""Bounds of the dates users enter: a year 1 or 9999 is a typing error, never a real act.

Services call :func:`check_date` (so pages, API and import share one rule and one French message);
forms show the same message on the field.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

# Nothing the platform records (conventions, sittings, payments, acts) predates the PRE (2005).
EARLIEST = datetime.date(2000, 1, 1)


def _fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def in_future_years(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + years, day=28 if (today.month, today.day) == (2, 29) else today.day)


def date_rule(
    value: datetime.date | None, *, latest: datetime.date | None = None, earliest: datetime.date = EARLIEST
) -> str | None:
    """The broken rule (French, without the field's label) for ``value`` outside ``[earliest, latest]``
    (``latest=None``: today), or None."""
    if value is None:
        return None
    if value < earliest:
        return f"elle ne peut pas précéder le {_fr(earliest)} ({_fr(value)})."
    today = timezone.localdate()
    latest = today if latest is None else latest
    if value > latest:
        if latest == today:
            return f"elle ne peut pas être dans le futur ({_fr(value)}, nous sommes le {_fr(today)})."
        return f"elle ne peut pas dépasser le {_fr(latest)} ({_fr(value)})."
    return None


def check_date(value, field: str, label: str, **bounds) -> None:
    """Raise a ValidationError keyed by ``field``, naming ``label``, when ``value`` is out of bounds."""
    if rule := date_rule(value, **bounds):
        raise ValidationError({field: f"{label} : {rule}"})
