import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reussite.accounts.scoping import CHANGE, scoped
from reussite.care.billing import Rate, rate_for, session_amount
from reussite.care.models import CareInvoice, CareInvoiceLine, CareRate, CareSession, SessionCap
from reussite.care.services import (
    build_invoice,
    certify_invoice,
    issue_invoice,
    overdue_invoices,
    pay_invoice,
    record_session,
    refer_to_psychologist,
)
from reussite.core.numbering import last_number
from reussite.funding.models import ActionKind, BudgetLine
from reussite.territory.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db
D = datetime.date


def attended(care, referral, day, minutes=60):
    return record_session(care["psy"].user, referral, day, minutes, "child", "attended")


@pytest.fixture
def referral(care):
    return refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 20, D(2017, 3, 1))


def test_rate_for_and_amounts_are_pure():
    rates = [Rate(D(2017, 1, 1), "session", Decimal("40")), Rate(D(2017, 3, 15), "hour", Decimal("50"))]
    assert rate_for(rates, D(2016, 12, 31)) is None
    assert rate_for(rates, D(2017, 3, 14)).amount == 40
    assert rate_for(rates, D(2017, 3, 15)).amount == 50
    assert session_amount(rates[0], 45) == Decimal("40")
    assert session_amount(rates[1], 45) == Decimal("37.50")


def test_an_invoice_prices_each_session_at_its_day_rate_mid_month_change(care, referral):
    # 2017 rate: 50 € a session (the fixture's); from 15 March, 60 € an hour.
    CareRate.objects.create(network=care["network"], valid_from=D(2017, 3, 15), unit="hour", amount=60)
    attended(care, referral, D(2017, 3, 6))
    attended(care, referral, D(2017, 3, 14), minutes=45)
    attended(care, referral, D(2017, 3, 20), minutes=45)
    attended(care, referral, D(2017, 3, 27), minutes=90)
    record_session(care["psy"].user, referral, D(2017, 3, 28), 60, "child", "missed")
    attended(care, referral, D(2017, 4, 3))
    invoice = build_invoice(care["psy"].user, care["psy"], 2017, 3)
    amounts = list(invoice.lines.order_by("date").values_list("amount", flat=True))
    assert amounts == [Decimal("50"), Decimal("50"), Decimal("45"), Decimal("90")]
    assert invoice.total == Decimal("235") and invoice.status == "draft" and invoice.number is None
    # Lines carry the child's pseudonymous code only.
    assert set(invoice.lines.values_list("child_code", flat=True)) == {care["child"].code}
    with pytest.raises(ValidationError, match="déjà sa facture"):
        build_invoice(care["psy"].user, care["psy"], 2017, 3)


def test_sessions_have_no_free_text_field():
    text_fields = [f.name for f in CareSession._meta.get_fields() if f.get_internal_type() in ("TextField",)]
    free_chars = [
        f.name for f in CareSession._meta.get_fields() if f.get_internal_type() == "CharField" and not f.choices
    ]
    assert text_fields == [] and free_chars == []


def test_only_the_referred_psychologist_records_and_the_cap_holds(care, referral):
    for user in (care["coordinator"], care["metropole"], UserFactory()):
        with pytest.raises(ValidationError, match="Seul·e le ou la psychologue"):
            record_session(user, referral, D(2017, 3, 6), 60, "child", "attended")
    with pytest.raises(ValidationError, match="précéder l'orientation"):
        attended(care, referral, D(2017, 2, 1))
    with pytest.raises(ValidationError, match="duration_minutes"):
        attended(care, referral, D(2017, 3, 6), minutes=500)
    SessionCap.objects.create(network=care["network"], valid_from=D(2017, 1, 1), sessions_per_child_year=2)
    attended(care, referral, D(2017, 3, 6))
    attended(care, referral, D(2017, 3, 7))
    with pytest.raises(ValidationError, match="2 séances par enfant et par an"):
        attended(care, referral, D(2017, 3, 8))
    assert CareSession.objects.count() == 2


