"""The demo world: 913 fictitious children as in 2016, at every stage, seen as each demo account may."""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from reussite.accounts.models import User
from reussite.accounts.scoping import VIEW, VIEW_NAMED, scoped
from reussite.parcours.consents import Purpose
from reussite.parcours.models import (
    Axis,
    Child,
    Consent,
    EpsAgendaItem,
    EpsMeeting,
    EpsMember,
    Guardian,
    Household,
    Objective,
    ParcoursPeriod,
    PlanAction,
    Referral,
    Review,
)
from reussite.parcours.retention import anonymise, due_children, last_contacts
from reussite.parcours.services import require_consent
from reussite.parcours.youth import computed_youth_counts
from reussite.territory.demo import NETWORK_NAME, NETWORK_TOTALS
from reussite.territory.models import Network, Programme

D2024 = datetime.date(2024, 1, 8)


def test_demo_children_match_the_2016_counts_at_every_stage(demo_world):
    # The current files (the anonymised historical cohorts are tested below).
    current = Child.objects.filter(anonymised_on=None)
    per_commune = Counter(current.values_list("programme__commune__name", flat=True))
    assert per_commune == {"Chenôve": 113, "Dijon": 551, "Longvic": 101, "Quetigny": 42, "Talant": 106}
    assert set(current.values_list("status", flat=True)) == set(Child.Status.values)
    assert Consent.objects.exclude(revoked_on=None).exists()
    assert not Referral.objects.filter(eligible=False, ineligibility_reason="").exists()
    assert Referral.objects.filter(child__anonymised_on=None).count() == 913
    exited = current.filter(status=Child.Status.EXITED)
    assert not exited.filter(exit_reason=None).exists() and not exited.filter(exited_on=None).exists()
    withdrawn = exited.filter(exit_reason__label="Refus ou retrait du consentement")
    assert withdrawn.exists() and all(c.consents.exclude(revoked_on=None).exists() for c in withdrawn[:10])
    # each programme has an EPS bound by the charter, a meeting a month, decisions taken and pending
    assert EpsMember.objects.count() == 20 and not EpsMember.objects.filter(charter_signed_on__gt=D2024).exists()
    assert EpsMeeting.objects.filter(date__year=2026).count() == 60
    assert EpsAgendaItem.objects.exclude(decision="").exists() and EpsAgendaItem.objects.filter(decision="").exists()
    # every parcours has its period, a plan with actions in several domains, reviews and a profile
    entered = Child.objects.exclude(entered_on=None)
    assert ParcoursPeriod.objects.count() == entered.count() > 300
    assert not entered.filter(axes=None).exists()
    assert PlanAction.objects.values("domain").distinct().count() == 9
    assert set(PlanAction.objects.values_list("kind", flat=True)) == {"individual", "collective"}
    assert Review.objects.exists() and set(
        entered.exclude(intensity_profile=None).values_list("intensity_profile", flat=True)
    ) == {1, 2, 3, 4}
    assert Objective.objects.filter(status="reached").exists()
    # some children awaiting are missing a holder's consent: the gate says so
    refused = 0
    for child in Child.objects.filter(status=Child.Status.REFERRED).prefetch_related("household__guardians")[:40]:
        try:
            require_consent(child, Purpose.FOLLOW_UP, datetime.date(2026, 11, 30))
        except ValidationError:
            refused += 1
    assert refused > 0


def test_demo_accounts_see_what_design_allows(demo_world, client):
    referent = User.objects.get(username="referent.dijon")
    coordinator = User.objects.get(username="coordination.dijon")
    metropole = User.objects.get(username="coordination.metropole")
    followed = scoped(referent, Child, VIEW)
    assert 50 <= followed.count() <= 100
    assert set(followed.values_list("referent", flat=True)) == {referent.pk}
    assert scoped(coordinator, Child, VIEW_NAMED).count() == 551
    assert scoped(metropole, Child, VIEW).count() == 913 and not scoped(metropole, Child, VIEW_NAMED).exists()
    for username in ["finances.metropole", "secretariat.ccas-dijon", "elu.metropole", "psychologue"]:
        assert not scoped(User.objects.get(username=username), Child, VIEW).exists()
    client.force_login(metropole)
    page = client.get(reverse("parcours:child_list")).content.decode()
    assert "913 éléments" in page
    some = Child.objects.filter(programme__commune__name="Dijon", anonymised_on=None).first()
    assert some.code in client.get(reverse("parcours:child_list"), {"q": some.code}).content.decode()
    assert some.last_name not in page


def test_demo_loading_is_idempotent(demo_world):
    before = (Child.objects.count(), Consent.objects.count(), User.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Child.objects.count(), Consent.objects.count(), User.objects.count()) == before


