"""JSON exchange of a convention: round trip, and bad files refused whole with messages naming the field."""

import copy
import datetime
import json

import pytest
from django.urls import reverse

from reussite.accounts.models import Membership, Role
from reussite.funding import demo, services
from reussite.funding.exchange import (
    SCHEMA,
    SCHEMA_ID,
    ImportRefused,
    export_convention,
    export_queryset,
    import_convention,
)
from reussite.funding.models import (
    BudgetLine,
    Convention,
    ConventionParty,
    FundingShare,
    StateAllocation,
    StateConvention,
)
from tests.funding_exchange.factories import make_convention

pytestmark = pytest.mark.django_db


def exported(convention):
    return export_convention(export_queryset().get(pk=convention.pk))


def reimport(user, document):
    """Free the reference in the network (the original keeps its rows), then import the document."""
    Convention.objects.filter(reference=document["convention"]["reference"]).update(reference="ORIGINAL")
    return import_convention(user, json.dumps(document))


def refused(user, raw):
    before = (Convention.objects.count(), ConventionParty.objects.count(), BudgetLine.objects.count())
    with pytest.raises(ImportRefused) as info:
        import_convention(user, raw)
    after = (Convention.objects.count(), ConventionParty.objects.count(), BudgetLine.objects.count())
    assert after == before, "a refused file must leave nothing behind"
    return info.value.messages


# --- Round trip ----------------------------------------------------------------------------------


def test_round_trip_of_the_2017_demo_convention(demo_world):
    original = Convention.objects.get(reference=demo.REF_2017)
    first = exported(original)
    user = Membership.objects.get(role=Role.FINANCE_OFFICER, organisation__short_name="Dijon Métropole").user
    imported = reimport(user, first)
    assert imported.pk != original.pk
    assert imported.status == Convention.Status.EXPIRED  # the history was replayed through the services
    assert exported(imported) == first
    assert first["years"][0]["funding"]["shares"][1] == {
        "party": "CCAS de Chenôve",
        "kind": "key",
        "fixed_amount": "1224.00",
        "key_percent": None,
        "key_count": None,
        "amount": "1224.00",
        "printed_amount": "1224.00",
        "printed_percent": "16",
    }


def test_round_trip_of_the_cpo_with_shares_to_be_set(demo_world):
    first = exported(Convention.objects.get(reference=demo.REF_CPO))
    user = Membership.objects.get(role=Role.METROPOLE_COORDINATOR, organisation__short_name="Dijon Métropole").user
    imported = reimport(user, first)
    assert exported(imported) == first
    assert [y["year"] for y in first["years"]] == [2024, 2025, 2026]
    assert {s["amount"] for s in first["years"][0]["funding"]["shares"]} == {"12500.00", "4820.00", None}


def test_round_trip_with_percent_key_state_conventions_allocations_and_article_7_history(world):
    user = world.user(Role.FINANCE_OFFICER)
    convention = make_convention(world.network, world.metropole, [world.carrier, world.carrier2])
    funding_year = convention.funding_years.get()
    funding_year.key_kind = "percent"
    funding_year.save()
    for share, pct in zip(
        funding_year.shares.filter(kind="key").order_by("party__position"), ["60", "40"], strict=True
    ):
        share.key_percent = pct
        share.save()
    services.compute_split(funding_year)
    paying = convention.parties.get(organisation=world.carrier)
    state = StateConvention.objects.create(party=paying, reference="CV-ETAT-1", start_date=datetime.date(2025, 1, 1))
    StateAllocation.objects.create(party=paying, year=2025, amount="550.50")
    for status, day in [("approved", 2), ("signed", 3), ("notified", 4), ("in_force", 5)]:
        services.change_status(convention, status, on=datetime.date(2025, 2, day), by=user)
    services.change_state_convention_status(state, "suspended", on=datetime.date(2025, 6, 1), by=user)
    convention.refresh_from_db()
    assert convention.status == "suspended"

    first = exported(convention)
    assert first["history"][-1]["caused_by"] == {"party": world.carrier.short_name, "state_convention": 0}
    imported = reimport(user, first)
    assert imported.status == "suspended"
    assert imported.status_changes.last().caused_by.party.organisation == world.carrier
    assert exported(imported) == first