def test_issue_certify_pay_with_gapless_numbers_and_overdue(care, referral):
    for month in (3, 4, 5):
        attended(care, referral, D(2017, month, 6))
    invoices = [build_invoice(care["psy"].user, care["psy"], 2017, m) for m in (3, 4, 5)]
    for invoice in invoices:
        issue_invoice(care["psy"].user, invoice, D(2017, invoice.month + 1, 2))
    numbers = sorted(CareInvoice.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3] and last_number("care.invoice", care["psy"].pk, 2017) == 3
    first = CareInvoice.objects.get(month=3)
    assert first.due_on == D(2017, 5, 2) and first.display_number == "2017-0001"
    with pytest.raises(ValidationError, match="Seule la métropole"):
        certify_invoice(care["coordinator"], first)
    with pytest.raises(ValidationError, match="Statut"):
        pay_invoice(care["metropole"], first, D(2017, 4, 20))
    certify_invoice(care["metropole"], first, D(2017, 4, 10))
    pay_invoice(care["metropole"], first, D(2017, 4, 20))
    assert CareInvoice.objects.get(pk=first.pk).status == "paid"
    overdue = overdue_invoices(CareInvoice.objects.all(), D(2017, 6, 10))
    assert [i.month for i in overdue] == [4]


def test_who_sees_sessions_and_invoices(care, referral):
    attended(care, referral, D(2017, 3, 6))
    invoice = build_invoice(care["psy"].user, care["psy"], 2017, 3)
    assert scoped(care["psy"].user, CareInvoice).get() == invoice
    assert scoped(care["metropole"], CareInvoice).get() == invoice
    assert not scoped(care["coordinator"], CareInvoice).exists()
    assert scoped(care["coordinator"], CareSession).count() == 1  # attendance
    assert not scoped(care["coordinator"], CareSession, CHANGE).exists()
    assert scoped(care["psy"].user, CareSession, CHANGE).count() == 1
    assert not scoped(UserFactory(), CareInvoiceLine).exists()


def test_the_invoice_api_gives_codes_never_names(client, care, referral):
    attended(care, referral, D(2017, 3, 6))
    build_invoice(care["psy"].user, care["psy"], 2017, 3)
    child = care["child"]
    for user in (care["metropole"], care["psy"].user):
        client.force_login(user)
        body = client.get("/api/v1/care-invoices/").content.decode()
        assert child.code in body
        assert child.first_name not in body and child.last_name not in body
    client.force_login(care["coordinator"])
    assert child.code not in client.get("/api/v1/care-invoices/").content.decode()


def test_paid_invoices_feed_the_psychological_support_line_of_the_convention(care, referral):
    """Article 5: paid invoices fill the actuals of the convention's psychological-support line."""
    metropole = Organisation.objects.get(network=care["network"], kind=Organisation.Kind.METROPOLE)
    convention = make_convention(metropole, [OrganisationFactory(network=care["network"])], year=2017)
    line = BudgetLine.objects.create(
        convention=convention,
        year=2017,
        action_kind=ActionKind.default("accompagnement-psychologique"),
        planned_amount=Decimal("13200"),
    )
    for month in (3, 4):
        attended(care, referral, D(2017, month, 6))
    invoices = [build_invoice(care["psy"].user, care["psy"], 2017, m) for m in (3, 4)]
    for invoice in invoices:
        issue_invoice(care["psy"].user, invoice, D(2017, invoice.month + 1, 2))
        certify_invoice(care["metropole"], invoice, D(2017, invoice.month + 1, 5))
    pay_invoice(care["metropole"], invoices[0], D(2017, 4, 20))
    line.refresh_from_db()
    assert line.actual_amount == invoices[0].total > 0
    pay_invoice(care["metropole"], invoices[1], D(2017, 5, 20))
    line.refresh_from_db()
    assert line.actual_amount == invoices[0].total + invoices[1].total
