import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from stdnum import luhn

from reussite.care.models import CareRate, Psychologist, SessionCap, cap_on, rate_on
from reussite.territory.models import Organisation
from tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

VALID_RPPS = "1000000000" + luhn.calc_check_digit("1000000000")


def psychologist(**overrides):
    network = overrides.pop("network", None) or NetworkFactory()
    organisation = overrides.pop("organisation", None) or OrganisationFactory(
        network=network, kind=Organisation.Kind.PROVIDER, siret="73282932000074"
    )
    fields = {"full_name": "Camille Test", "rpps": VALID_RPPS, "agreement_from": datetime.date(2017, 1, 1)}
    fields.update(overrides)
    return Psychologist(network=network, organisation=organisation, **fields)


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_a_valid_psychologist_passes():
    psychologist().full_clean()


def test_rpps_key_is_checked():
    wrong = VALID_RPPS[:-1] + str((int(VALID_RPPS[-1]) + 1) % 10)
    assert errors_of(psychologist(rpps=wrong))["rpps"] == ["Numéro RPPS : la clé de contrôle ne correspond pas."]
    assert errors_of(psychologist(rpps="123"))["rpps"] == ["Numéro RPPS : 11 chiffres attendus."]


def test_rpps_or_adeli_is_required_and_adeli_alone_is_enough():
    assert "l'un des deux est obligatoire" in errors_of(psychologist(rpps=""))["rpps"][0]
    psychologist(rpps="", adeli="219312345").full_clean()
    assert errors_of(psychologist(rpps="", adeli="21A"))["adeli"] == ["Numéro ADELI : 9 chiffres attendus."]


def test_the_organisation_must_be_a_provider_of_the_same_network():
    network = NetworkFactory()
    ccas = OrganisationFactory(network=network, kind=Organisation.Kind.CCAS)
    assert "prestataire" in errors_of(psychologist(network=network, organisation=ccas))["organisation"][0]
    elsewhere = OrganisationFactory(kind=Organisation.Kind.PROVIDER)
    assert "réseau" in errors_of(psychologist(network=network, organisation=elsewhere))["organisation"][0]


def test_the_provider_siret_is_validated_as_elsewhere():
    provider = OrganisationFactory(kind=Organisation.Kind.PROVIDER, siret="73282932000075")
    with pytest.raises(ValidationError) as caught:
        provider.full_clean()
    assert "siret" in caught.value.message_dict


def test_agreement_period_is_ordered_and_dated():
    p = psychologist(agreement_from=datetime.date(2017, 3, 1), agreement_until=datetime.date(2017, 2, 1))
    assert "agreement_until" in errors_of(p)
    p.agreement_until = datetime.date(2017, 12, 31)
    assert p.is_agreed_on(datetime.date(2017, 3, 1)) and p.is_agreed_on(datetime.date(2017, 12, 31))
    assert not p.is_agreed_on(datetime.date(2018, 1, 1)) and not p.is_agreed_on(datetime.date(2017, 2, 28))


def test_a_rate_change_applies_from_its_date():
    network = NetworkFactory()
    CareRate.objects.create(network=network, valid_from=datetime.date(2017, 1, 1), unit="session", amount=30)
    CareRate.objects.create(network=network, valid_from=datetime.date(2017, 6, 15), unit="session", amount=40)
    assert rate_on(network.pk, datetime.date(2016, 12, 31)) is None
    assert rate_on(network.pk, datetime.date(2017, 6, 14)).amount == 30
    assert rate_on(network.pk, datetime.date(2017, 6, 15)).amount == 40
    assert rate_on(NetworkFactory().pk, datetime.date(2017, 6, 15)) is None


def test_a_session_rate_is_brought_to_an_hour_by_the_session_length():
    assert CareRate(unit="session", amount=Decimal("40"), session_minutes=45).hourly_amount == Decimal("40") * 60 / 45
    assert CareRate(unit="hour", amount=Decimal("55")).hourly_amount == Decimal("55")


def test_a_rate_must_be_positive_and_one_per_date():
    network = NetworkFactory()
    rate = CareRate(network=network, valid_from=datetime.date(2017, 1, 1), unit="hour", amount=Decimal("0"))
    assert "amount" in errors_of(rate)
    CareRate.objects.create(network=network, valid_from=datetime.date(2017, 1, 1), unit="hour", amount=50)
    twin = CareRate(network=network, valid_from=datetime.date(2017, 1, 1), unit="hour", amount=60)
    assert "un autre tarif du réseau commence déjà à cette date" in str(errors_of(twin))


def test_caps_are_dated_and_optional():
    network = NetworkFactory()
    assert cap_on(network.pk, datetime.date(2017, 5, 1)) is None
    SessionCap.objects.create(network=network, valid_from=datetime.date(2017, 1, 1), sessions_per_child_year=12)
    SessionCap.objects.create(network=network, valid_from=datetime.date(2018, 1, 1), sessions_per_child_year=10)
    assert cap_on(network.pk, datetime.date(2017, 5, 1)).sessions_per_child_year == 12
    assert cap_on(network.pk, datetime.date(2018, 5, 1)).sessions_per_child_year == 10
