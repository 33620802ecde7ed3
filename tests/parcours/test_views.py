"""The coordinator's work in the UI: referral, eligibility, duplicates, consents, the gate, searches, exports."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.parcours.models import (
    Child,
    Consent,
    ExitReason,
    Guardian,
    Household,
    Referral,
    ReferralReason,
    School,
)
from tests.factories import MembershipFactory, UserFactory
from tests.parcours.factories import children_of, consent, make_child, programme_qpv

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    return world.user(Role.PROGRAMME_COORDINATOR)


def intake_data(world, **overrides):
    reason, _ = ReferralReason.objects.get_or_create(network=world.network, label="Absentéisme")
    data = {
        "programme": world.programme.pk,
        "last_name": "Lefèvre",
        "first_name": "Éloïse",
        "birth_date": "2016-05-04",
        "sex": "F",
        "school_level": "elementaire",
        "address": "5 rue du Test",
        "quartier": programme_qpv(world.programme).pk,
        "guardian1_last_name": "Lefèvre",
        "guardian1_first_name": "Claire",
        "guardian1_relationship": "mother",
        "guardian2_last_name": "Lefèvre",
        "guardian2_first_name": "Marc",
        "guardian2_relationship": "father",
        "referral_date": "2025-09-15",
        "source": "school",
        "reasons": [reason.pk],
        "referrer": "Directrice de l'école",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_an_eligible_referral(client, world, coordinator):
    response = client.post(reverse("parcours:child_create"), intake_data(world))
    child = Child.objects.get()
    assert response.status_code == 302 and response.url == reverse("parcours:child_detail", kwargs={"pk": child.pk})
    assert child.status == Child.Status.REFERRED and child.programme == world.programme
    assert child.household.guardians.count() == 2
    referral = child.referrals.get()
    assert referral.eligible and referral.source == "school" and referral.recorded_by == coordinator
    page = client.get(response.url).content.decode()
    assert "Saisine enregistrée : l&#x27;enfant est éligible." in page and "Éloïse LEFÈVRE" in page


def test_an_ineligible_referral_is_recorded_with_its_reason(client, world, coordinator):
    data = intake_data(world, birth_date="2008-01-01", quartier="")
    response = client.post(reverse("parcours:child_create"), data, follow=True)
    child = Child.objects.get()
    assert child.status == Child.Status.INELIGIBLE
    referral = child.referrals.get()
    assert not referral.eligible
    assert "17 ans à la date de saisine" in referral.ineligibility_reason
    assert "ni scolarisation" in referral.ineligibility_reason
    assert "n&#x27;est pas éligible" in response.content.decode()


def test_a_priority_school_makes_a_child_outside_qpv_eligible(client, world, coordinator):
    school = School.objects.create(
        network=world.network, commune=world.programme.commune, name="École X", priority="rep"
    )
    client.post(reverse("parcours:child_create"), intake_data(world, quartier="", school=school.pk))
    assert Child.objects.get().status == Child.Status.REFERRED


def test_a_duplicate_within_the_programme_is_refused_and_nothing_is_saved(client, world, coordinator):
    existing = make_child(world.programme, first_name="Eloise", last_name="LEFEVRE", birth_date=D(2016, 5, 4))
    counts = (Child.objects.count(), Household.objects.count(), Guardian.objects.count(), Referral.objects.count())
    response = client.post(reverse("parcours:child_create"), intake_data(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "déjà enregistré dans ce programme" in page
    assert reverse("parcours:child_detail", kwargs={"pk": existing.pk}) in page
    after = (Child.objects.count(), Household.objects.count(), Guardian.objects.count(), Referral.objects.count())
    assert after == counts
    # another programme may follow a child of the same name: no duplicate there
    make_child(world.programme2, first_name="Éloïse", last_name="Lefèvre", birth_date=D(2016, 5, 5))
    assert Child.objects.matching("Éloïse", "Lefèvre", D(2016, 5, 4)).count() == 1


def test_a_duplicate_the_user_may_not_see_is_not_linked(client, world):
    # The référent does not see the existing child (not assigned): the refusal does not point to it.
    existing = make_child(world.programme, first_name="Eloise", last_name="Lefevre", birth_date=D(2016, 5, 4))
    client.force_login(world.user(Role.REFERENT))
    counts = (Child.objects.count(), Household.objects.count(), Guardian.objects.count(), Referral.objects.count())
    page = client.post(reverse("parcours:child_create"), intake_data(world)).content.decode()
    # Nor does it say that the programme follows a child of that name: a neutral message.
    assert "déjà" not in page and "existe" not in page
    assert "ne peut pas être enregistrée depuis votre compte : transmettez-la à la coordination" in page
    assert existing.code not in page and f"/enfants/{existing.pk}/" not in page
    after = (Child.objects.count(), Household.objects.count(), Guardian.objects.count(), Referral.objects.count())
    assert after == counts


def test_the_change_history_of_a_family_holds_no_name(client, world, coordinator):
    from auditlog.models import LogEntry

    client.post(reverse("parcours:child_create"), intake_data(world))
    child = Child.objects.get()
    guardian = child.household.guardians.first()
    guardian.phone = "06 12 34 56 78"
    guardian.relationship = "tutor"
    guardian.save()
    entries = LogEntry.objects.all()
    assert entries.filter(object_repr__startswith="Titulaire n° ").exists()
    text = " ".join(f"{e.object_repr} {e.changes} {e.additional_data}" for e in entries)
    for personal in ["Lefèvre", "LEFÈVRE", "Éloïse", "Claire", "Marc", "5 rue du Test", "06 12 34 56 78", "2016-05-04"]:
        assert personal not in text


def test_bad_input_names_the_field_and_saves_nothing(client, world, coordinator):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = client.post(reverse("parcours:child_create"), intake_data(world, referral_date=future)).content.decode()
    assert "La date de saisine ne peut être dans le futur." in page
    page = client.post(
        reverse("parcours:child_create"), intake_data(world, guardian2_first_name="", guardian2_last_name="X")
    ).content.decode()
    assert "Indiquez le nom et le prénom du second titulaire" in page
    assert not Child.objects.exists() and not Household.objects.exists()


def test_a_referent_records_the_children_they_follow(client, world):
    client.force_login(world.user(Role.REFERENT))
    client.post(reverse("parcours:child_create"), intake_data(world))
    assert Child.objects.get().referent == world.user(Role.REFERENT)


def test_roles_without_a_programme_may_not_record_referrals(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    assert client.post(reverse("parcours:child_create"), intake_data(world)).status_code == 403
    assert not Child.objects.exists()


def add_referent(world):
    user = UserFactory(username="referent-bis", first_name="Robin", last_name="Bis")
    MembershipFactory(user=user, organisation=world.carrier, role=Role.REFERENT)
    return user


def test_the_parcours_opens_only_with_every_holders_follow_up_consent(client, world, coordinator):
    child = make_child(world.programme, status=Child.Status.REFERRED, guardians=("Maud", "Paul"))
    maud, paul = child.household.guardians.order_by("pk")
    consent(child, maud, given_on=D(2025, 2, 1))
    referent = world.user(Role.REFERENT)
    url = reverse("parcours:parcours_start", kwargs={"pk": child.pk})
    page = client.post(url, {"on": "2025-03-01", "referent": referent.pk}).content.decode()
    assert "Consentement manquant pour « suivi du parcours de réussite éducative » : Paul SENTINELLE (mère)." in page
    child.refresh_from_db()
    assert child.status == Child.Status.REFERRED
    consent(child, paul, given_on=D(2025, 2, 20))
    response = client.post(url, {"on": "2025-03-01", "referent": referent.pk})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.status == Child.Status.ACTIVE and child.referent == referent and child.entered_on == D(2025, 3, 1)


def test_a_revoked_consent_stops_the_gate_from_its_date(client, world, coordinator):
    child = make_child(world.programme, status=Child.Status.REFERRED)
    given = consent(child, given_on=D(2025, 1, 10))
    url = reverse("parcours:consent_revoke", kwargs={"pk": child.pk, "consent_pk": given.pk})
    page = client.post(url, {"revoked_on": "2025-01-01"}).content.decode()
    assert "La révocation ne peut précéder le consentement." in page
    assert client.post(url, {"revoked_on": "2025-02-01", "note": "famille"}).status_code == 302
    given.refresh_from_db()
    assert given.revoked_on == D(2025, 2, 1)
    page = client.post(
        reverse("parcours:parcours_start", kwargs={"pk": child.pk}),
        {"on": "2025-02-01", "referent": world.user(Role.REFERENT).pk},
    ).content.decode()
    assert "Consentement manquant" in page
    assert client.post(url, {"revoked_on": "2025-02-02"}).status_code == 200  # already revoked: said so
    assert "déjà révoqué" in client.post(url, {"revoked_on": "2025-02-02"}).content.decode()


def consent_post(child, evidence, **overrides):
    data = {
        "guardian": child.household.guardians.first().pk,
        "given_on": "2025-02-01",
        "purposes": ["follow_up", "school_exchange"],
        "partner": "",
        "evidence": evidence,
    }
    data.update(overrides)
    return data


def test_consent_evidence_is_checked_stored_privately_and_served_to_those_who_see_the_child(
    client, world, coordinator, settings
):
    child = children_of(world)["own"]
    url = reverse("parcours:consent_create", kwargs={"pk": child.pk})
    fake_pdf = SimpleUploadedFile("form.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    page = client.post(url, consent_post(child, fake_pdf)).content.decode()
    assert "seuls les fichiers PDF, PNG ou JPEG sont acceptés" in page
    settings.REUSSITE_MAX_ATTACHMENT_BYTES = 32
    page = client.post(url, consent_post(child, SimpleUploadedFile("scan.png", PNG))).content.decode()
    assert "dépasse la taille maximale" in page
    settings.REUSSITE_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
    before = Consent.objects.count()
    # a PNG named .pdf is stored as what its bytes are, under a random name
    assert client.post(url, consent_post(child, SimpleUploadedFile("Dupont Maud.pdf", PNG))).status_code == 302
    assert Consent.objects.count() == before + 1
    stored = Consent.objects.latest("pk")
    assert stored.evidence.name.endswith(".png") and "Dupont" not in stored.evidence.name
    assert str(settings.REUSSITE_PRIVATE_MEDIA_ROOT) in stored.evidence.path
    assert str(settings.STATIC_ROOT) not in stored.evidence.path
    evidence_url = reverse("parcours:consent_evidence", kwargs={"pk": child.pk, "consent_pk": stored.pk})
    response = client.get(evidence_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    for role in [Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.READER]:
        client.force_login(world.user(role))
        assert client.get(evidence_url).status_code == 404


def test_partner_sharing_needs_the_partner_named(client, world, coordinator):
    child = children_of(world)["own"]
    url = reverse("parcours:consent_create", kwargs={"pk": child.pk})
    page = client.post(url, consent_post(child, "", purposes=["partner_sharing"])).content.decode()
    assert "Nommez le partenaire" in page


def test_search_is_tolerant_to_accents_and_never_searches_names_for_pseudonymous_users(client, world):
    child = make_child(world.programme, first_name="Éloïse", last_name="Lefèvre")
    make_child(world.programme, first_name="Jules", last_name="Autre")
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    page = client.get(reverse("parcours:child_list"), {"q": "LEFEVRE eloise"}).content.decode()
    assert "Éloïse LEFÈVRE" in page and "AUTRE" not in page
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("parcours:child_list"), {"q": "lefevre"}).content.decode()
    assert child.code not in page and "Aucun enfant ne correspond." in page
    page = client.get(reverse("parcours:child_list"), {"q": child.code}).content.decode()
    assert child.code in page


def test_filters_by_status_age_band_quartier_and_referent(client, world, coordinator):
    today = timezone.localdate()
    small = make_child(world.programme, first_name="Petit", birth_date=today - datetime.timedelta(days=4 * 365 + 10))
    big = make_child(
        world.programme, first_name="Grand", birth_date=today - datetime.timedelta(days=12 * 365 + 20), status="exited"
    )
    followed = make_child(
        world.programme,
        first_name="Suivi",
        birth_date=today - datetime.timedelta(days=8 * 365 + 10),
        referent=world.user(Role.REFERENT),
    )
    url = reverse("parcours:child_list")

    def listed(**params):
        page = client.get(url, params).content.decode()
        return {c.first_name for c in (small, big, followed) if c.code in page}

    assert listed(age="2-5") == {"Petit"}
    assert listed(age="11-16") == {"Grand"}
    assert listed(statut="exited") == {"Grand"}
    assert listed(referent=str(world.user(Role.REFERENT).pk)) == {"Suivi"}
    assert listed(quartier=str(programme_qpv(world.programme).pk)) == {"Petit", "Grand", "Suivi"}
    assert listed(quartier="999999") == set()
    assert listed(referent="99999999999999999999999") == {"Petit", "Grand", "Suivi"}  # ignored, no error


def test_csv_is_for_french_excel_and_xlsx_opens(client, world, coordinator):
    child = children_of(world)["own"]
    csv_bytes = client.get(reverse("parcours:child_export_csv")).content
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    lines = csv_bytes.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Code;Âge;Tranche d'âge;Programme;Quartier;Statut;Nom;Prénom;Date de naissance")
    row = next(line for line in lines if child.code in line)
    assert "Propreville;Anatole;03/02/2014" in row
    from openpyxl import load_workbook

    xlsx = client.get(reverse("parcours:child_export_xlsx")).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Code" and any(r[0] == child.code and r[6] == "Propreville" for r in rows[1:])


def test_exit_with_date_and_reason_then_a_new_referral(client, world, coordinator):
    child = make_child(world.programme, status=Child.Status.ACTIVE)
    Child.objects.filter(pk=child.pk).update(entered_on=D(2025, 2, 1))
    moved = ExitReason.objects.create(network=world.network, label="Déménagement")
    foreign = ExitReason.objects.create(network=world.other_network, label="Autre")
    url = reverse("parcours:parcours_exit", kwargs={"pk": child.pk})
    page = client.post(url, {"on": "2025-01-01", "reason": moved.pk}).content.decode()
    assert "La sortie ne peut précéder l&#x27;entrée en parcours (01/02/2025)." in page
    page = client.post(url, {"on": "2025-08-01", "reason": foreign.pk}).content.decode()
    assert "Sélectionnez un choix valide" in page and "Autre" not in page  # another network's list
    assert client.post(url, {"on": "2025-08-15", "reason": moved.pk, "note": "vers Lyon"}).status_code == 302
    child.refresh_from_db()
    assert (child.status, child.exited_on, child.exit_reason, child.exit_note) == (
        Child.Status.EXITED,
        D(2025, 8, 15),
        moved,
        "vers Lyon",
    )
    assert child.parcours_months() == 6
    page = client.get(reverse("parcours:child_detail", kwargs={"pk": child.pk})).content.decode()
    assert "Sortie" in page and "Déménagement — vers Lyon" in page and "6 mois" in page
    # back in the programme later: a new referral, judged again, keeps the history
    reason = ReferralReason.objects.get(network=world.network)
    response = client.post(
        reverse("parcours:referral_create", kwargs={"pk": child.pk}),
        {"date": "2026-01-05", "source": "family", "reasons": [reason.pk]},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.status == Child.Status.REFERRED and child.exited_on is None
    assert child.referrals.count() == 2
    # a child already referred needs no new referral
    page = client.post(
        reverse("parcours:referral_create", kwargs={"pk": child.pk}),
        {"date": "2026-01-06", "source": "family", "reasons": [reason.pk]},
    ).content.decode()
    assert "une nouvelle saisine est inutile" in page and child.referrals.count() == 2


def test_the_migration_removes_names_from_earlier_guardian_history(world):
    from importlib import import_module

    from auditlog.models import LogEntry
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    guardian = make_child(world.programme, guardians=("Hortense",)).household.guardians.get()
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Guardian),
        object_pk=str(guardian.pk),
        object_id=guardian.pk,
        object_repr="Hortense SENTINELLE (mère)",
        action=LogEntry.Action.CREATE,
        changes="{}",
    )
    revocation = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Consent),
        object_pk="1",
        object_id=1,
        object_repr="Consentement du 10/01/2025",
        action=LogEntry.Action.UPDATE,
        changes={"revoked_on": ["None", "2025-02-01"], "revocation_note": ["", "Mme Hortense a refusé"]},
    )
    import_module("reussite.parcours.migrations.0006_guardian_history_without_names").scrub(apps, None)
    revocation.refresh_from_db()
    assert revocation.changes == {"revoked_on": ["None", "2025-02-01"]}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Guardian), object_pk=str(guardian.pk)
    )
    reprs = set(entries.values_list("object_repr", flat=True))
    assert reprs == {f"Titulaire n° {guardian.pk}"}
