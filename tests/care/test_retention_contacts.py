"""Retention counts care's contacts: a child who still sees a psychologist is in contact, so their file
is not anonymised two years after the parcours' own last event (care registers its dated contacts with
``parcours.retention.contact_source``)."""

import datetime

import pytest

from reussite.care.models import CareReferral, CareSession
from reussite.parcours.models import Child, Consent, Referral
from reussite.parcours.retention import last_contacts

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_session_with_the_psychologist_is_the_last_contact(care):
    child = care["child"]
    Referral.objects.filter(child=child).update(date=D(2017, 1, 5))
    Consent.objects.filter(child=child).update(given_on=D(2017, 1, 10))
    Child.objects.filter(pk=child.pk).update(entered_on=D(2017, 1, 6), exited_on=None)
    child.refresh_from_db()
    today = D(2026, 12, 1)
    without_care = last_contacts([child], today)[child.pk]
    assert without_care < D(2017, 6, 1)

    referral = CareReferral.objects.create(
        child=child,
        psychologist=care["psy"],
        allocation=care["allocation"],
        requested_hours=10,
        referred_on=D(2017, 3, 1),
        referred_by=care["coordinator"],
    )
    assert last_contacts([child], today)[child.pk] == D(2017, 3, 1)
    CareSession.objects.create(
        referral=referral,
        date=D(2017, 11, 20),
        duration_minutes=45,
        with_whom="child",
        attendance="attended",
        recorded_by=care["psy"].user,
    )
    assert last_contacts([child], today)[child.pk] == D(2017, 11, 20)
    # A session dated after today (typed ahead) is not a contact yet.
    assert last_contacts([child], D(2017, 11, 19))[child.pk] == D(2017, 3, 1)
