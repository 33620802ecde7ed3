"""Gapless numbering under concurrent requests (PostgreSQL pass only)."""

import threading

import pytest
from django.db import connection, connections

from reussite.core.models import Counter
from reussite.core.numbering import last_number
from reussite.governance import services
from reussite.governance.models import Deliberation
from tests.governance.factories import all_present, board, sitting

WORKERS = 8


def run_concurrently(function, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            barrier.wait(timeout=10)
            function(argument)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_is_gapless(transactional_db):
    """Deliberations numbered at the same moment: the locked counter row hands out 1..N once each."""
    body, members = board(size=3)
    session = sitting(body, members, subjects=[f"Point {i}" for i in range(WORKERS + 1)])
    first, *items = list(session.items.order_by("position"))
    all_present(first, members)
    services.record_vote(first, vote_mode="unanimous")  # number 1: the year's counter row exists
    pending = [
        Deliberation.objects.create(
            body=body,
            item=item,
            year=2024,
            subject=item.subject,
            text="Texte",
            vote_mode="unanimous",
            outcome="adopted",
        )
        for item in items
    ]
    errors = run_concurrently(services.number_deliberation, pending)
    assert connection.vendor == "postgresql"
    assert not errors, errors
    numbers = sorted(Deliberation.objects.filter(body=body).values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 2))
    assert last_number(services.DELIBERATION_SERIES, body.pk, 2024) == WORKERS + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_numbers_of_a_new_year_do_not_collide(transactional_db):
    """The counter row of a new year is created by whichever request comes first, once."""
    body, members = board(size=3)
    session = sitting(body, members, subjects=["A", "B", "C", "D"])
    items = list(session.items.order_by("position"))
    for item in items:
        all_present(item, members)
    errors = run_concurrently(lambda item: services.record_vote(item, vote_mode="unanimous"), items)
    assert not errors, errors
    assert sorted(Deliberation.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert Counter.objects.filter(series=services.DELIBERATION_SERIES, owner_id=body.pk).count() == 1
