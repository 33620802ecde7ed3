"""Issue 9 in a real browser, the psychologist's flow on the demo world: open a child referred to them,
record a session, build the month's invoice and issue it; then the métropole's finance officer
certifies the service, pays, and the dashboard's paid euros move. axe-core checks each care page."""

import datetime
import re
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


def dashboard_figures(page, programme):
    """The dashboard's row of ``programme``, by column header (« Heures allouées » → « 8 h »)."""
    headers = [h.inner_text().strip() for h in page.locator("table thead th").all()]
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=programme, exact=True))
    cells = [row.get_by_role("rowheader").inner_text().strip()] + [
        c.strip() for c in row.get_by_role("cell").all_inner_texts()
    ]
    return dict(zip(headers, cells, strict=True))


def children_of_dijon(today):
    """Demo children of Dijon by what a referral today would meet: (eligible, 13 or older, no consent)."""
    from django.core.exceptions import ValidationError

    from reussite.parcours.consents import Purpose
    from reussite.parcours.identity import age_on
    from reussite.parcours.models import Child
    from reussite.parcours.services import require_consent

    eligible, too_old, without_consent = [], [], []
    for child in Child.objects.filter(programme__name="PRE de Dijon").order_by("pk"):
        age = age_on(child.birth_date, today)
        try:
            require_consent(child, Purpose.PSYCHOLOGIST, today)
        except ValidationError:
            consented = False
        else:
            consented = True
        if age >= 13:
            too_old.append(child)
        elif 2 <= age <= 12:
            (eligible if consented else without_consent).append(child)
    return eligible[0], too_old[0], without_consent[0]


