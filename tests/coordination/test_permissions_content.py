"""What each page and endpoint serves: the other network's event titles and participant names never
appear; the own network's do. Costs only for the métropole coordination and finance officers."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.models import CalendarToken, Invitation
from tests.matrix import ROLES

from .factories import event, rate

pytestmark = pytest.mark.django_db
OWN_TITLE, OTHER_TITLE = "Echange SENTINELLE-A", "Echange SENTINELLE-B"
OWN_NAME, OTHER_NAME = "Participant OWNNAME", "Participant FOREIGNNAME"


@pytest.fixture
def events(world):
    own = event(world, title=OWN_TITLE, day=datetime.date(2017, 3, 14))
    other = event(world, network="other", title=OTHER_TITLE, day=datetime.date(2017, 3, 14))
    Invitation.objects.create(
        event=own, full_name=OWN_NAME, email="own@example.org", organisation=world.carrier, attended=False
    )
    Invitation.objects.create(
        event=other, full_name=OTHER_NAME, email="other@example.org", organisation=world.other_carrier, attended=False
    )
    return own, other


def _pages(own):
    return [
        reverse("coordination:calendar"),
        reverse("coordination:calendar") + "?mois=2017-03",
        reverse("coordination:attendance_report") + "?annee=2017",
        reverse("coordination:event_detail", args=[own.pk]),
        reverse("api:coordination-event-list"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_its_network_and_nothing_of_the_other(client, world, events, role):
    own, other = events
    client.force_login(world.user(role))
    for url in _pages(own):
        body = client.get(url).content.decode()
        assert OTHER_TITLE not in body and OTHER_NAME not in body, url
        if "presences" not in url:
            assert OWN_TITLE in body, url
    assert OWN_NAME in client.get(reverse("coordination:event_detail", args=[own.pk])).content.decode()
    assert OWN_NAME in client.get(reverse("api:coordination-event-list")).content.decode()
    for name in ("coordination:event_detail", "coordination:event_sheet"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.get(reverse("api:coordination-event-detail", args=[other.pk])).status_code == 404


def test_outsider_sees_nothing(client, world, events):
    own, _ = events
    client.force_login(world.outsider)
    for url in _pages(own)[:3]:
        body = client.get(url).content.decode()
        assert OWN_TITLE not in body and OTHER_TITLE not in body and OWN_NAME not in body


def test_sign_in_sheet_lists_only_the_event_invitations(client, world, events):
    own, _ = events
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    response = client.get(reverse("coordination:event_sheet", args=[own.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert OWN_NAME in text and OTHER_NAME not in text


def test_feed_holds_the_own_network_events_only(client, world, events):
    user = world.user(Role.READER)
    token = CalendarToken.objects.create(user=user).token
    content = client.get(reverse("coordination:feed", args=[token])).content
    summaries = " ".join(str(v["summary"]) for v in Calendar.from_ical(content).walk("VEVENT"))
    assert OWN_TITLE in summaries and OTHER_TITLE not in summaries
    assert OWN_NAME not in content.decode()  # no participant in a feed


def test_cost_shown_to_money_roles_only(client, world, events):
    own, _ = events
    rate(world.provider, "512.34")
    services.record_cost(own, provider=world.provider, unit="session", quantity=Decimal(1))
    for role in ROLES:
        client.force_login(world.user(role))
        body = client.get(reverse("coordination:event_detail", args=[own.pk])).content.decode()
        assert ("512,34" in body.replace("\u202f", " ").replace("\xa0", " ")) == (
            role in (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)
        ), role


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (Role.METROPOLE_COORDINATOR, True),
        (Role.PROGRAMME_COORDINATOR, True),
        (Role.READER, False),
        (Role.FINANCE_OFFICER, False),
        (Role.BOARD_SECRETARY, False),
        (Role.PSYCHOLOGIST, False),
        (Role.REFERENT, False),
    ],
)
def test_minutes_are_read_by_the_coordinations_only(client, world, role, reads):
    """A parcours-analysis workshop's minutes discuss children by code: roles that never see child
    data (finance, boards, readers) do not read them, even on an event of their network."""
    from tests.coordination.factories import event

    meeting = event(world)
    meeting.minutes = "Situation de PRE-ZZ9Q : absentéisme, suivi psychologique envisagé."
    meeting.save()
    client.force_login(world.user(role))
    body = client.get(reverse("coordination:event_detail", args=[meeting.pk])).content.decode()
    assert ("PRE-ZZ9Q" in body) is reads
