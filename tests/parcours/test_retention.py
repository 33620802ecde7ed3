"""Retention: files kept while active and two years after the last contact, then anonymised with the
statistics unchanged; a dry run changes nothing."""

import datetime
import io
from collections import Counter

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.management import call_command
from hypothesis import assume, given
from hypothesis import strategies as st

from reussite.accounts.models import Role
from reussite.parcours.identity import months_between
from reussite.parcours.models import (
    Child,
    Consent,
    ExitReason,
    Guardian,
    Household,
    ObjectiveResult,
    ParcoursPeriod,
    PlanAction,
    Referral,
    Review,
)
from reussite.parcours.retention import anonymised_birth_date, is_due
from reussite.parcours.youth import computed_youth_counts
from tests.parcours.factories import consent, make_child, make_plan

D = datetime.date


def statistics(network_ids, today):
    """What the figures and the State survey count (docs/parcours.md)."""
    children = Child.objects.all()
    return {
        "youth": computed_youth_counts(network_ids, today),
        "sex": Counter(children.values_list("programme_id", "sex")),
        "age_31_dec": Counter((c.programme_id, 2026 - c.birth_date.year) for c in children),
        "level": Counter(children.values_list("school_level", flat=True)),
        "status": Counter(children.values_list("status", flat=True)),
        "quartier": Counter(children.values_list("household__quartier_id", flat=True)),
        "profile": Counter(children.values_list("intensity_profile", flat=True)),
        "sources": Counter(Referral.objects.values_list("source", "eligible")),
        "reasons": Counter(Referral.reasons.through.objects.values_list("referralreason_id", flat=True)),
        "durations": sorted(months_between(p.entered_on, p.exited_on or today) for p in ParcoursPeriod.objects.all()),
        "exits": Counter(ParcoursPeriod.objects.values_list("exit_reason_id", flat=True)),
        "domains": Counter(PlanAction.objects.values_list("domain", "kind", "status")),
        "levels": Counter(ObjectiveResult.objects.values_list("level", flat=True)),
        "reviews": Counter(Review.objects.values_list("date", "intensity_profile")),
        "consents": Counter(Consent.objects.values_list("given_on", "revoked_on")),
    }