def test_export_is_versioned_and_amounts_are_decimal_strings(world):
    document = exported(make_convention(world.network, world.metropole, [world.carrier, world.carrier2]))
    assert document["schema"] == SCHEMA_ID
    funding = document["years"][0]["funding"]
    assert funding["total_cost"] == "3000.00" and funding["shared_total"] == "1000.00"
    assert "id" not in document["convention"] and "id" not in document["parties"][0]


def test_documentation_describes_every_field_of_the_schema():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "convention-json.md").read_text(encoding="utf-8")

    def fields(schema, prefix=""):
        if "oneOf" in schema:
            for branch in schema["oneOf"]:
                yield from fields(branch, prefix)
            return
        if schema.get("type") == "array" or schema.get("type") == ["array"]:
            yield from fields(schema["items"], prefix + "[]")
            return
        for name, sub in schema.get("properties", {}).items():
            yield f"{prefix}.{name}".lstrip(".")
            yield from fields(sub, f"{prefix}.{name}".lstrip("."))

    missing = [f for f in fields(SCHEMA) if f"`{f}`" not in doc]
    assert not missing, f"docs/convention-json.md does not describe: {missing}"


# --- Bad files -----------------------------------------------------------------------------------


@pytest.fixture
def valid(world):
    """A valid export of a three-party convention, its original renamed so the reference is free."""
    convention = make_convention(world.network, world.metropole, [world.carrier, world.carrier2])
    document = exported(convention)
    Convention.objects.filter(pk=convention.pk).update(reference="ORIGINAL")
    return document


@pytest.fixture
def staff(world):
    return world.user(Role.FINANCE_OFFICER)


def test_the_valid_fixture_imports(staff, valid):
    convention = import_convention(staff, json.dumps(valid))
    assert convention.parties.count() == 3
    assert convention.network.name == "Réseau A"


def _set(path, value):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _share(i):
    return ["years", 0, "funding", "shares", i]


def _duplicate_year(doc):
    doc["years"].append(copy.deepcopy(doc["years"][0]))


def _history(*steps):
    return _set(["history"], [{"to": s, "effective_date": "2025-02-01"} for s in steps])


def _history_to(*steps):
    """A history leading to its last step, as the convention's status says."""

    def mutate(doc):
        _history(*steps)(doc)
        doc["convention"]["status"] = steps[-1]

    return mutate


