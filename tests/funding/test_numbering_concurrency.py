"""Gapless numbering of calls for funds under concurrent issuing (PostgreSQL: row lock on the counter)."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from reussite.funding import services
from reussite.funding.models import CallForFunds
from tests.factories import OrganisationFactory
from tests.funding.factories import make_convention

THREADS = 8


def _run_concurrently(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(*args):
        try:
            barrier.wait(timeout=30)
            target(*args)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_gapless_unique_numbers(world):
    conventions = []
    for i in range(THREADS):
        payer = OrganisationFactory(network=world.network, short_name=f"Payeur {i}")
        conventions.append(make_convention(world.metropole, [payer]))

    def issue(convention):
        services.issue_calls_for_funds(convention, 2025, issue_date=datetime.date(2025, 4, 1))

    errors = _run_concurrently(issue, [(c,) for c in conventions])
    assert errors == []
    numbers = sorted(CallForFunds.objects.filter(issuer=world.metropole).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_issue_leaves_no_gap(world):
    conventions = [
        make_convention(world.metropole, [world.carrier]),
        make_convention(world.metropole, [world.carrier2]),
    ]

    def issue_then_fail():
        with transaction.atomic():
            services.issue_calls_for_funds(conventions[0], 2025, issue_date=datetime.date(2025, 4, 1))
            raise RuntimeError("échec après numérotation")

    def issue():
        services.issue_calls_for_funds(conventions[1], 2025, issue_date=datetime.date(2025, 4, 1))

    errors = _run_concurrently(lambda f: f(), [(issue_then_fail,), (issue,)])
    assert [str(e) for e in errors] == ["échec après numérotation"]
    services.issue_calls_for_funds(conventions[0], 2025, issue_date=datetime.date(2025, 4, 2))
    numbers = sorted(CallForFunds.objects.filter(issuer=world.metropole).values_list("number", flat=True))
    assert numbers == [1, 2]
