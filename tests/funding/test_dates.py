"""Payments, signatures and approvals: no date in the future nor before 2000, in French, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reussite.funding import services
from reussite.funding.models import Convention, Payment
from tests.funding.factories import make_convention
from tests.funding.test_ui_flow import CONVENTION

pytestmark = pytest.mark.django_db


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        ("9999-12-31", "Date de paiement : elle ne peut pas être dans le futur"),
        ("tomorrow", "Date de paiement : elle ne peut pas être dans le futur"),
        ("0001-01-01", "Date de paiement : elle ne peut pas précéder le 01/01/2000"),
    ],
)
def test_payment_date_is_bounded_on_the_page(client, world, paid_on, message):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    client.force_login(world.user("finance_officer"))
    value = _tomorrow().isoformat() if paid_on == "tomorrow" else paid_on
    response = client.post(reverse("funding:payment_create", args=[call.pk]), {"amount": "10,00", "paid_on": value})
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_payment_service_refuses_a_future_date(world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    with pytest.raises(ValidationError) as error:
        services.record_payment(convention.calls_for_funds.get(), amount=Decimal("1.00"), paid_on=_tomorrow())
    assert error.value.message_dict["paid_on"][0].startswith("Date de paiement : elle ne peut pas être dans le futur")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("signature_date", "9999-12-31", "Date de signature : elle ne peut pas être dans le futur"),
        ("signature_date", "0001-01-01", "Date de signature : elle ne peut pas précéder le 01/01/2000"),
        ("end_date", "9999-12-31", "Date de fin : elle ne peut pas dépasser le 31/12/2100"),
    ],
)
def test_convention_dates_are_bounded(client, world, field, value, message):
    client.force_login(world.user("finance_officer"))
    response = client.post(reverse("funding:convention_create"), {**CONVENTION, field: value})
    assert message in response.content.decode()
    assert not Convention.objects.exists()


def test_party_approval_date_is_not_in_the_future(world):
    convention = make_convention(world.metropole, [world.carrier])
    party = convention.parties.get(organisation=world.carrier)
    with pytest.raises(ValidationError) as error:
        services.record_party_approval(party, reference="D-1", date=_tomorrow())
    assert "Date de la délibération d'approbation : elle ne peut pas être dans le futur" in str(error.value)
