"""Sessions never consume more than the hours allowed: the referral's, and the territory's (allocated
+ overruns the métropole approved). Refused in French at the service, under concurrency too."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from reussite.care.models import CareSession
from reussite.care.services import (
    adjust_hours,
    approve_overrun,
    approved_hours,
    consumed_hours,
    record_session,
    refer_to_psychologist,
)
from tests.care.conftest import make_care
from tests.governance.test_numbering_postgres import run_concurrently
from tests.parcours.factories import consent, make_child

D = datetime.date


def second_child(care, name="Brune"):
    child = make_child(care["programmes"][0], first_name=name, birth_date=D(2011, 1, 1))
    consent(child, purposes=("follow_up", "psychologist"), given_on=D(2017, 1, 10))
    return child


def shrink_to(care, hours):
    """The métropole lowers the territory's hours after the referrals were made (an adjustment)."""
    allocation = care["allocation"]
    allocation.refresh_from_db()
    adjust_hours(care["metropole"], allocation, Decimal(hours) - allocation.hours, "avenant")


@pytest.mark.django_db
def test_a_referral_never_consumes_more_than_its_hours(care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 2, D(2017, 3, 1))
    psy = care["psy"].user
    record_session(psy, referral, D(2017, 3, 6), 60, "child", "attended")
    record_session(psy, referral, D(2017, 3, 7), 60, "child", "missed")  # not consumed
    record_session(psy, referral, D(2017, 3, 13), 45, "child", "attended")
    with pytest.raises(ValidationError) as refused:
        record_session(psy, referral, D(2017, 3, 20), 30, "child", "attended")
    assert refused.value.message_dict == {
        "duration_minutes": [
            "Durée : l'orientation prévoit 2 h, dont 1,75 h déjà réalisées ; cette séance la dépasserait."
        ]
    }
    record_session(psy, referral, D(2017, 3, 20), 15, "child", "attended")  # exactly the 2 h
    assert consumed_hours(CareSession.objects.all()) == Decimal(2)


@pytest.mark.django_db
def test_a_territory_never_consumes_more_than_allocated_unless_the_metropole_approved(care):
    first = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 2, D(2017, 3, 1))
    second = refer_to_psychologist(care["coordinator"], second_child(care), care["psy"], 2, D(2017, 3, 1))
    shrink_to(care, "1.5")
    psy = care["psy"].user
    record_session(psy, first, D(2017, 3, 6), 60, "child", "attended")
    with pytest.raises(ValidationError, match="le territoire dispose de 1,5 h pour 2017, dont 1 h déjà réalisées"):
        record_session(psy, second, D(2017, 3, 6), 60, "child", "attended")
    assert CareSession.objects.count() == 1
    approve_overrun(care["metropole"], care["allocation"], "0.5", "liste d'attente")
    record_session(psy, second, D(2017, 3, 6), 60, "child", "attended")
    care["allocation"].refresh_from_db()
    assert consumed_hours(CareSession.objects.all()) == approved_hours(care["allocation"]) == Decimal(2)


class ConsumptionNeverExceedsTheApprovedHours(TestCase):
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        steps=st.lists(
            st.one_of(
                st.tuples(st.just("session"), st.integers(0, 1), st.sampled_from([15, 30, 45, 60, 90, 120])),
                st.tuples(st.just("shrink"), st.integers(0, 6), st.just(0)),
                st.tuples(st.just("overrun"), st.integers(1, 4), st.just(0)),
            ),
            max_size=12,
        )
    )
    def test_consumption_never_exceeds_allocation_plus_approved_overruns(self, steps):
        care = make_care()
        referrals = [
            refer_to_psychologist(care["coordinator"], child, care["psy"], 4, D(2017, 3, 1))
            for child in (care["child"], second_child(care))
        ]
        allocation = care["allocation"]
        consumed_before = Decimal(0)
        for n, (kind, value, minutes) in enumerate(steps):
            with contextlib.suppress(ValidationError):  # refusals are what this property relies on
                if kind == "session":
                    day = D(2017, 3, 2) + datetime.timedelta(days=n)
                    record_session(care["psy"].user, referrals[value], day, minutes, "child", "attended")
                elif kind == "shrink":
                    shrink_to(care, value)
                else:
                    approve_overrun(care["metropole"], allocation, value, "besoin")
            allocation.refresh_from_db()
            consumed = consumed_hours(CareSession.objects.filter(referral__allocation=allocation))
            # Lowering the hours below what was consumed is the métropole's decision; a session is
            # never what takes the territory beyond its hours.
            if kind == "session":
                assert consumed <= max(approved_hours(allocation), consumed_before)
            consumed_before = consumed
            for referral in referrals:
                assert consumed_hours(referral.sessions.all()) <= referral.requested_hours


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sessions_cannot_both_take_the_last_hour(transactional_db, care):
    """Two psychologists' sessions on two referrals of one territory with one hour left: the allocation
    row is locked, so the second waits for the first and is refused (no lost update)."""
    first = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 2, D(2017, 3, 1))
    second = refer_to_psychologist(care["coordinator"], second_child(care), care["psy"], 2, D(2017, 3, 1))
    shrink_to(care, 1)
    errors = run_concurrently(
        lambda referral: record_session(care["psy"].user, referral, D(2017, 3, 6), 60, "child", "attended"),
        [first, second] * 4,
    )
    assert connection.vendor == "postgresql"
    assert CareSession.objects.count() == 1
    assert len(errors) == 7 and all(isinstance(e, ValidationError) for e in errors), errors
