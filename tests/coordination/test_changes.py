"""Changing and cancelling an event outside the admin, with notice to the invited people (updated or
cancelling .ics, parsed back with icalendar), the minutes page, and the exports with attendance
figures."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.models import Event, EventKind, Invitation
from reussite.funding.models import BudgetLine

from .factories import convention_2017, event, rate

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    return client


@pytest.fixture
def invited(world):
    """An event with two invited people (one of them a user of the network)."""
    made = event(world, title="Échange de mars", day=D(2017, 3, 14))
    for name, email in (("Alix Durand", "durand@example.org"), ("Sam Martin", "martin@example.org")):
        Invitation.objects.create(event=made, full_name=name, email=email, organisation=world.carrier)
    return made


def _form(made, **changes):
    data = {
        "kind": made.kind_id,
        "title": made.title,
        "date": made.date.isoformat(),
        "start_time": made.start_time.strftime("%H:%M"),
        "end_time": made.end_time.strftime("%H:%M"),
        "place": made.place,
        "video_link": made.video_link,
        "provider": made.provider_id or "",
        "speaker": made.speaker,
        "agenda": made.agenda,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _ics(message):
    name, content, mimetype = message.attachments[0]
    return Calendar.from_ical(content), mimetype


def test_a_new_date_is_sent_to_every_invitee_with_the_updated_ics(
    coordinator, invited, django_capture_on_commit_callbacks
):
    url = reverse("coordination:event_edit", args=[invited.pk])
    assert 'value="2017-03-14"' in coordinator.get(url).content.decode()  # the form shows the event
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, _form(invited, date="2017-03-21", place="Salle B"), follow=True)
    assert "Événement modifié. 2 personne(s) invitée(s) prévenue(s)." in response.content.decode()
    changed = Event.objects.get(pk=invited.pk)
    assert (changed.date, changed.place, changed.sequence) == (D(2017, 3, 21), "Salle B", 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["durand@example.org", "martin@example.org"]
    calendar, mimetype = _ics(mail.outbox[0])
    assert mimetype == "text/calendar; method=REQUEST" and str(calendar["method"]) == "REQUEST"
    vevent = calendar.walk("VEVENT")[0]
    assert vevent["uid"] == f"event-{invited.pk}@reussite.local"  # same UID: the calendar replaces it
    assert int(vevent["sequence"]) == 1 and vevent.decoded("dtstart").date() == D(2017, 3, 21)
    assert "Salle B" in mail.outbox[0].body and "Modification" in mail.outbox[0].subject


def test_a_change_invitees_need_not_know_sends_nothing(world, invited, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, told = services.update_event(invited, agenda="1. Tour de table")
    assert told == 0 and not mail.outbox
    assert Event.objects.get(pk=invited.pk).sequence == 0


def test_bad_input_is_refused_in_french_and_nothing_is_saved_or_sent(
    coordinator, invited, django_capture_on_commit_callbacks
):
    url = reverse("coordination:event_edit", args=[invited.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, _form(invited, date="2017-03-21", end_time="08:00"))
    assert response.status_code == 200
    assert "Fin : l&#x27;heure de fin doit suivre l&#x27;heure de début." in response.content.decode()
    assert Event.objects.get(pk=invited.pk).date == D(2017, 3, 14) and not mail.outbox


def test_one_date_of_a_series_is_changed_alone(world):
    series = services.create_series(
        network=world.network,
        kind=EventKind.default("echange-de-pratiques"),
        title="Échanges",
        first_date=D(2017, 1, 1),
        last_date=D(2017, 6, 30),
        organiser=world.metropole,
    )
    first, second = series.events.order_by("date")[:2]
    services.update_event(first, date=D(2017, 1, 17))
    assert Event.objects.get(pk=first.pk).series == series
    assert Event.objects.get(pk=second.pk).date == D(2017, 3, 14)


def test_cancel_tells_every_invitee_and_keeps_the_event(coordinator, invited, django_capture_on_commit_callbacks):
    url = reverse("coordination:event_cancel", args=[invited.pk])
    assert "les 2 personnes invitées reçoivent" in coordinator.get(url).content.decode()
    response = coordinator.post(url, {"reason": ""})
    assert "Motif" in response.content.decode() and not Event.objects.get(pk=invited.pk).is_cancelled
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, {"reason": "Salle indisponible"}, follow=True)
    body = response.content.decode()
    assert "Événement annulé ; 2 personne(s) invitée(s) prévenue(s)." in body and "Salle indisponible" in body
    cancelled = Event.objects.get(pk=invited.pk)
    assert cancelled.is_cancelled and cancelled.invitations.count() == 2
    calendar, mimetype = _ics(mail.outbox[0])
    assert mimetype == "text/calendar; method=CANCEL" and str(calendar["method"]) == "CANCEL"
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["status"]) == "CANCELLED" and int(vevent["sequence"]) == 1
    assert "Annulation" in mail.outbox[0].subject and "Salle indisponible" in mail.outbox[0].body
    # Cancelled: no more changes, invitations, replies or attendance; the edit pages are gone.
    assert coordinator.get(reverse("coordination:event_edit", args=[invited.pk])).status_code == 404
    assert coordinator.get(url).status_code == 404
    for call in (
        lambda: services.invite(cancelled, []),
        lambda: services.record_attendance(cancelled, set()),
        lambda: services.reply(cancelled.invitations.first(), "yes"),
        lambda: services.update_event(cancelled, title="Autre"),
    ):
        with pytest.raises(services.ValidationError) as error:
            call()
        assert "Événement : il est annulé." in str(error.value)


def test_cancelled_events_are_marked_and_left_out_of_the_year_attendance(client, world, invited):
    services.record_attendance(invited, set())
    services.cancel_event(invited, "Grève")
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    assert "(annulé)" in client.get(reverse("coordination:calendar")).content.decode()
    report = client.get(reverse("coordination:attendance_report") + "?annee=2017").content.decode()
    assert "Alix Durand" not in report  # absent from a cancelled event is not "never came"


def test_moving_a_paid_session_to_another_year_moves_its_actuals(world):
    _, line = convention_2017(world.network)
    rate(world.provider)
    session = event(world, kind="analyse-de-la-pratique", day=D(2017, 12, 12))
    cost = services.record_cost(session, provider=world.provider, unit="session", quantity=Decimal(1))
    services.mark_paid(cost, D(2017, 12, 20))
    assert BudgetLine.objects.get(pk=line.pk).actual_amount == Decimal("430.00")
    services.update_event(session, date=D(2018, 1, 9))
    assert BudgetLine.objects.get(pk=line.pk).actual_amount == Decimal("0")


def test_minutes_written_on_their_page(coordinator, client, world, invited):
    url = reverse("coordination:event_minutes", args=[invited.pk])
    response = coordinator.post(url, {"minutes": "  Situation de PRE-ZZ9Q évoquée.  "}, follow=True)
    assert "Compte rendu enregistré." in response.content.decode()
    assert Event.objects.get(pk=invited.pk).minutes == "Situation de PRE-ZZ9Q évoquée."
    response = coordinator.post(url, {"minutes": "x" * 20001})
    assert response.status_code == 200 and "20000" in response.content.decode().replace("\u202f", "")
    assert Event.objects.get(pk=invited.pk).minutes == "Situation de PRE-ZZ9Q évoquée."


def test_event_page_shows_the_attendance_figures(coordinator, world, invited):
    first, second = invited.invitations.order_by("full_name")
    services.reply(first, "yes")
    services.reply(second, "no")
    services.record_attendance(invited, {first.pk})
    body = coordinator.get(reverse("coordination:event_detail", args=[invited.pk])).content.decode()
    assert "2 invité·es, 1 oui, 1 non, 1 présent·e" in body


def _csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: French Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_calendar_export_with_attendance_figures(coordinator, world, invited):
    first, _ = invited.invitations.order_by("full_name")
    services.reply(first, "yes")
    services.record_attendance(invited, {first.pk})
    event(world, title="=HYPERLINK(1)", day=D(2017, 4, 11), kind="information")
    rows = _csv(coordinator.get(reverse("coordination:calendar_export", args=["csv"]) + "?type=echange-de-pratiques"))
    assert rows[0][-4:] == ["Invités", "Oui", "Non", "Présents"]
    assert rows[1:] == [
        ["14/03/2017", "09:30", "12:00", "Échange de pratiques", "Échange de mars", "", "", "Métropole A", "non"]
        + ["2", "1", "0", "1"]
    ]
    rows = _csv(coordinator.get(reverse("coordination:calendar_export", args=["csv"])))
    assert rows[2][4] == "'=HYPERLINK(1)"  # typed text never becomes a formula
    sheet = load_workbook(
        io.BytesIO(coordinator.get(reverse("coordination:calendar_export", args=["xlsx"])).content)
    ).active
    assert [c.value for c in sheet[2]][4:] == ["Échange de mars", None, None, "Métropole A", "non", 2, 1, 0, 1]
    assert sheet["E3"].data_type == "s"
    assert coordinator.get(reverse("coordination:calendar_export", args=["pdf"])).status_code == 404


def test_attendance_and_library_exports(coordinator, world, invited):
    first, _ = invited.invitations.order_by("full_name")
    services.record_attendance(invited, {first.pk})
    rows = _csv(coordinator.get(reverse("coordination:attendance_export", args=["csv"]) + "?annee=2017"))
    assert rows == [
        ["Programme", "Organisation", "Nom", "Invitations", "Présences"],
        ["", "CCAS A1", "Alix Durand", "1", "1"],
        ["", "CCAS A1", "Sam Martin", "1", "0"],
    ]
    services.add_resource(network=world.network, title="Charte", kind="charter", link="https://example.org/c")
    rows = _csv(coordinator.get(reverse("coordination:library_export", args=["csv"])))
    assert rows[1][:2] == ["Charte", "Charte"] and rows[1][6] == "https://example.org/c"


def test_cancel_the_dates_to_come_of_a_series(coordinator, world, django_capture_on_commit_callbacks):
    today = datetime.date.today()
    series = services.create_series(
        network=world.network,
        kind=EventKind.default("echange-de-pratiques"),
        title="Échanges bimestriels",
        first_date=today - datetime.timedelta(days=120),
        last_date=today + datetime.timedelta(days=240),
        organiser=world.metropole,
    )
    past = list(series.events.filter(date__lt=today))
    to_come = list(series.events.filter(date__gte=today))
    assert past and to_come
    Invitation.objects.create(event=to_come[0], full_name="Alix", email="alix@example.org", organisation=world.carrier)
    url = reverse("coordination:series_cancel", args=[series.pk])
    assert to_come[0].date.strftime("%d/%m/%Y") in coordinator.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, {"reason": "Fin du dispositif"}, follow=True)
    assert f"{len(to_come)} date(s) de la série annulée(s) ; 1 invitation(s)" in response.content.decode()
    assert all(e.is_cancelled for e in series.events.filter(date__gte=today))
    assert not any(e.is_cancelled for e in series.events.filter(date__lt=today))
    assert len(mail.outbox) == 1 and "Fin du dispositif" in mail.outbox[0].body
    response = coordinator.post(url, {"reason": "Encore"})
    assert "Série : aucune date à venir à annuler." in response.content.decode()


def test_the_feed_marks_a_cancelled_event(client, world, invited):
    from reussite.coordination.models import CalendarToken

    services.cancel_event(invited, "Report")
    token = CalendarToken.objects.create(user=world.user(Role.REFERENT)).token
    (vevent,) = Calendar.from_ical(client.get(reverse("coordination:feed", args=[token])).content).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED" and int(vevent["sequence"]) == 1