@pytest.fixture
def files(world):
    """An exited child (last contact 10/01/2024), an active one, and an exited child seen recently."""
    reason = ExitReason.objects.create(network=world.network, label="Déménagement")
    old = make_child(world.programme, first_name="Oubliée", last_name="Ancienne", status=Child.Status.EXITED)
    Referral.objects.filter(child=old).update(date=D(2023, 9, 1), referrer="Mme Directrice")
    old.entered_on, old.exited_on, old.exit_reason, old.exit_note = (
        D(2023, 10, 1),
        D(2024, 1, 10),
        reason,
        "Parti à Lyon",
    )
    old.intensity_profile = 2
    old.save()
    ParcoursPeriod.objects.create(
        child=old, programme=old.programme, entered_on=old.entered_on, exited_on=old.exited_on, exit_reason=reason
    )
    c = consent(old, given_on=D(2023, 9, 10))
    c.evidence.save("f.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    c.revoked_on, c.revocation_note = D(2024, 1, 5), "Retrait signé par Mme Ancienne"
    c.save()
    axis, objective, action, review = make_plan(old, key="old")
    for model in (type(axis),):
        model.objects.filter(pk=axis.pk).update(opened_on=D(2023, 10, 2))
    type(objective).objects.filter(pk=objective.pk).update(opened_on=D(2023, 10, 2))
    PlanAction.objects.filter(pk=action.pk).update(starts_on=D(2023, 10, 3))
    Review.objects.filter(pk=review.pk).update(date=D(2023, 12, 15))
    active = make_child(world.programme, first_name="Active", last_name="Encore", status=Child.Status.ACTIVE)
    Referral.objects.filter(child=active).update(date=D(2020, 1, 6))
    active.entered_on = D(2020, 2, 1)
    active.save()
    ParcoursPeriod.objects.create(child=active, programme=active.programme, entered_on=active.entered_on)
    recent = make_child(world.programme, first_name="Récente", last_name="Sortie", status=Child.Status.EXITED)
    Referral.objects.filter(child=recent).update(date=D(2023, 1, 6))
    recent.entered_on, recent.exited_on, recent.exit_reason = D(2023, 2, 1), D(2025, 6, 30), reason
    recent.save()
    ParcoursPeriod.objects.create(
        child=recent,
        programme=recent.programme,
        entered_on=recent.entered_on,
        exited_on=recent.exited_on,
        exit_reason=reason,
    )
    return {"old": old, "active": active, "recent": recent, "evidence": c.evidence.name}


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_by_code_and_changes_nothing(world, files):
    before = list(Child.objects.order_by("pk").values())
    text = run()
    assert files["old"].code in text and "dernier contact le 10/01/2024" in text
    assert files["active"].code not in text and files["recent"].code not in text
    assert "Oubliée" not in text and "Ancienne" not in text
    assert "Essai à blanc : 1 dossier(s)" in text
    assert list(Child.objects.order_by("pk").values()) == before


def test_anonymisation_erases_identity_and_keeps_statistics(world, files, django_capture_on_commit_callbacks):
    stats = statistics([world.network.pk], D(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):  # the signed forms go once committed
        text = run("--apply")
    assert "1 dossier(s) sans contact depuis 2 ans anonymisé(s)." in text
    old = Child.objects.get(pk=files["old"].pk)
    assert old.anonymised_on == D(2026, 12, 1)
    assert (old.first_name, old.last_name, old.birth_date, old.school, old.exit_note) == (
        "Anonymisé",
        old.code,
        D(2015, 1, 1),
        None,
        "",
    )
    assert "ancienne" not in old.search_name and "ancienne" not in old.match_key
    household = Household.objects.get(pk=old.household_id)
    assert (household.address, household.postal_code, household.city) == ("", "", "")
    assert household.quartier_id is not None  # the quartier serves the figures
    assert not Guardian.objects.filter(household=household).exclude(last_name="").exists()
    assert Referral.objects.get(child=old).referrer == ""
    consent = Consent.objects.get(child=old)
    assert (consent.evidence.name, consent.revocation_note) == ("", "")
    assert not consent.evidence.storage.exists(files["evidence"])
    texts = " ".join(
        [
            *old.axes.values_list("title", flat=True),
            *Review.objects.filter(child=old).values_list("summary", flat=True),
            *ObjectiveResult.objects.filter(review__child=old).values_list("comment", flat=True),
        ]
    )
    assert "old-confidenti" not in texts
    # Statistics unchanged; the two other files untouched.
    assert statistics([world.network.pk], D(2026, 12, 1)) == stats
    for key in ("active", "recent"):
        child = Child.objects.get(pk=files[key].pk)
        assert child.anonymised_on is None and child.first_name == files[key].first_name
    # Nothing personal went into the change history, and a second run does nothing more.
    history = " ".join(f"{e.object_repr} {e.changes}" for e in LogEntry.objects.all())
    assert "Oubliée" not in history and "Ancienne" not in history
    assert "0 dossier(s)" in run("--apply")


def test_two_years_after_the_last_contact_not_before(world, files, time_machine):
    # A review on 15/03/2025 moves the last contact of the recent file... of the old one: kept.
    Review.objects.create(child=files["old"], date=D(2025, 3, 15), recorded_by=world.user(Role.REFERENT))
    assert files["old"].code not in run()
    time_machine.move_to(datetime.datetime(2027, 3, 15, 10, tzinfo=datetime.UTC))
    assert files["old"].code in run()
    time_machine.move_to(datetime.datetime(2027, 3, 14, 10, tzinfo=datetime.UTC))
    assert files["old"].code not in run()


def test_a_household_shared_with_a_kept_sibling_keeps_its_address(world, files):
    sibling = make_child(world.programme, first_name="Frère", last_name="Ancienne", status=Child.Status.ACTIVE)
    Child.objects.filter(pk=sibling.pk).update(household=files["old"].household)
    run("--apply")
    household = Household.objects.get(pk=files["old"].household_id)
    assert household.address == "12 rue des Témoins"


@given(
    status=st.sampled_from(Child.Status.values),
    last=st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 1, 1)),
    today=st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 1, 1)),
)
def test_is_due_property(status, last, today):
    assume((last.month, last.day) != (2, 29))
    due = is_due(status, last, today)
    if status == Child.Status.ACTIVE:
        assert not due
    else:  # due exactly from the same day two years later
        assert due == (today >= last.replace(year=last.year + 2))


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2025, 12, 31)), st.integers(2000, 2040))
def test_anonymised_birth_date_keeps_the_age_on_31_december(birth_date, year):
    from reussite.parcours.identity import age_on

    if year >= birth_date.year:
        assert age_on(anonymised_birth_date(birth_date), D(year, 12, 31)) == age_on(birth_date, D(year, 12, 31))


def test_an_anonymised_file_leaves_every_list_page_and_api(client, world, files):
    """Statistics only: after retention, the file is served nowhere (the figures still count it)."""
    from django.urls import reverse

    from reussite.accounts.scoping import VIEW, VIEW_NAMED, scoped

    old = files["old"]
    coordinator, metropole = world.user(Role.PROGRAMME_COORDINATOR), world.user(Role.METROPOLE_COORDINATOR)
    assert scoped(coordinator, Child, VIEW_NAMED).filter(pk=old.pk).exists()
    run("--apply")
    for user in (coordinator, metropole):
        assert not scoped(user, Child, VIEW).filter(pk=old.pk).exists()
        assert not scoped(user, Referral, VIEW).filter(child=old).exists()
        client.force_login(user)
        assert old.code not in client.get(reverse("parcours:child_list")).content.decode()
        assert old.code not in client.get(reverse("parcours:child_export_csv")).content.decode("utf-8-sig")
        assert client.get("/api/v1/children/", {"q": old.code}).json()["count"] == 0
        assert client.get(reverse("parcours:child_detail", args=[old.pk])).status_code == 404
    # the kept files stay where they were
    assert scoped(coordinator, Child, VIEW_NAMED).filter(pk=files["recent"].pk).exists()
    assert any(row[3] for row in computed_youth_counts([world.network.pk], D(2026, 12, 1)) if row[2] == 2023)
