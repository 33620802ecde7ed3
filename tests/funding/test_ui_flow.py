"""A new convention through the pages, as a finance officer would do it, and bad input refused whole."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reussite.funding.models import ActionKind, CallForFunds, Convention, FundingYear, Payment
from tests.factories import OrganisationFactory, ProgrammeFactory, YouthCountFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db

CONVENTION = {
    "reference": "CONV-2025-PR",
    "title": "Coordination des PRE 2025",
    "kind": "annual",
    "first_year": "2025",
    "last_year": "2025",
    "starts_on_signature": "on",
    "end_date": "2025-12-31",
    "originals_count": "4",
    "place": "Dijon",
    "rounding_unit": "1",
    "payment_delay_days": "30",
}


def _text(response):
    return response.content.decode()


def test_three_party_pro_rata_convention_from_creation_to_payment(client, world):
    carrier3 = OrganisationFactory(network=world.network, short_name="CCAS A3")
    ProgrammeFactory(network=world.network, carrier=carrier3)
    for org, count in [(world.carrier, 113), (world.carrier2, 551), (carrier3, 101)]:
        YouthCountFactory(programme=org.carried_programmes.get().programme, year=2024, count=count)
    client.force_login(world.user("finance_officer"))

    response = client.post(reverse("funding:convention_create"), CONVENTION)
    convention = Convention.objects.get(reference="CONV-2025-PR")
    assert response.status_code == 302 and convention.network == world.network
    assert list(convention.status_changes.values_list("from_status", "to_status")) == [("", "draft")]
    for position, (org, role) in enumerate(
        [(world.metropole, "coordinator"), (world.carrier, "paying"), (world.carrier2, "paying"), (carrier3, "paying")]
    ):
        response = client.post(
            reverse("funding:party_add", args=[convention.pk]),
            {
                "organisation": org.pk,
                "role": role,
                "position": position,
                "signatory_name": "Nom Signataire",
                "signatory_capacity": "Président",
                "approval_reference": f"DEL-{position}",
                "approval_date": "2025-02-01",
                "has_approved": "on",
            },
        )
        assert response.status_code == 302, _text(response)
    parties = {p.organisation_id: p for p in convention.parties.all()}
    data = {
        "total_cost": "17500",
        "shared_total": "7500",
        "key_kind": "pro_rata",
        "count_year": "2024",
        f"part-{parties[world.metropole.pk].pk}-kind": "contribution",
        f"part-{parties[world.metropole.pk].pk}-fixed_amount": "10000",
    }
    for org in (world.carrier, world.carrier2, carrier3):
        data[f"part-{parties[org.pk].pk}-kind"] = "key"
    response = client.post(reverse("funding:funding_edit", args=[convention.pk, 2025]), data)
    assert response.status_code == 302, _text(response)
    amounts = {s.party.organisation.short_name: s.amount for s in FundingYear.objects.get().shares.all()}
    assert amounts == {
        "Métropole A": Decimal("10000"),
        "CCAS A1": Decimal("1108"),
        "CCAS A2": Decimal("5402"),
        "CCAS A3": Decimal("990"),
    }
    response = client.post(
        reverse("funding:lines_edit", args=[convention.pk, 2025]),
        {
            "lignes-TOTAL_FORMS": "2",
            "lignes-INITIAL_FORMS": "0",
            "lignes-0-action_kind": ActionKind.default("analyse-de-la-pratique").pk,
            "lignes-0-planned_amount": "4300",
            "lignes-0-position": "1",
            "lignes-1-action_kind": ActionKind.default("accompagnement-psychologique").pk,
            "lignes-1-planned_amount": "13200",
            "lignes-1-position": "2",
        },
    )
    assert response.status_code == 302, _text(response)
    detail = _text(client.get(reverse("funding:convention_detail", args=[convention.pk])))
    assert "Somme des lignes 17\u202f500,00\u00a0€ = coût prévisionnel" in detail
    assert "Financements 17\u202f500,00\u00a0€ = coût" in detail

    for status, day in [("approved", "2025-02-10"), ("signed", "2025-02-20"), ("notified", "2025-03-01")]:
        response = client.post(
            reverse("funding:convention_status", args=[convention.pk]), {"status": status, "effective_date": day}
        )
        assert response.status_code == 302, _text(response)
    response = client.post(
        reverse("funding:calls_issue", args=[convention.pk, 2025]), {"issue_date": "2025-03-05", "due_date": ""}
    )
    assert response.status_code == 302
    calls = list(CallForFunds.objects.order_by("number"))
    assert [(c.reference, c.amount) for c in calls] == [
        ("2025-001", Decimal("1108")),
        ("2025-002", Decimal("5402")),
        ("2025-003", Decimal("990")),
    ]
    assert calls[0].due_date.isoformat() == "2025-04-04"
    pdf = client.get(reverse("funding:call_pdf", args=[calls[2].pk]))
    assert pdf["Content-Disposition"] == 'attachment; filename="appel-de-fonds-2025-003.pdf"'
    response = client.post(
        reverse("funding:payment_create", args=[calls[0].pk]),
        {"amount": "1108,00", "paid_on": "2025-04-01", "reference": "Mandat 42"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("1108")


def test_convention_form_errors_name_the_field_and_nothing_is_saved(client, world):
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:convention_create"),
        {**CONVENTION, "title": "", "last_year": "2024", "starts_on_signature": "", "end_date": "2025-12-31"},
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Intitulé : Ce champ est obligatoire." in text
    assert "Dernière année : elle doit être postérieure ou égale à la première année." in text
    assert "Date de début : obligatoire si la convention ne s&#x27;applique pas à compter de sa signature." in text
    assert not Convention.objects.exists()


def test_inline_validation_returns_only_the_errors_never_the_inputs(client, world):
    """Issue 12: live validation replaced the whole fieldset, so what the user was typing in another
    field was lost. It now answers only the error messages, swapped out of band into their places."""
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:convention_validate"), {**CONVENTION, "first_year": "1990"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Première année : saisissez une année entre 2000 et 2100." in text
    assert 'id="id_first_year_error" hx-swap-oob="true"' in text
    assert "<input" not in text and "<select" not in text and "<textarea" not in text
    assert not Convention.objects.exists()


def test_duplicate_reference_refused(client, world):
    make_convention(world.metropole, [world.carrier], reference="CONV-2025-PR")
    client.force_login(world.user("finance_officer"))
    response = client.post(reverse("funding:convention_create"), CONVENTION)
    assert "Référence : une autre convention du réseau porte déjà cette référence." in _text(response)
    assert Convention.objects.count() == 1


def test_funding_with_percentages_not_adding_to_100_is_refused_whole(client, world):
    # A draft: a signed convention changes only by an avenant (tests/funding/test_amendments.py).
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], status=Convention.Status.DRAFT)
    year = convention.funding_years.get()
    before = {s.pk: (s.key_percent, s.amount) for s in year.shares.all()}
    parties = {p.organisation_id: p.pk for p in convention.parties.all()}
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:funding_edit", args=[convention.pk, 2025]),
        {
            "total_cost": "2000",
            "shared_total": "1000",
            "key_kind": "percent",
            f"part-{parties[world.metropole.pk]}-kind": "contribution",
            f"part-{parties[world.metropole.pk]}-fixed_amount": "1000",
            f"part-{parties[world.carrier.pk]}-kind": "key",
            f"part-{parties[world.carrier.pk]}-key_percent": "16",
            f"part-{parties[world.carrier2.pk]}-kind": "key",
            f"part-{parties[world.carrier2.pk]}-key_percent": "82",
        },
    )
    assert response.status_code == 200
    assert "ils totalisent 98,00\u00a0%, ils doivent totaliser 100 %" in _text(response)
    year.refresh_from_db()
    assert (year.total_cost, year.shared_total) == (Decimal("1900"), Decimal("900"))
    assert {s.pk: (s.key_percent, s.amount) for s in year.shares.all()} == before


def test_funding_preview_saves_nothing(client, world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2])
    parties = {p.organisation_id: p.pk for p in convention.parties.all()}
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:funding_edit", args=[convention.pk, 2025]),
        {
            "total_cost": "2001",
            "shared_total": "1001",
            "key_kind": "percent",
            f"part-{parties[world.metropole.pk]}-kind": "contribution",
            f"part-{parties[world.metropole.pk]}-fixed_amount": "1000",
            f"part-{parties[world.carrier.pk]}-kind": "key",
            f"part-{parties[world.carrier.pk]}-key_percent": "50",
            f"part-{parties[world.carrier2.pk]}-kind": "key",
            f"part-{parties[world.carrier2.pk]}-key_percent": "50",
        },
        HTTP_HX_REQUEST="true",
    )
    text = _text(response)
    assert "Aperçu (non enregistré)" in text and "501,00" in text
    assert convention.funding_years.get().shared_total == Decimal("900")


def test_payment_above_the_balance_is_refused_with_the_field_named(client, world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:payment_create", args=[call.pk]), {"amount": "900,01", "paid_on": "2025-05-01"}
    )
    assert response.status_code == 200
    assert "Montant : 900,01\u00a0€ dépasse le solde restant dû" in _text(response)
    assert not Payment.objects.exists()


def test_commune_body_sees_only_its_own_calls_for_funds(client, world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], issue=True)
    client.force_login(world.user("programme_coordinator"))
    detail = _text(client.get(reverse("funding:convention_detail", args=[convention.pk])))
    own = convention.calls_for_funds.get(party__organisation=world.carrier)
    other = convention.calls_for_funds.get(party__organisation=world.carrier2)
    assert own.reference in detail and other.reference not in detail
    api = client.get(reverse("api:call-for-funds-list")).json()
    assert [c["id"] for c in api["results"]] == [own.pk]
    assert "Modifier" not in detail


def test_home_card_lists_overdue_calls_to_those_who_follow_the_cash(client, world):
    make_convention(world.metropole, [world.carrier], issue=True)  # due 1 May 2025: overdue today
    for role in ("finance_officer", "metropole_coordinator", "programme_coordinator"):
        client.force_login(world.user(role))
        assert "Appels de fonds en retard" in _text(client.get(reverse("home"))), role
    for role in ("psychologist", "reader", "referent"):
        client.force_login(world.user(role))
        assert "Appels de fonds en retard" not in _text(client.get(reverse("home"))), role


def test_state_allocations_cap_the_calls_for_funds(client, world):
    convention = make_convention(world.metropole, [world.carrier], capped_by_state_allocation=True)
    party = convention.parties.get(organisation=world.carrier)
    client.force_login(world.user("finance_officer"))
    url = reverse("funding:allocations_edit", args=[convention.pk, 2025])
    response = client.post(url, {f"dotation-{party.pk}-amount": "-1"})
    assert "Dotation de l&#x27;État — CCAS A1 : " in _text(response)
    assert not party.state_allocations.exists()
    assert client.post(url, {f"dotation-{party.pk}-amount": "600,50"}).status_code == 302
    response = client.post(reverse("funding:calls_issue", args=[convention.pk, 2025]), {"issue_date": "2025-04-01"})
    assert response.status_code == 302
    call = convention.calls_for_funds.get()
    assert (call.share_amount, call.amount) == (Decimal("900"), Decimal("600.50"))


def test_article_7_is_visible_on_the_convention(client, world):
    from reussite.funding.models import StateConvention

    convention = make_convention(world.metropole, [world.carrier], status="in_force")
    state_convention = StateConvention.objects.get(party__convention=convention)
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:state_convention_status", args=[state_convention.pk]),
        {"status": "suspended", "effective_date": "2025-06-01", "reason": "Contrôle de l'État"},
    )
    assert response.status_code == 302
    detail = _text(client.get(reverse("funding:convention_detail", args=[convention.pk])))
    suspended = "Convention suspendue le 1er juin 2025 — Article 7 : convention avec l&#x27;État de CCAS A1 suspendue."
    assert suspended in detail
    assert '<span class="badge">article 7</span>' in detail
