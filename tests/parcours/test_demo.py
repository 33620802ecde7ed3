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
    Child,
    Consent,
    EpsAgendaItem,
    EpsMeeting,
    EpsMember,
    Objective,
    ParcoursPeriod,
    PlanAction,
    Referral,
    Review,
)
from reussite.parcours.services import require_consent

D2024 = datetime.date(2024, 1, 8)


def test_demo_children_match_the_2016_counts_at_every_stage(demo_world):
    per_commune = Counter(Child.objects.values_list("programme__commune__name", flat=True))
    assert per_commune == {"Chenôve": 113, "Dijon": 551, "Longvic": 101, "Quetigny": 42, "Talant": 106}
    assert set(Child.objects.values_list("status", flat=True)) == set(Child.Status.values)
    assert Consent.objects.exclude(revoked_on=None).exists()
    assert not Referral.objects.filter(eligible=False, ineligibility_reason="").exists()
    assert Referral.objects.count() == 913
    exited = Child.objects.filter(status=Child.Status.EXITED)
    assert not exited.filter(exit_reason=None).exists() and not exited.filter(exited_on=None).exists()
    withdrawn = exited.filter(exit_reason__label="Refus ou retrait du consentement")
    assert withdrawn.exists() and all(c.consents.exclude(revoked_on=None).exists() for c in withdrawn[:10])
    # each programme has an EPS bound by the charter, a meeting a month, decisions taken and pending
    assert EpsMember.objects.count() == 20 and not EpsMember.objects.filter(charter_signed_on__gt=D2024).exists()
    assert EpsMeeting.objects.count() == 60
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
    some = Child.objects.filter(programme__commune__name="Dijon").first()
    assert some.code in client.get(reverse("parcours:child_list"), {"q": some.code}).content.decode()
    assert some.last_name not in page


def test_demo_loading_is_idempotent(demo_world):
    before = (Child.objects.count(), Consent.objects.count(), User.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Child.objects.count(), Consent.objects.count(), User.objects.count()) == before
