import datetime

import pytest
from django.core.exceptions import ValidationError

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, scoped
from reussite.care.models import CareReferral
from reussite.care.services import approve_overrun, refer_to_psychologist, remaining_hours
from tests.factories import MembershipFactory, UserFactory
from tests.parcours.factories import consent, make_child

pytestmark = pytest.mark.django_db
DAY = datetime.date(2017, 3, 1)


def test_a_coordinator_refers_a_child_and_the_hours_are_committed(care):
    left = remaining_hours(care["allocation"])
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 6, DAY)
    assert referral.allocation == care["allocation"]
    assert remaining_hours(care["allocation"]) == left - 6


def test_a_13_year_old_is_refused_with_the_age_rule(care):
    child = make_child(care["programmes"][0], first_name="Trop", birth_date=datetime.date(2004, 2, 1))
    consent(child, purposes=("psychologist",), given_on=datetime.date(2017, 1, 10))
    with pytest.raises(ValidationError, match="de 2 à 12 ans ; l'enfant a 13 ans le 01/03/2017"):
        refer_to_psychologist(care["coordinator"], child, care["psy"], 6, DAY)
    assert not CareReferral.objects.exists()


def test_without_consent_for_the_psychologist_it_is_refused(care):
    child = make_child(care["programmes"][0], first_name="Sans", birth_date=datetime.date(2010, 2, 1))
    consent(child, purposes=("follow_up",), given_on=datetime.date(2017, 1, 10))
    with pytest.raises(ValidationError, match="orientation vers un psychologue"):
        refer_to_psychologist(care["coordinator"], child, care["psy"], 6, DAY)
    revoked = make_child(care["programmes"][0], first_name="Révoqué", birth_date=datetime.date(2010, 2, 1))
    consent(revoked, purposes=("psychologist",), given_on=datetime.date(2017, 1, 10), revoked_on=DAY)
    with pytest.raises(ValidationError, match="Consentement manquant"):
        refer_to_psychologist(care["coordinator"], revoked, care["psy"], 6, DAY)
    assert not CareReferral.objects.exists()


def test_beyond_the_quota_it_is_refused_unless_the_metropole_approved_an_overrun(care):
    left = remaining_hours(care["allocation"])
    with pytest.raises(ValidationError, match=f"il reste {left} h au territoire pour 2017"):
        refer_to_psychologist(care["coordinator"], care["child"], care["psy"], left + 2, DAY)
    with pytest.raises(ValidationError, match="coordination métropolitaine"):
        approve_overrun(care["coordinator"], care["allocation"], 2, "liste d'attente")
    approve_overrun(care["metropole"], care["allocation"], 2, "liste d'attente")
    refer_to_psychologist(care["coordinator"], care["child"], care["psy"], left + 2, DAY)
    assert remaining_hours(care["allocation"]) == 0


def test_only_the_child_programme_coordination_refers(care):
    for user in (care["metropole"], care["psy"].user, UserFactory()):
        with pytest.raises(ValidationError, match="Seule la coordination du programme"):
            refer_to_psychologist(user, care["child"], care["psy"], 6, DAY)


def test_psychologist_must_be_agreed_and_serve_the_territory(care):
    care["psy"].agreement_until = datetime.date(2017, 2, 1)
    care["psy"].save()
    with pytest.raises(ValidationError, match="conventionné"):
        refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 6, DAY)
    care["psy"].agreement_until = None
    care["psy"].save()
    care["psy"].programmes.remove(care["programmes"][0])
    with pytest.raises(ValidationError, match="n'intervient pas sur le territoire"):
        refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 6, DAY)


def test_who_sees_a_referral(care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 6, DAY)
    other_psy_user = UserFactory()
    MembershipFactory(user=other_psy_user, organisation=care["psy"].organisation, role=Role.PSYCHOLOGIST)
    assert list(scoped(care["psy"].user, CareReferral)) == [referral]
    assert not scoped(other_psy_user, CareReferral).exists()
    assert list(scoped(care["metropole"], CareReferral)) == [referral]
    assert list(scoped(care["coordinator"], CareReferral, CHANGE)) == [referral]
    assert not scoped(care["psy"].user, CareReferral, CHANGE).exists()
    assert not scoped(UserFactory(), CareReferral).exists()
