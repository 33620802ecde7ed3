"""The care pages as each audience uses them: the psychologist names the children referred to them,
the métropole reads codes only (pages, exports, PDF), the coordination refers and is refused with
the reason; lists are filtered, paginated, exported and cost a constant number of queries."""

import datetime
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from reussite.audit.models import AccessLog
from reussite.care.models import CareInvoice, CareReferral, CareSession
from reussite.care.services import build_invoice, record_session, refer_to_psychologist
from reussite.parcours.models import Child
from tests.matrix import served_text
from tests.parcours.factories import consent, make_child
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
D = datetime.date
NAME = "anatole sentinelle"  # the fixture child's name as a page shows it (normalised)


@pytest.fixture
def referred(care):
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 20, D(2017, 3, 1))
    for day in (6, 13, 20):
        record_session(care["psy"].user, referral, D(2017, 3, day), 45, "child", "attended")
    record_session(care["psy"].user, referral, D(2017, 3, 27), 45, "child", "missed")
    return referral


def errors(body):
    return re.search(r'<div class="form-errors".*?</div>', body).group(0)


def text(response):
    assert response.status_code == 200, response.status_code
    return served_text(response)


def test_the_psychologist_sees_the_children_referred_to_them_by_name_and_the_access_is_logged(client, care, referred):
    client.force_login(care["psy"].user)
    body = text(client.get(reverse("care:referral_list")))
    assert NAME in body and care["child"].code.casefold() in body
    logged = AccessLog.objects.filter(
        user=care["psy"].user, content_type=ContentType.objects.get_for_model(Child), object_id=care["child"].pk
    )
    assert logged.exists()
    detail = text(client.get(reverse("care:referral_detail", args=[referred.pk])))
    assert NAME in detail and "2,25 h réalisées" in detail
    # The name, not the file: the parcours page and the family stay out of reach.
    assert client.get(reverse("parcours:child_detail", args=[care["child"].pk])).status_code == 404
    assert "12 rue des témoins" not in detail and "maud" not in detail


