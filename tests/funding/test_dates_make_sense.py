"""Dates that make sense: a party approves before the signature, a convention is notified after it,
signed and notified once it happened, and its history goes forward. Refused with a French message
in the services, the forms and the JSON import, nothing saved."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.funding import services
from reussite.funding.exchange import ImportRefused, export_convention, export_queryset, import_convention
from reussite.funding.models import Convention, ConventionParty
from tests.funding.factories import make_convention
from tests.funding_exchange.factories import make_convention as make_exchange_convention

pytestmark = pytest.mark.django_db
D = datetime.date


def _draft(world):
    convention = make_convention(world.metropole, [world.carrier], status=Convention.Status.DRAFT)
    for party in convention.parties.all():
        services.record_party_approval(party, reference="D-1", date=D(2025, 3, 1))
    return convention


def test_signature_before_an_approval_is_refused(world):
    convention = _draft(world)
    services.change_status(convention, Convention.Status.APPROVED, on=D(2025, 3, 2))
    with pytest.raises(ValidationError) as error:
        services.change_status(convention, Convention.Status.SIGNED, on=D(2025, 3, 2) - datetime.timedelta(days=5))
    message = " ".join(error.value.message_dict["effective_date"])
    assert "Date d'effet : elle ne peut précéder le dernier changement de statut" in message
    convention.refresh_from_db()
    assert convention.status == Convention.Status.APPROVED and convention.signature_date is None


def test_signature_date_before_the_latest_approval_is_refused(world):
    """The history is in order (approved 01/02) but a party's deliberation is dated 01/03."""
    convention = make_convention(world.metropole, [world.carrier], status=Convention.Status.DRAFT)
    for party in convention.parties.all():
        services.record_party_approval(party, reference="D-1", date=D(2025, 1, 15))
    services.change_status(convention, Convention.Status.APPROVED, on=D(2025, 2, 1))
    ConventionParty.objects.filter(convention=convention, role="paying").update(approval_date=D(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.change_status(convention, Convention.Status.SIGNED, on=D(2025, 2, 10))
    message = " ".join(error.value.message_dict["effective_date"])
    assert "Date de signature : elle ne peut précéder l'approbation de la convention par" in message
    assert "01/03/2025" in message


def test_signature_in_the_future_is_refused(world):
    convention = _draft(world)
    services.change_status(convention, Convention.Status.APPROVED, on=D(2025, 3, 2))
    with pytest.raises(ValidationError) as error:
        services.change_status(
            convention, Convention.Status.SIGNED, on=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert "Date d'effet : elle ne peut pas être dans le futur" in str(error.value)


def test_notification_before_signature_is_refused(world):
    convention = _draft(world)
    services.change_status(convention, Convention.Status.APPROVED, on=D(2025, 3, 2))
    services.change_status(convention, Convention.Status.SIGNED, on=D(2025, 3, 10))
    Convention.objects.filter(pk=convention.pk).update(signature_date=D(2025, 3, 20))  # typed on the form
    with pytest.raises(ValidationError) as error:
        services.change_status(convention, Convention.Status.NOTIFIED, on=D(2025, 3, 15))
    assert "Date de notification : elle ne peut précéder la signature de la convention (20/03/2025" in str(error.value)


def test_approval_after_signature_is_refused_by_the_service(world):
    convention = _draft(world)
    Convention.objects.filter(pk=convention.pk).update(signature_date=D(2025, 3, 10))
    party = convention.parties.get(organisation=world.carrier)
    with pytest.raises(ValidationError) as error:
        services.record_party_approval(party, reference="D-2", date=D(2025, 4, 1))
    assert error.value.message_dict["approval_date"][0].startswith(
        "Date de la délibération d'approbation : elle ne peut suivre la signature de la convention (10/03/2025"
    )
    party.refresh_from_db()
    assert party.approval_date == D(2025, 3, 1)


def test_approval_after_signature_is_refused_on_the_party_page(client, world):
    convention = _draft(world)
    Convention.objects.filter(pk=convention.pk).update(signature_date=D(2025, 3, 10))
    party = convention.parties.get(organisation=world.carrier)
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:party_edit", args=[party.pk]),
        {
            "organisation": world.carrier.pk,
            "role": "paying",
            "position": 1,
            "approval_reference": "D-2",
            "approval_date": "2025-04-01",
            "has_approved": "on",
        },
    )
    assert response.status_code == 200
    assert "Date de la délibération d&#x27;approbation : elle ne peut suivre la signature" in response.content.decode()
    party.refresh_from_db()
    assert party.approval_date == D(2025, 3, 1)


def test_signature_before_an_approval_is_refused_on_the_convention_page(client, world):
    from tests.funding.test_ui_flow import CONVENTION

    convention = _draft(world)
    client.force_login(world.user("finance_officer"))
    data = {
        **CONVENTION,
        "reference": convention.reference,
        "first_year": 2025,
        "last_year": 2025,
        "end_date": "2025-12-31",
        "signature_date": "2025-02-01",
    }
    response = client.post(reverse("funding:convention_edit", args=[convention.pk]), data)
    assert response.status_code == 200
    assert "Date de signature : elle ne peut précéder l&#x27;approbation de la convention par" in (
        response.content.decode()
    )
    convention.refresh_from_db()
    assert convention.signature_date is None


def test_the_json_import_refuses_dates_out_of_order(world):
    convention = make_exchange_convention(world.network, world.metropole, [world.carrier])
    document = export_convention(export_queryset().get(pk=convention.pk))
    Convention.objects.filter(pk=convention.pk).update(reference="ORIGINAL")
    document["convention"]["signature_date"] = "2025-01-10"
    document["convention"]["notification_date"] = "2025-01-05"
    document["parties"][0]["approval_date"] = "2025-02-01"
    document["parties"][1]["approval_date"] = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    before = Convention.objects.count()
    with pytest.raises(ImportRefused) as info:
        import_convention(world.user(Role.FINANCE_OFFICER), json.dumps(document))
    text = " | ".join(info.value.messages)
    assert "parties[1].approval_date" in text and "dans le futur" in text
    assert "convention.signature_date" in text and "elle ne peut précéder l'approbation" in text
    assert "convention.notification_date" in text and "ne peut précéder la signature" in text
    assert Convention.objects.count() == before
