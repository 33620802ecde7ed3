"""The coordinator plans a series, invites, the invited reply, attendance is taken, the sheet printed."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from reussite.accounts.models import Role
from reussite.coordination.models import CalendarToken, Event, EventSeries, Invitation
from tests.factories import MembershipFactory, UserFactory

from .factories import event

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """POST the invitation form; invitations are mailed on commit (run here: tests are in a transaction)."""

    def post(client, made, memberships):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("coordination:event_invite", args=[made.pk]), {"memberships": [m.pk for m in memberships]}
            )

    return post


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    return client


def _invitees(world):
    people = []
    for org, last in ((world.carrier, "Durand"), (world.carrier2, "Martin")):
        user = UserFactory(username=f"coord-{last}", first_name="Alix", last_name=last, email=f"{last}@example.org")
        people.append(MembershipFactory(user=user, organisation=org, role=Role.PROGRAMME_COORDINATOR))
    return people


def test_create_a_series_every_two_months_on_the_second_tuesday(coordinator, world):
    response = coordinator.post(
        reverse("coordination:series_create"),
        {
            "kind": "1",
            "title": "Échange de pratiques",
            "interval_months": "2",
            "week_of_month": "2",
            "weekday": "1",
            "first_date": "2017-01-01",
            "last_date": "2017-12-31",
            "start_time": "09:30",
            "end_time": "12:00",
            "place": "Salle du conseil",
            "programmes": [world.programme.pk, world.programme2.pk],
        },
    )
    assert response.status_code == 302
    series = EventSeries.objects.get()
    assert [e.date for e in series.events.order_by("date")] == [
        D(2017, 1, 10),
        D(2017, 3, 14),
        D(2017, 5, 9),
        D(2017, 7, 11),
        D(2017, 9, 12),
        D(2017, 11, 14),
    ]


def test_series_with_an_end_before_its_start_is_refused_in_french_and_nothing_saved(coordinator):
    response = coordinator.post(
        reverse("coordination:series_create"),
        {
            "kind": "1",
            "title": "Échange",
            "interval_months": "2",
            "week_of_month": "2",
            "weekday": "1",
            "first_date": "2017-12-01",
            "last_date": "2017-01-01",
            "start_time": "09:30",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 200
    assert "Jusqu&#x27;au : la date de fin ne peut précéder la date de début." in response.content.decode()
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_series_with_a_programme_of_another_network_is_refused(coordinator, world):
    response = coordinator.post(
        reverse("coordination:series_create"),
        {
            "kind": "1",
            "title": "Échange",
            "interval_months": "2",
            "week_of_month": "2",
            "weekday": "1",
            "first_date": "2017-01-01",
            "last_date": "2017-12-31",
            "start_time": "09:30",
            "end_time": "12:00",
            "programmes": [world.other_programme.pk],
        },
    )
    assert response.status_code == 200
    assert world.other_programme.name not in response.content.decode()
    assert not Event.objects.exists()


def test_invitation_mail_carries_a_valid_ics(coordinator, world, invite):
    made = event(world, day=D(2024, 3, 12), place="Salle du conseil", agenda="Tour de table")
    people = _invitees(world)
    response = invite(coordinator, made, people)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["Durand@example.org", "Martin@example.org"]
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert filename == "invitation.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert calendar["method"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2024, 3, 12, 9, 30)
    assert str(vevent.decoded("dtstart").tzinfo) == "Europe/Paris"
    assert str(vevent["location"]) == "Salle du conseil"
    assert str(vevent["uid"]).startswith(f"event-{made.pk}@")
    assert calendar.walk("VTIMEZONE")
    invitations = Invitation.objects.filter(event=made)
    assert {i.programme for i in invitations} == {world.programme, world.programme2}
    # The programme is the one the invited person's organisation carries on the event's date.
    # Inviting again does not duplicate.
    invite(coordinator, made, people)
    assert invitations.count() == 2 and len(mail.outbox) == 2


def test_invite_someone_of_another_network_is_refused(coordinator, world, invite):
    made = event(world)
    foreign = MembershipFactory(
        user=UserFactory(username="etranger", email="x@example.org", last_name="ETRANGERLEAK"),
        organisation=world.other_carrier,
        role=Role.PROGRAMME_COORDINATOR,
    )
    response = invite(coordinator, made, [foreign])
    assert response.status_code == 200
    assert "ETRANGERLEAK" not in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_reply_attendance_sheet_and_report(client, world, invite):
    made = event(world, day=D(2017, 3, 14))
    durand, martin = _invitees(world)
    coordinator = world.user(Role.METROPOLE_COORDINATOR)
    client.force_login(coordinator)
    invite(client, made, [durand, martin])
    # Durand replies yes.
    client.force_login(durand.user)
    client.post(reverse("coordination:event_reply", args=[made.pk]), {"reply": "yes"})
    assert Invitation.objects.get(user=durand.user).reply == "yes"
    # Attendance: Durand present, Martin absent.
    client.force_login(coordinator)
    present = Invitation.objects.get(user=durand.user)
    assert (
        client.post(reverse("coordination:event_attendance", args=[made.pk]), {"present": [present.pk]}).status_code
        == 302
    )
    assert dict(Invitation.objects.values_list("full_name", "attended")) == {"Alix Durand": True, "Alix Martin": False}
    # An invitation id of another event is refused, nothing changes.
    other = event(world, title="Autre")
    stranger = Invitation.objects.create(event=other, full_name="Z", email="z@example.org", organisation=world.carrier)
    response = client.post(reverse("coordination:event_attendance", args=[made.pk]), {"present": [stranger.pk]})
    assert "invitation inconnue" in response.content.decode()
    assert Invitation.objects.get(pk=present.pk).attended is True
    # Sign-in sheet: one line per invited person, a signature column.
    response = client.get(reverse("coordination:event_sheet", args=[made.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "Alix" not in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Feuille d'émargement" in text
    assert "Alix Durand" in text and "Alix Martin" in text and "Signature" in text
    assert text.index("Alix Durand") < text.index("Alix Martin")
    # Attendance per programme over the year: Martin never came.
    report = client.get(reverse("coordination:attendance_report") + "?annee=2017").content.decode()
    assert "Jamais venu" in report
    never = report[report.index("Jamais venu") :]
    assert "Alix Martin" in never and "Alix Durand" not in never


def test_calendar_feed_by_secret_token(client, world):
    own = event(world, title="Échange du réseau A")
    event(world, network="other", title="Échange du réseau B")
    user = world.user(Role.REFERENT)
    client.force_login(user)
    page = client.get(reverse("coordination:calendar")).content.decode()
    token = CalendarToken.objects.get(user=user).token
    assert token in page
    client.logout()
    response = client.get(reverse("coordination:feed", args=[token]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    summaries = [str(v["summary"]) for v in calendar.walk("VEVENT")]
    assert summaries == [f"{own.kind.label} — Échange du réseau A"]
    assert user.username not in response.content.decode()
    # Renewing revokes the old address.
    client.force_login(user)
    client.post(reverse("coordination:feed_renew"))
    client.logout()
    assert client.get(reverse("coordination:feed", args=[token])).status_code == 404


def test_create_a_single_event_with_a_provider(coordinator, world):
    response = coordinator.post(
        reverse("coordination:event_create"),
        {
            "kind": "2",
            "title": "Séance d'information",
            "date": "2024-05-14",
            "start_time": "14:00",
            "end_time": "16:00",
            "provider": world.provider.pk,
            "programmes": [world.programme.pk],
        },
    )
    made = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("coordination:event_detail", args=[made.pk])
    assert made.provider == world.provider and list(made.audience_programmes.all()) == [world.programme]


def test_a_provider_of_another_network_is_not_offered(coordinator, world):
    response = coordinator.post(
        reverse("coordination:event_create"),
        {
            "kind": "2",
            "title": "X",
            "date": "2024-05-14",
            "start_time": "14:00",
            "end_time": "16:00",
            "provider": world.other_carrier.pk,
        },
    )
    assert response.status_code == 200 and world.other_carrier.short_name not in response.content.decode()
    assert not Event.objects.exists()
