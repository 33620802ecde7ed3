"""Issue 9 in a real browser, the psychologist's flow on the demo world: open a child referred to them,
record a session, build the month's invoice and issue it; then the métropole's finance officer
certifies the service, pays, and the dashboard's paid euros move. axe-core checks each care page."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from reussite.care.models import CareInvoice, CareSession
from reussite.core.formatting import format_eur

from .conftest import assert_no_axe_violations, field, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo_world"),
]


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def paid_in_dijon(page):
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="PRE de Dijon"))
    return row.get_by_role("cell").nth(7).inner_text()  # « Payé (€) »


def test_session_invoice_certify_pay_and_the_dashboard_moves(page):
    year = datetime.date.today().year - 1  # the demo's activity year (its hours have no December invoice)
    login(page, "psychologue")
    page.get_by_role("link", name="Mes orientations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orientations vers un psychologue")
    assert_no_axe_violations(page)

    # 1. A session with a child referred to them (named: the psychologist sees who they follow).
    page.locator("table tbody th a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Orientation de")
    assert_no_axe_violations(page)
    page.get_by_label(field("Date de la séance")).fill(f"{year}-12-10")
    page.get_by_label(field("Durée (minutes)")).fill("45")
    page.get_by_label("l'enfant", exact=True).check()
    page.get_by_label("réalisée", exact=True).check()
    submit(page, "Enregistrer la séance")
    expect(page.get_by_text("Séance enregistrée.")).to_be_visible()
    assert CareSession.objects.filter(date=datetime.date(year, 12, 10)).count() == 1

    # A session beyond the hours of the referral is refused with its reason.
    page.get_by_label(field("Date de la séance")).fill(f"{year}-12-11")
    page.get_by_label(field("Durée (minutes)")).fill("240")
    submit(page, "Enregistrer la séance")
    expect(page.get_by_role("alert")).to_contain_text("l'orientation prévoit 16 h")

    # 2. The month's invoice: built as a draft, then issued (numbered, 30 days to pay).
    page.get_by_role("link", name="Factures", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Préparer la facture d'un mois").click()
    assert_no_axe_violations(page)
    page.get_by_label(field("Année")).fill(str(year))
    page.get_by_label(field("Mois")).select_option(label="décembre")
    submit(page, "Préparer la facture")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Facture brouillon")
    assert_no_axe_violations(page)
    submit(page, "Émettre la facture")
    expect(page.get_by_text("Facture émise")).to_be_visible()
    invoice = CareInvoice.objects.get(year=year, month=12)
    assert invoice.status == "issued" and invoice.total == Decimal("50.00")

    # 3. The métropole certifies and pays; the dashboard's paid euros move by the invoice's total.
    page.context.clear_cookies()
    login(page, "finances.metropole")
    page.get_by_role("link", name="Soutien psychologique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Soutien psychologique — heures par territoire")
    assert_no_axe_violations(page)
    paid_before = paid_in_dijon(page)
    page.get_by_role("link", name="Factures", exact=True).click()
    page.get_by_label("Statut").select_option(label="émise")
    submit(page, "Filtrer")
    page.get_by_role("link", name=invoice.display_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(invoice.display_number)
    assert invoice.psychologist.full_name in page.content()
    assert_no_axe_violations(page)
    submit(page, "Certifier le service fait")
    expect(page.get_by_text("Service fait certifié.")).to_be_visible()
    submit(page, "Enregistrer le paiement")
    expect(page.get_by_text("Paiement enregistré.")).to_be_visible()
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    page.get_by_role("link", name="Tableau de bord").click()
    paid_after = paid_in_dijon(page)
    assert paid_after != paid_before
    before = Decimal(paid_before.replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", "."))
    assert paid_after == format_eur(before + invoice.total)
