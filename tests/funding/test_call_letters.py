"""Documents that look right: the call for funds names its signatory and where to pay; overdue calls
get a lettre de relance; a pro-rata split prints its basis."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.funding.documents import build_document
from reussite.funding.models import FundingYear
from reussite.territory.models import Representative
from tests.funding.factories import first_call, make_convention
from tests.matrix import served_text


@pytest.fixture
def finance(client, world):
    client.force_login(world.user(Role.FINANCE_OFFICER))
    return client


def test_the_call_names_its_signatory_and_the_accountants_details(finance, world):
    world.metropole.accountant = "Service de gestion comptable de A"
    world.metropole.iban = "FR1420041010050500013M02606"
    world.metropole.bic = "PSSTFRPPDIJ"
    world.metropole.save()
    Representative.objects.create(
        organisation=world.metropole,
        civility="Mme",
        full_name="Claire EXEMPLE",
        capacity="Présidente",
        valid_from=datetime.date(2020, 1, 1),
    )
    call = first_call(make_convention(world.metropole, [world.carrier], issue=True))
    text = served_text(finance.get(reverse("funding:call_pdf", args=[call.pk])))
    assert "mme claire exemple" in text and "présidente" in text
    assert "service de gestion comptable de a" in text
    assert "fr14 2004 1010 0505 0001 3m02 606" in text and "psstfrppdij" in text


def test_unknown_payment_details_are_said_not_invented(finance, world):
    call = first_call(make_convention(world.metropole, [world.carrier], issue=True))
    text = served_text(finance.get(reverse("funding:call_pdf", args=[call.pk])))
    assert "coordonnées de paiement du comptable public : non renseignées" in text
    assert "signataire : non renseigné" in text


def test_an_overdue_call_gets_a_reminder_with_what_is_left_to_pay(finance, world):
    from reussite.funding import services

    call = first_call(make_convention(world.metropole, [world.carrier], issue=True))  # issued 1 April 2025
    services.record_payment(call, amount=Decimal("100.00"), paid_on=datetime.date(2025, 6, 1))
    response = finance.get(reverse("funding:call_reminder_pdf", args=[call.pk]))
    assert response.status_code == 200
    text = served_text(response)
    assert f"lettre de relance — appel de fonds n° {call.reference}".lower() in text
    assert "reste dû 800,00 €" in text  # 900 called, 100 received
    assert "1er décembre 2026" in text  # dated today
    days = (datetime.date(2026, 12, 1) - call.due_date).days
    assert f"dépassée de {days} jours" in text
    page = served_text(finance.get(reverse("funding:call_detail", args=[call.pk])))
    assert "lettre de relance (pdf)" in page


def test_no_reminder_for_a_call_paid_or_not_yet_due(finance, world):
    from reussite.funding import services

    call = first_call(make_convention(world.metropole, [world.carrier], issue=True))
    services.record_payment(call, amount=call.amount, paid_on=datetime.date(2025, 6, 1))
    assert finance.get(reverse("funding:call_reminder_pdf", args=[call.pk])).status_code == 404
    future = first_call(make_convention(world.metropole, [world.carrier2], issue=False, year=2026))
    assert future is None or finance.get(reverse("funding:call_reminder_pdf", args=[future.pk])).status_code == 404


def test_the_convention_prints_the_basis_of_a_pro_rata_split(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], status="draft")
    funding_year = convention.funding_years.get()
    funding_year.key_kind = FundingYear.KeyKind.PRO_RATA
    funding_year.count_year = 2016
    funding_year.save()
    for share, count in zip(funding_year.shares.filter(kind="key").order_by("id"), [113, 551], strict=True):
        share.key_count = count
        share.save()
    (year,) = build_document(convention).financing
    basis = year.notes[0]
    assert "Base de la répartition au prorata des jeunes identifiés en 2016" in basis
    assert f"{world.carrier.short_name} : 113" in basis and f"{world.carrier2.short_name} : 551" in basis
    assert "total 664" in basis and "plus fort reste" in basis