def test_allocate_refer_record_invoice_certify_pay_and_the_dashboard_follows_each_step(page):
    """Issue 9's whole chain on a year without hours yet (the current one): each role in turn, and the
    Dijon row of the dashboard checked figure by figure after each step."""
    from reussite.care.dashboard import run_out_date
    from reussite.care.models import CareReferral
    from reussite.care.views import DASHBOARD_COLUMNS
    from reussite.core.formatting import format_short_date

    today = datetime.date.today()
    year = today.year
    child, too_old, without_consent = children_of_dijon(today)
    columns = [c.label for c in DASHBOARD_COLUMNS]

    # 1. The métropole coordination splits 2 000 € (40 h at the demo's 50 € an hour) equally: 8 h each.
    login(page, "coordination.metropole")
    page.get_by_role("link", name="Soutien psychologique").click()
    page.get_by_role("link", name="Répartir les heures d'une année").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Répartir les heures de soutien psychologique d'une année"
    )
    assert_no_axe_violations(page)
    page.get_by_label(field("Année")).fill(str(year))
    page.get_by_label(field("Montant (€)")).fill("2000")
    weights = page.get_by_label(re.compile(r"^\s*Poids — "))
    assert weights.count() == 5
    for i in range(weights.count()):
        weights.nth(i).fill("1")
    page.get_by_label(field("Arrondi des heures à")).select_option(label="l'heure")
    submit(page, "Répartir les heures")
    expect(page.get_by_text("40 h réparties entre les territoires.")).to_be_visible()
    assert f"annee={year}" in page.url
    assert_no_axe_violations(page)
    figures = dashboard_figures(page, "PRE de Dijon")
    assert list(figures) == columns
    assert figures == dict(
        zip(
            columns,
            ["PRE de Dijon", str(year), "8 h", "0 h", "0 h", "8 h", eur(400), eur(0), eur(0), eur(400), "—"],
            strict=True,
        )
    )

    # 2. The programme coordination refers: refused beyond the quota, at 13, without consent; then 6 h.
    page.context.clear_cookies()
    login(page, "coordination.dijon")
    page.get_by_role("link", name="Soutien psychologique").click()
    page.get_by_role("link", name="Orientations", exact=True).click()
    page.get_by_role("link", name="Orienter un enfant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orienter un enfant vers un psychologue")
    assert_no_axe_violations(page)

    def refer(code, hours):
        page.get_by_label(field("Code de l'enfant")).fill(code)
        page.get_by_label(field("Psychologue")).select_option(label="Sacha Démo")
        page.get_by_label(field("Heures demandées")).fill(hours)
        page.get_by_label(field("Orienté le")).fill(today.isoformat())
        submit(page, "Orienter")

    refer(child.code, "9")
    expect(page.get_by_role("alert")).to_contain_text("il reste 8")
    expect(page.get_by_role("alert")).to_contain_text("moins que les 9")
    refer(too_old.code, "2")
    expect(page.get_by_role("alert")).to_contain_text("réservé aux enfants de 2 à 12 ans")
    refer(without_consent.code, "2")
    expect(page.get_by_role("alert")).to_contain_text("Consentement manquant pour « orientation vers un psychologue »")
    assert_no_axe_violations(page)  # the form with its error summary
    assert not CareReferral.objects.filter(referred_on__year=year).exists()
    refer(child.code, "6")
    expect(page.get_by_text("Orientation enregistrée.")).to_be_visible()
    page.get_by_role("link", name="Tableau de bord").click()
    figures = dashboard_figures(page, "PRE de Dijon")
    assert (figures["Heures engagées"], figures["Heures restantes"]) == ("6 h", "8 h")  # committed, not consumed

    # 3. The psychologist records two sessions today (60 and 45 minutes), invoices the month, issues it.
    page.context.clear_cookies()
    login(page, "psychologue")
    page.get_by_role("link", name="Mes orientations").click()
    page.get_by_role("link", name=re.compile(re.escape(child.code))).click()
    for minutes in ("60", "45"):
        page.get_by_label(field("Date de la séance")).fill(today.isoformat())
        page.get_by_label(field("Durée (minutes)")).fill(minutes)
        page.get_by_label("l'enfant", exact=True).check()
        page.get_by_label("réalisée", exact=True).check()
        submit(page, "Enregistrer la séance")
        expect(page.get_by_text("Séance enregistrée.")).to_be_visible()
    page.get_by_role("link", name="Factures", exact=True).click()
    page.get_by_role("link", name="Préparer la facture d'un mois").click()
    page.get_by_label(field("Année")).fill(str(year))
    page.get_by_label(field("Mois")).select_option(value=str(today.month))
    submit(page, "Préparer la facture")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Facture brouillon")
    submit(page, "Émettre la facture")
    expect(page.get_by_text("Facture émise")).to_be_visible()
    invoice = CareInvoice.objects.get(year=year, month=today.month, psychologist__full_name="Sacha Démo")
    assert invoice.total == Decimal("100.00")  # two sessions at 50 € a session

    # 4. The métropole's finance officer sees it invoiced, certifies, pays: the dashboard follows.
    page.context.clear_cookies()
    login(page, "finances.metropole")
    page.get_by_role("link", name="Soutien psychologique").click()  # the current year, now it has hours
    figures = dashboard_figures(page, "PRE de Dijon")
    run_out = run_out_date(Decimal(8), Decimal("1.75"), datetime.date(year, 1, 1), today)
    assert figures == dict(
        zip(
            columns,
            [
                "PRE de Dijon",
                str(year),
                "8 h",
                "6 h",
                "1,75 h",
                "6,25 h",
                eur(400),
                eur(100),
                eur(0),
                eur("312.50"),
                format_short_date(run_out) if run_out else "—",
            ],
            strict=True,
        )
    )
    page.get_by_role("link", name="Factures", exact=True).click()
    page.get_by_role("link", name=invoice.display_number).click()
    assert child.code in page.content() and child.last_name not in page.content()  # codes only for the métropole
    submit(page, "Certifier le service fait")
    expect(page.get_by_text("Service fait certifié.")).to_be_visible()
    submit(page, "Enregistrer le paiement")
    expect(page.get_by_text("Paiement enregistré.")).to_be_visible()
    page.get_by_role("link", name="Tableau de bord").click()
    figures = dashboard_figures(page, "PRE de Dijon")
    assert figures["Année"] == str(year)
    assert (figures["Facturé (€)"], figures["Payé (€)"], figures["Reste (€)"]) == (eur(100), eur(100), eur("312.50"))
    assert_no_axe_violations(page)


def eur(amount):
    return format_eur(Decimal(amount))