BAD_DOCUMENTS = [
    ("version", _set(["schema"], "reussite.convention/9"), "schema : version « reussite.convention/9 » non prise"),
    ("missing field", _delete(["convention", "title"]), "convention.title : champ obligatoire manquant"),
    ("unknown field", _set(["parties", 1, "colour"], "bleu"), "parties[1].colour : champ inconnu"),
    ("wrong type", _set(["convention", "first_year"], "2025"), "convention.first_year : un entier attendu"),
    (
        "amount as a number",
        _set(["years", 0, "funding", "total_cost"], 3000),
        "years[0].funding.total_cost : une chaîne ou null attendu, un entier reçu : montant en chaîne décimale",
    ),
    (
        "negative amount",
        _set([*_share(1), "amount"], "-600.00"),
        "years[0].funding.shares[1].amount : montant négatif « -600.00 » interdit",
    ),
    (
        "bad date",
        _set(["convention", "end_date"], "2025-02-30"),
        "convention.end_date : valeur « 2025-02-30 » invalide",
    ),
    ("bad enum", _set(["parties", 0, "role"], "boss"), "parties[0].role : valeur « boss » non reconnue"),
    (
        "unknown organisation",
        _set(["parties", 2, "organisation"], "CCAS de Nulle-Part"),
        "parties[2].organisation : organisation inconnue « CCAS de Nulle-Part »",
    ),
    (
        "organisation of another network",
        _set(["parties", 2, "organisation"], "CCAS B1"),
        "parties[2].organisation : organisation inconnue « CCAS B1 »",
    ),
    (
        "unknown SIRET",
        _set(["parties", 1, "siret"], "12345678901234"),
        "parties[1].siret : SIRET 12345678901234 ne correspond pas à l'organisation « CCAS A1 »",
    ),
    (
        "share not resulting from the key",
        _set([*_share(1), "amount"], "700.00"),
        "years[0].funding.shares[1].amount : 700,00\u00a0€ diffère du montant fixé 600,00\u00a0€",
    ),
    (
        "shares not adding up (the funding page's consistency check)",
        _set(["years", 0, "funding", "shared_total"], "1100.00"),
        "years[0].funding.shared_total : Les parts font le montant réparti : Somme des parts 1\u202f000,00\u00a0€ "
        "≠ montant réparti 1\u202f100,00\u00a0€.",
    ),
    (
        "fixed share differing from its amount",
        _set([*_share(2), "fixed_amount"], "300.00"),
        "years[0].funding.shares[2].amount : 400,00\u00a0€ diffère du montant fixé 300,00\u00a0€",
    ),
    (
        "lines not making the cost",
        _set(["years", 0, "budget_lines", 0, "planned_amount"], "900.00"),
        "years[0].funding.total_cost : Les lignes font le coût : Somme des lignes 2\u202f900,00\u00a0€ ≠ coût "
        "prévisionnel 3\u202f000,00\u00a0€",
    ),
    ("duplicate year", _duplicate_year, "years[1].year : année 2025 en double"),
    ("year outside the period", _set(["years", 0, "year"], 2031), "years[0].year : 2031 hors de la période"),
    (
        "party referenced but not declared",
        _set([*_share(2), "party"], "CCAS A9"),
        "years[0].funding.shares[2].party : partie « CCAS A9 » non déclarée dans « parties »",
    ),
    (
        "unknown action",
        _set(["years", 0, "budget_lines", 1, "action"], "yoga"),
        "years[0].budget_lines[1].action : type d'action inconnu « yoga »",
    ),
    (
        "impossible transition",
        _history_to("signed"),
        "history[0].to : Statut : passage de « Projet » à « Signée » impossible",
    ),
    (
        "status not matching the history",
        _set(["convention", "status"], "in_force"),
        "convention.status : « in_force » ne correspond pas à l'historique",
    ),
    (
        "pro rata without reference year",
        _set(["years", 0, "funding", "key_kind"], "pro_rata"),
        "years[0].funding : Année de référence des effectifs : obligatoire pour une clé au prorata.",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), [pytest.param(m, msg, id=i) for i, m, msg in BAD_DOCUMENTS])
def test_bad_document_is_refused_whole_with_the_field_named(staff, valid, mutate, message):
    mutate(valid)
    messages = refused(staff, json.dumps(valid))
    assert any(m.startswith(message) for m in messages), messages


def test_percent_key_not_adding_up_to_100(staff, valid):
    funding = valid["years"][0]["funding"]
    funding["key_kind"] = "percent"
    funding["shares"][1]["key_percent"] = "60"
    funding["shares"][2]["key_percent"] = "30"
    messages = refused(staff, json.dumps(valid))
    assert (
        "years[0].funding.shared_total : Pourcentages de la clé : ils totalisent 90,00\u00a0%, ils doivent totaliser "
        "100 %." in messages
    )


def test_amount_not_resulting_from_the_key(staff, valid):
    funding = valid["years"][0]["funding"]
    funding["key_kind"] = "percent"
    funding["shares"][1]["key_percent"] = "55"
    funding["shares"][2]["key_percent"] = "45"
    messages = refused(staff, json.dumps(valid))
    assert any(m.startswith("years[0].funding.shares[1].amount : 600,00") and "550,00" in m for m in messages)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "fichier : JSON invalide ligne 1, colonne 2 (nom de champ entre guillemets doubles attendu)."),
        ('{"schema": 1}'.encode("utf-16"), "fichier : le fichier n'est pas encodé en UTF-8."),
        (b'{"schema": "a", "schema": "b"}', "fichier : clé « schema » présente deux fois dans un même objet."),
        (b"[1, 2]", "fichier : un objet JSON est attendu à la racine du fichier."),
    ],
)
def test_unreadable_file_is_refused(staff, raw, message):
    assert message in refused(staff, raw)


