"""Gapless numbering: one counter row per series, owner and year, locked while a number is taken.

A series is named by the app that numbers (``"funding.call_for_funds"``, ``"governance.deliberation"``)
and its owner is the issuer (an organisation, a body). The caller's transaction holds the row lock
until it commits, so concurrent issuers wait for each other, and a rolled-back issue rolls the counter
back too: no gap, no duplicate.
"""

from django.db import transaction

from .models import Counter
from .scoping import scope_rule


def next_number(series: str, owner_id: int, year: int) -> int:
    """The next number of ``series`` for ``owner_id`` and ``year``; must run inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic")
    Counter.objects.get_or_create(series=series, owner_id=owner_id, year=year)
    counter = Counter.objects.select_for_update().get(series=series, owner_id=owner_id, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def raise_to(series: str, owner_id: int, year: int, number: int) -> None:
    """Record that ``number`` was given outside the counter (a past register entered as printed): the
    next number continues after the highest one. Must run inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("raise_to must run inside transaction.atomic")
    Counter.objects.get_or_create(series=series, owner_id=owner_id, year=year)
    counter = Counter.objects.select_for_update().get(series=series, owner_id=owner_id, year=year)
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])


def release_last(series: str, owner_id: int, year: int, number: int) -> bool:
    """Give back ``number`` if it is the last one given (an entry cancelled before anything followed
    it), so the next issue takes it again and the series stays gapless. Returns whether it was."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("release_last must run inside transaction.atomic")
    counter = Counter.objects.select_for_update().filter(series=series, owner_id=owner_id, year=year).first()
    if counter is None or counter.last_number != number:
        return False
    counter.last_number -= 1
    counter.save(update_fields=["last_number"])
    return True


def last_number(series: str, owner_id: int, year: int) -> int:
    """The last number given (0 when none)."""
    counter = Counter.objects.filter(series=series, owner_id=owner_id, year=year).first()
    return counter.last_number if counter else 0


@scope_rule(Counter)
def counter_rule(scope, queryset, action):
    return queryset.none()  # internal: never served