def test_the_metropole_reads_codes_only_on_pages_exports_and_the_invoice_pdf(client, care, referred):
    invoice = build_invoice(care["psy"].user, care["psy"], 2017, 3)
    client.force_login(care["metropole"])
    for name in ("care:referral_list", "care:session_list", "care:invoice_list", "care:dashboard"):
        body = text(client.get(reverse(name), {"annee": 2017}))
        assert NAME not in body and "sentinelle" not in body, name
    assert care["child"].code.casefold() in text(client.get(reverse("care:referral_list")))
    for name in ("care:referral_list", "care:session_list"):
        csv = client.get(reverse(name), {"format": "csv"}).content.decode("utf-8-sig")
        assert care["child"].code in csv and "Sentinelle" not in csv
        workbook = load_workbook(io.BytesIO(client.get(reverse(name), {"format": "xlsx"}).content))
        cells = [str(c.value) for row in workbook.active.iter_rows() for c in row]
        assert care["child"].code in cells and not any("Sentinelle" in c for c in cells)
    pdf = client.get(reverse("care:invoice_pdf", args=[invoice.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    printed = served_text(pdf)
    assert care["child"].code.casefold() in printed and "sentinelle" not in printed
    assert "261-4-1°" in printed and "150,00" in printed  # three sessions at 50 €
    assert not AccessLog.objects.filter(user=care["metropole"]).exists()


def test_the_coordination_refers_a_child_and_is_refused_with_the_reason(client, care):
    client.force_login(care["coordinator"])
    url = reverse("care:referral_create")
    form = {
        "child_code": care["child"].code,
        "psychologist": care["psy"].pk,
        "hours": "10",
        "referred_on": "2017-03-01",
    }
    response = client.post(url, form)
    referral = CareReferral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("care:referral_detail", args=[referral.pk])
    # A 13-year-old, without consent, beyond the quota: the page names the reason, nothing is saved.
    old = make_child(care["programmes"][0], first_name="Basile", birth_date=D(2003, 1, 1))
    consent(old, purposes=("follow_up", "psychologist"), given_on=D(2017, 1, 10))
    body = text(client.post(url, {**form, "child_code": old.code}))
    assert "réservé aux enfants de 2 à 12 ans" in body
    without = make_child(care["programmes"][0], first_name="Cyprien", birth_date=D(2010, 1, 1))
    body = text(client.post(url, {**form, "child_code": without.code}))
    assert "consentement" in body
    body = text(client.post(url, {**form, "hours": "500"}))
    assert "il reste" in body and "moins que les 500" in body
    # A child outside the coordination's programmes answers like an unknown code.
    other = make_child(care["programmes"][1], first_name="Désiré")
    unknown = text(client.post(url, {**form, "child_code": "ZZZ-000000"}))
    outside = text(client.post(url, {**form, "child_code": other.code}))
    assert "aucun enfant de vos programmes ne porte ce code" in outside
    assert errors(outside) == errors(unknown)
    assert CareReferral.objects.count() == 1


def test_the_psychologist_records_sessions_builds_and_issues_the_invoice(client, care, referred):
    client.force_login(care["psy"].user)
    url = reverse("care:referral_detail", args=[referred.pk])
    session = {"date": "2017-04-03", "duration_minutes": "60", "with_whom": "parents", "attendance": "attended"}
    assert client.post(url, session).status_code == 302
    body = text(client.post(url, {**session, "duration_minutes": "5"}))
    assert "durée (minutes)" in body and CareSession.objects.count() == 5
    response = client.post(reverse("care:invoice_build"), {"year": 2017, "month": 4})
    invoice = CareInvoice.objects.get(month=4)
    assert response["Location"] == reverse("care:invoice_detail", args=[invoice.pk])
    assert text(client.post(reverse("care:invoice_build"), {"year": 2017, "month": 4})).count("déjà sa facture")
    assert client.post(reverse("care:invoice_detail", args=[invoice.pk]), {"action": "issue"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "issued" and invoice.number == 1
    # The psychologist cannot certify their own invoice.
    assert client.post(reverse("care:invoice_detail", args=[invoice.pk]), {"action": "certify"}).status_code == 404


def test_the_metropole_certifies_and_pays_and_the_dashboard_moves(client, care, referred):
    invoice = build_invoice(care["psy"].user, care["psy"], 2017, 3)
    client.force_login(care["psy"].user)
    client.post(reverse("care:invoice_detail", args=[invoice.pk]), {"action": "issue"})
    client.force_login(care["metropole"])
    url = reverse("care:invoice_detail", args=[invoice.pk])
    assert client.post(url, {"action": "certify"}).status_code == 302
    body = text(client.post(url, {"action": "pay", "paid_on": "2016-01-01"}))
    assert "ne peut précéder l'émission" in body
    assert client.post(url, {"action": "pay", "paid_on": "2026-12-01"}).status_code == 302
    dashboard = text(client.get(reverse("care:dashboard"), {"annee": 2017}))
    assert "150,00 €" in dashboard  # 3 attended sessions at 50 € invoiced and paid
    csv = client.get(reverse("care:dashboard"), {"annee": 2017, "format": "csv"}).content.decode("utf-8-sig")
    row = next(line.split(";") for line in csv.splitlines() if line.startswith(care["programmes"][0].name))
    assert row[4] == "2,25" and row[7] == "150,00" and row[8] == "150,00"  # consumed h, invoiced, paid


def test_roles_without_care_get_404(client, care):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    for name in ("care:dashboard", "care:referral_list", "care:session_list", "care:invoice_list"):
        assert client.get(reverse(name)).status_code == 404, name
    client.force_login(care["coordinator"])
    assert client.get(reverse("care:invoice_list")).status_code == 404


@pytest.mark.parametrize(
    ("user_key", "name"),
    [
        ("psy", "care:referral_list"),
        ("coordinator", "care:referral_list"),
        ("metropole", "care:session_list"),
        ("psy", "care:session_list"),
        ("metropole", "care:invoice_list"),
        ("metropole", "care:dashboard"),
    ],
)
def test_lists_cost_the_same_queries_for_1_and_50_rows(client, care, user_key, name):
    user = care["psy"].user if user_key == "psy" else care[user_key]
    state = {"n": 0}

    def grow(n):
        while state["n"] < n:
            state["n"] += 1
            child = make_child(care["programmes"][0], first_name=f"Enfant{state['n']}", birth_date=D(2010, 1, 1))
            consent(child, purposes=("follow_up", "psychologist"), given_on=D(2017, 1, 10))
            referral = refer_to_psychologist(care["coordinator"], child, care["psy"], 1, D(2017, 2, 1))
            record_session(care["psy"].user, referral, D(2017, 2, 2), 30, "child", "attended")
            if name == "care:invoice_list":
                CareInvoice.objects.create(psychologist=care["psy"], year=2000 + state["n"], month=1, total=1)

    client.force_login(user)
    assert_constant_queries(client, reverse(name) + "?annee=2017" * (name != "care:invoice_list"), grow, 20)


def test_the_metropole_moves_hours_from_the_allocation_page_with_a_reason(client, care):
    allocation = care["allocation"]
    other = allocation.budget.allocations.exclude(pk=allocation.pk).order_by("programme__name").first()
    url = reverse("care:allocation_detail", args=[allocation.pk])
    client.force_login(care["coordinator"])  # the programme sees its hours, moves none
    body = text(client.get(url))
    assert "heures allouées" in body and "transférer" not in body
    assert client.post(url, {"action": "adjust", "ajustement-delta": "1", "ajustement-reason": "x"}).status_code == 404
    client.force_login(care["metropole"])
    form = {"action": "transfer", "transfert-target": other.pk, "transfert-hours": "3", "transfert-reason": ""}
    body = text(client.post(url, form))
    assert "motif" in body and "ce champ est obligatoire" in body
    body = text(client.post(url, {**form, "transfert-hours": "9999", "transfert-reason": "besoin"}))
    assert "le territoire d'origine n'a que" in body
    response = client.post(url, {**form, "transfert-reason": "liste d'attente"})
    assert response.status_code == 302
    assert "liste d'attente" in text(client.get(url))
    allocation.refresh_from_db()
    other.refresh_from_db()
    assert allocation.hours == allocation.initial_hours - 3 and other.hours == other.initial_hours + 3
    overrun = {"action": "overrun", "depassement-hours": "2", "depassement-reason": "urgence"}
    assert client.post(url, overrun).status_code == 302
    assert "dépassement approuvé" in text(client.get(url))


def test_the_metropole_splits_a_year_s_budget_into_hours_that_add_up(client, care):
    from reussite.care.models import HourBudget

    client.force_login(care["metropole"])
    url = reverse("care:budget_create")
    form = {"year": 2018, "amount": "", "budget_line": "", "unit": "0.5"}
    # The key starts from the latest one used (2017's youth identified).
    body = client.get(url).content.decode()
    assert 'value="551.00"' in body
    weights = {f"weight_{p.pk}": w for p, w in zip(care["programmes"], ["50", "20", "10", "10", "10"], strict=True)}
    body = text(client.post(url, {**form, **weights}))
    assert "montant : saisissez-le" in body and not HourBudget.objects.filter(year=2018).exists()
    body = text(client.post(url, {**form, **weights, "year": 2016, "amount": "1 000,00 €"}))
    assert "aucun tarif n'est en vigueur au 1er janvier 2016" in body
    response = client.post(url, {**form, **weights, "amount": "13 200,00 €"})
    assert response.status_code == 302 and response["Location"] == reverse("care:dashboard") + "?annee=2018"
    budget = HourBudget.objects.get(year=2018)
    hours = list(budget.allocations.order_by("-weight", "programme_id").values_list("hours", flat=True))
    assert budget.total_hours == 264 and sum(hours) == 264 and hours[0] == 132
    client.force_login(care["coordinator"])
    assert client.get(url).status_code == 404