def test_every_problem_is_reported_at_once(staff, valid):
    valid["parties"][2]["organisation"] = "CCAS de Nulle-Part"
    valid["years"][0]["budget_lines"][1]["action"] = "yoga"
    messages = refused(staff, json.dumps(valid))
    assert any(m.startswith("parties[2].organisation") for m in messages)
    assert any(m.startswith("years[0].budget_lines[1].action") for m in messages)


def test_existing_reference_is_refused(staff, valid):
    Convention.objects.filter(reference="ORIGINAL").update(reference=valid["convention"]["reference"])
    messages = refused(staff, json.dumps(valid))
    assert any(m.startswith("convention.reference : une convention « CONV-TEST » existe déjà") for m in messages)


def test_reference_taken_by_a_concurrent_import_is_refused(staff, valid, monkeypatch):
    from reussite.funding.exchange import importing

    checked = importing._Checker.parties

    def parties_then_concurrent_import(checker):
        checked(checker)  # the reference is free when checked...
        Convention.objects.filter(reference="ORIGINAL").update(reference="CONV-TEST")  # ...then taken

    monkeypatch.setattr(importing._Checker, "parties", parties_then_concurrent_import)
    messages = refused(staff, json.dumps(valid))
    assert messages == ["convention.reference : une convention « CONV-TEST » existe déjà dans le réseau."]


def test_service_refusal_during_creation_rolls_everything_back(staff, valid):
    """The history replays through F1's services: an approval without every party's is refused there,
    after rows were created, and the transaction leaves nothing behind."""
    valid["parties"][1]["has_approved"] = False
    _history("approved")(valid)
    valid["convention"]["status"] = "approved"
    messages = refused(staff, json.dumps(valid))
    assert any(m.startswith("history[0].to : Statut : approbation manquante de CCAS A1") for m in messages), messages
    assert not FundingShare.objects.filter(funding_year__convention__reference="CONV-TEST").exists()


def test_reader_cannot_import(world, valid):
    with pytest.raises(ImportRefused) as info:
        import_convention(world.user(Role.READER), json.dumps(valid))
    # A reader has no network to import into: every organisation is unknown to them.
    assert any("organisation inconnue" in m for m in info.value.messages)


# --- Pages ---------------------------------------------------------------------------------------


def upload(client, document, name="convention.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        reverse("funding_exchange:convention_import"),
        {"file": SimpleUploadedFile(name, data, content_type="application/json")},
    )


def test_import_page_redirects_to_the_imported_convention(client, staff, valid):
    client.force_login(staff)
    response = upload(client, valid)
    convention = Convention.objects.get(reference="CONV-TEST")
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:convention_detail", args=[convention.pk])


def test_import_page_lists_errors_by_field(client, staff, valid):
    client.force_login(staff)
    valid["parties"][2]["organisation"] = "CCAS de Nulle-Part"
    response = upload(client, valid)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<code>parties[2].organisation</code> : organisation inconnue « CCAS de Nulle-Part »" in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not Convention.objects.filter(reference="CONV-TEST").exists()


def test_import_page_without_a_file_says_which_field_is_missing(client, staff):
    client.force_login(staff)
    response = client.post(reverse("funding_exchange:convention_import"), {})
    assert response.status_code == 400
    assert "Fichier JSON de la convention : Ce champ est obligatoire." in response.content.decode()


