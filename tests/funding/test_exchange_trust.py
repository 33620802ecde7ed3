"""The JSON exchange goes through the pages' services: a convention made in the pages exports and
imports back identical; bad files get French messages by JSON path, never a server error."""

import json

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.funding.exchange import ImportRefused, export_convention, export_queryset, import_convention
from reussite.funding.models import ActionKind, Convention, FundingYear

pytestmark = pytest.mark.django_db


def exported(convention):
    return export_convention(export_queryset().get(pk=convention.pk))


def refused_messages(user, raw):
    before = Convention.objects.count()
    with pytest.raises(ImportRefused) as info:
        import_convention(user, raw)
    assert Convention.objects.count() == before, "a refused file leaves nothing behind"
    return info.value.messages


def make_in_the_pages(client, world):
    """A convention as a finance officer makes it: creation, parties, lines, percentage key, approval."""
    client.force_login(world.user(Role.FINANCE_OFFICER))
    response = client.post(
        reverse("funding:convention_create"),
        {
            "reference": "CONV-PAGES",
            "title": "Coordination des PRE 2025",
            "kind": "annual",
            "first_year": "2025",
            "last_year": "2025",
            "starts_on_signature": "on",
            "end_date": "2025-12-31",
            "place": "Dijon",
            "rounding_unit": "1",
            "payment_delay_days": "30",
        },
    )
    assert response.status_code == 302
    convention = Convention.objects.get(reference="CONV-PAGES")
    for position, (org, role) in enumerate(
        [(world.metropole, "coordinator"), (world.carrier, "paying"), (world.carrier2, "paying")], start=1
    ):
        response = client.post(
            reverse("funding:party_add", args=[convention.pk]),
            {
                "organisation": org.pk,
                "role": role,
                "position": position,
                "approval_reference": f"DEL-{position}",
                "approval_date": "2025-02-01",
                "has_approved": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()
    response = client.post(
        reverse("funding:lines_edit", args=[convention.pk, 2025]),
        {
            "lignes-TOTAL_FORMS": "1",
            "lignes-INITIAL_FORMS": "0",
            "lignes-0-action_kind": ActionKind.default("coordination").pk,
            "lignes-0-planned_amount": "3001",
            "lignes-0-position": "1",
        },
    )
    assert response.status_code == 302
    parties = {p.organisation_id: p.pk for p in convention.parties.all()}
    response = client.post(
        reverse("funding:funding_edit", args=[convention.pk, 2025]),
        {
            "total_cost": "3001",
            "shared_total": "1001",
            "key_kind": "percent",
            f"part-{parties[world.metropole.pk]}-kind": "contribution",
            f"part-{parties[world.metropole.pk]}-fixed_amount": "2000",
            f"part-{parties[world.carrier.pk]}-kind": "key",
            f"part-{parties[world.carrier.pk]}-key_percent": "50",
            f"part-{parties[world.carrier2.pk]}-kind": "key",
            f"part-{parties[world.carrier2.pk]}-key_percent": "50",
        },
    )
    assert response.status_code == 302, response.content.decode()
    response = client.post(
        reverse("funding:convention_status", args=[convention.pk]),
        {"status": "approved", "effective_date": "2025-02-10"},
    )
    assert response.status_code == 302
    return convention


def test_a_convention_made_in_the_pages_exports_and_imports_back_identical(client, world):
    convention = make_in_the_pages(client, world)
    document = exported(convention)
    assert [h["to"] for h in document["history"]] == ["draft", "approved"]
    Convention.objects.filter(pk=convention.pk).update(reference="ORIGINAL")
    imported = import_convention(world.user(Role.FINANCE_OFFICER), json.dumps(document))
    assert imported.status == "approved"
    assert exported(imported) == document


def test_the_import_splits_through_the_funding_service(client, world):
    """The amounts of a key are computed by the split of the funding page (largest remainder: the
    50/50 split of 1 001 € gives 501 € and 500 €), and the year is marked as computed."""
    convention = make_in_the_pages(client, world)
    document = exported(convention)
    shares = document["years"][0]["funding"]["shares"]
    assert sorted(s["amount"] for s in shares if s["kind"] == "key") == ["500.00", "501.00"]
    Convention.objects.filter(pk=convention.pk).update(reference="ORIGINAL")
    imported = import_convention(world.user(Role.FINANCE_OFFICER), json.dumps(document))
    assert FundingYear.objects.get(convention=imported).computed_at is not None


@pytest.fixture
def document(client, world):
    convention = make_in_the_pages(client, world)
    doc = exported(convention)
    Convention.objects.filter(pk=convention.pk).update(reference="ORIGINAL")
    return doc


def test_a_key_share_without_its_optional_fixed_amount(world, document):
    for share in document["years"][0]["funding"]["shares"]:
        if share["kind"] == "key":
            del share["fixed_amount"]
    imported = import_convention(world.user(Role.FINANCE_OFFICER), json.dumps(document))
    amounts = [s["amount"] for s in document["years"][0]["funding"]["shares"]]
    assert [s["amount"] for s in exported(imported)["years"][0]["funding"]["shares"]] == amounts


def test_a_huge_key_count_is_refused_by_path(world, document):
    document["years"][0]["funding"]["shares"][1]["key_count"] = 10**30
    messages = refused_messages(world.user(Role.FINANCE_OFFICER), json.dumps(document))
    assert messages == [
        "years[0].funding.shares[1].key_count : 1000000000000000000000000000000 est supérieur au maximum 2147483647."
    ]


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json_is_refused(world, depth):
    raw = '{"schema": ' + "[" * depth + "]" * depth + "}"
    messages = refused_messages(world.user(Role.FINANCE_OFFICER), raw)
    assert messages == ["fichier : structure trop imbriquée (32 niveaux au plus)."]


def test_a_number_too_long_is_refused(world):
    messages = refused_messages(world.user(Role.FINANCE_OFFICER), '{"schema": ' + "9" * 5000 + "}")
    assert messages == ["fichier : nombre trop long dans le fichier."]


def test_a_long_value_is_not_echoed_whole(world, document):
    document["parties"][0]["role"] = "x" * 10_000
    (message,) = refused_messages(world.user(Role.FINANCE_OFFICER), json.dumps(document))
    assert message.startswith("parties[0].role : valeur « xxx") and len(message) < 300


def test_options_on_the_exchange_endpoints_is_not_a_server_error(client, world, document):
    client.force_login(world.user(Role.FINANCE_OFFICER))
    original = Convention.objects.get(reference="ORIGINAL")
    for url in ("/api/v1/conventions/import/", f"/api/v1/conventions/{original.pk}/export/"):
        response = client.options(url)
        assert response.status_code == 200, url
        assert response.json()["name"]


def test_api_import_with_a_service_refusal_answers_400_by_path(client, world, document):
    document["years"][0]["funding"]["shares"][1]["key_percent"] = "60"
    client.force_login(world.user(Role.FINANCE_OFFICER))
    response = client.post("/api/v1/conventions/import/", json.dumps(document), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "path": "years[0].funding.shared_total",
            "message": "Pourcentages de la clé : ils totalisent 110,00\u00a0%, ils doivent totaliser 100 %.",
        }
    ]
    assert not Convention.objects.filter(reference="CONV-PAGES").exists()