def _snapshot(child):
    """Everything held about a child's file, as stored."""
    child = Child.objects.get(pk=child.pk)
    return (
        {k: v for k, v in vars(child).items() if not k.startswith("_")},
        list(Household.objects.filter(pk=child.household_id).values()),
        list(Guardian.objects.filter(household_id=child.household_id).values()),
        list(Referral.objects.filter(child=child).values()),
        list(Consent.objects.filter(child=child).values()),
        list(EpsAgendaItem.objects.filter(child=child).values()),
        list(Axis.objects.filter(child=child).values()),
        list(Objective.objects.filter(axis__child=child).values()),
        list(PlanAction.objects.filter(objective__axis__child=child).values()),
        list(Review.objects.filter(child=child).values()),
    )


def test_historical_cohorts_are_files_retention_anonymised(demo_world):
    """The 2015–2017 files are in the very state ``apply_retention`` leaves, on the day it would have
    acted: two years after the last contact."""
    old = Child.objects.exclude(anonymised_on=None).order_by("pk")
    assert old.count() == 1291  # 812 + 913 children in 2015 and 2016, 434 of them followed in both
    assert set(old.values_list("status", flat=True)) == {Child.Status.EXITED}
    assert not old.filter(exited_on__gt=datetime.date(2017, 12, 31)).exists()
    assert not old.filter(exit_reason=None).exists() and not old.filter(intensity_profile=None).exists()
    assert not Referral.objects.filter(child__in=old, date__lt=datetime.date(2015, 1, 1)).exists()
    assert {(d.month, d.day) for d in old.values_list("birth_date", flat=True)} == {(1, 1)}
    contacts = last_contacts(list(old), datetime.date(2026, 12, 1))
    for child in old:
        assert child.first_name == "Anonymisé" and child.last_name == child.code and child.school_id is None
        assert child.anonymised_on == contacts[child.pk].replace(year=contacts[child.pk].year + 2)
    assert not [due for due in due_children(datetime.date(2026, 12, 1)) if due.child.anonymised_on]
    # Running the retention's anonymisation again on such a file changes nothing at all.
    for child in old.filter(programme__commune__name="Dijon")[:3]:
        before = _snapshot(child)
        Child.objects.filter(pk=child.pk).update(anonymised_on=None)
        anonymise(child, before[0]["anonymised_on"])
        assert _snapshot(child) == before


def test_computed_youth_of_2015_and_2016_are_the_printed_counts(demo_world):
    network = Network.objects.get(name=NETWORK_NAME)
    names = dict(Programme.objects.values_list("pk", "commune__name"))
    computed = {
        (names[p], year): count
        for _n, p, year, count in computed_youth_counts([network.pk], datetime.date(2026, 12, 1))
        if year in (2015, 2016)
    }
    assert {name: computed[name, 2016] for name in names.values()} == {
        "Chenôve": 113,
        "Dijon": 551,
        "Longvic": 101,
        "Quetigny": 42,
        "Talant": 106,
    }
    assert sum(computed[name, 2015] for name in names.values()) == NETWORK_TOTALS[2015] == 812
    # the fictitious split of the demo (documented in parcours/demo.py)
    assert {name: computed[name, 2015] for name in names.values()} == {
        "Chenôve": 97,
        "Dijon": 457,
        "Longvic": 95,
        "Quetigny": 83,
        "Talant": 80,
    }


def test_anonymised_files_are_in_no_list_page_export_or_api(demo_world, client):
    old = Child.objects.exclude(anonymised_on=None).filter(programme__commune__name="Dijon").first()
    meeting = EpsAgendaItem.objects.filter(child=old).first().meeting
    for username, count in [("coordination.dijon", 551), ("coordination.metropole", 913), ("referent.dijon", 100)]:
        user = User.objects.get(username=username)
        assert not scoped(user, Child, VIEW).filter(anonymised_on__isnull=False).exists()
        client.force_login(user)
        page = client.get(reverse("parcours:child_list")).content.decode()
        assert f"{count} éléments" in page
        assert "Anonymisé" not in client.get(reverse("parcours:child_list"), {"q": "anonymise"}).content.decode()
        found = client.get(reverse("parcours:child_list"), {"q": old.code}).content.decode()
        assert "Enfants suivis (0)" in found  # the code is only echoed in the search field and links
        assert old.code not in client.get(reverse("parcours:child_export_csv")).content.decode("utf-8-sig")
        api = client.get("/api/v1/children/", {"q": old.code}).json()
        assert api["count"] == 0
        assert client.get(reverse("parcours:child_detail", args=[old.pk])).status_code == 404
        assert client.get(f"/api/v1/children/{old.pk}/").status_code == 404
    client.force_login(User.objects.get(username="coordination.dijon"))
    agenda = client.get(reverse("parcours:eps_meeting_detail", args=[meeting.pk]))
    assert agenda.status_code == 200 and old.code not in agenda.content.decode()