def test_json_download_has_a_file_name_without_personal_data(client, world):
    convention = make_convention(world.network, world.metropole, [world.carrier])
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    response = client.get(reverse("funding_exchange:convention_json", args=[convention.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="convention-2025-metropole-a.json"'
    assert json.loads(response.content)["convention"]["reference"] == "CONV-TEST"


@pytest.mark.parametrize("url_name", ["convention_pdf", "convention_docx", "convention_json"])
def test_document_views_have_bounded_queries(client, world, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    client.force_login(world.user(Role.FINANCE_OFFICER))
    counts = []
    for n, reference in [(1, "SMALL"), (12, "LARGE")]:
        paying = [OrganisationFactory(network=world.network) for _ in range(n)]
        convention = make_convention(world.network, world.metropole, paying, reference=reference)
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(f"funding_exchange:{url_name}", args=[convention.pk]))
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], f"{url_name}: {counts[0]} queries with 1 paying party, {counts[1]} with 12"
    assert counts[1] <= 16


def test_the_documented_example_imports(demo_world):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "convention-json.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)\n```", doc, re.DOTALL).group(1)
    user = Membership.objects.get(role=Role.FINANCE_OFFICER, organisation__short_name="Dijon Métropole").user
    convention = import_convention(user, example)
    assert convention.status == "signed"
    assert exported(convention)["years"][0]["funding"]["shares"][1]["amount"] == "1224.00"


# --- API --------------------------------------------------------------------------------------------


def test_api_export_then_import(client, world, valid):
    staff = world.user(Role.METROPOLE_COORDINATOR)
    client.force_login(staff)
    original = Convention.objects.get(reference="ORIGINAL")
    response = client.get(f"/api/v1/conventions/{original.pk}/export/")
    assert response.status_code == 200
    assert response.json()["schema"] == SCHEMA_ID
    response = client.post("/api/v1/conventions/import/", json.dumps(valid), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "CONV-TEST"
    assert body["url"] == reverse("funding:convention_detail", args=[body["id"]])


def test_api_import_refusal_lists_errors_by_path(client, world, valid):
    client.force_login(world.user(Role.FINANCE_OFFICER))
    valid["parties"][2]["organisation"] = "CCAS de Nulle-Part"
    response = client.post("/api/v1/conventions/import/", json.dumps(valid), content_type="application/json")
    assert response.status_code == 400
    assert {"path": "parties[2].organisation", "message": "organisation inconnue « CCAS de Nulle-Part »."} in (
        response.json()["errors"]
    )
    assert not Convention.objects.filter(reference="CONV-TEST").exists()


@pytest.mark.parametrize(("role", "status"), [(Role.READER, 403), (Role.PROGRAMME_COORDINATOR, 403)])
def test_api_import_needs_a_staff_role(client, world, valid, role, status):
    client.force_login(world.user(role))
    response = client.post("/api/v1/conventions/import/", json.dumps(valid), content_type="application/json")
    assert response.status_code == status


def test_api_export_is_scoped(client, world):
    other = make_convention(world.other_network, world.other_metropole, [world.other_carrier], amounts=["1000"])
    client.force_login(world.user(Role.FINANCE_OFFICER))
    assert client.get(f"/api/v1/conventions/{other.pk}/export/").status_code == 404
    # F1's convention detail still answers at its own route.
    own = make_convention(world.network, world.metropole, [world.carrier], amounts=["1000"], reference="OWN")
    assert client.get(f"/api/v1/conventions/{own.pk}/").status_code == 200


@pytest.mark.parametrize("url_name", ["convention_pdf", "convention_docx"])
def test_convention_documents_are_rendered_once_until_they_change(client, world, settings, monkeypatch, url_name):
    from reussite.core import pdf
    from reussite.funding import documents
    from tests.factories import OrganisationFactory

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    renders = []
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: renders.append(1) or b"%PDF-")
    monkeypatch.setattr(documents, "render_docx", lambda doc: renders.append(1) or b"PK")
    client.force_login(world.user(Role.FINANCE_OFFICER))
    convention = make_convention(world.network, world.metropole, [OrganisationFactory(network=world.network)])
    url = reverse(f"funding_exchange:{url_name}", args=[convention.pk])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert len(renders) == 1
    convention.title = "Un autre intitulé"
    convention.save()
    assert client.get(url).status_code == 200
    assert len(renders) == 2, "what the document prints changed: rendered again"
