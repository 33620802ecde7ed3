"""The EPS: members bound by the charter, meetings, an agenda of children by code, decisions, minutes."""

import datetime

from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.parcours.models import EpsAgendaItem, EpsMeeting, EpsMember
from tests.parcours.factories import children_of

D = datetime.date


def test_a_member_sits_only_once_bound_by_the_charter(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    url = reverse("parcours:eps_member_create")
    data = {
        "programme": world.programme.pk,
        "full_name": "Mme Conseillère Principale",
        "organisation_name": "Collège Témoin",
        "function": "CPE",
        "charter_signed_on": "2025-02-01",
        "valid_from": "2025-01-15",
    }
    page = client.post(url, data).content.decode()
    assert "Un membre ne siège qu&#x27;après avoir signé la charte de confidentialité." in page
    assert not EpsMember.objects.exists()
    page = client.post(url, {**data, "programme": world.programme2.pk}).content.decode()
    assert "Sélectionnez un choix valide" in page  # another organisation's programme
    assert client.post(url, {**data, "valid_from": "2025-02-01"}).status_code == 302
    member = EpsMember.objects.get()
    assert member.charter_signed_on == D(2025, 2, 1) and member.programme == world.programme
    assert "Mme Conseillère Principale" in client.get(reverse("parcours:eps_home")).content.decode()


def test_meeting_agenda_by_code_decisions_and_minutes(client, world):
    children = children_of(world)
    own, other = children["own"], children["other_org"]
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    response = client.post(
        reverse("parcours:eps_meeting_create"),
        {"programme": world.programme.pk, "date": "2025-03-04", "place": "Mairie"},
    )
    meeting = EpsMeeting.objects.get()
    url = reverse("parcours:eps_meeting_detail", kwargs={"pk": meeting.pk})
    assert response.url == url

    page = client.post(url, {"action": "add", "add-code": other.code}).content.decode()
    assert "Aucun enfant de ce programme ne porte ce code." in page and "Voisinville" not in page
    page = client.post(url, {"action": "add", "add-code": "E-INCONNU1"}).content.decode()
    assert "Aucun enfant de ce programme ne porte ce code." in page
    assert client.post(url, {"action": "add", "add-code": own.code.lower()}).status_code == 302
    page = client.post(url, {"action": "add", "add-code": own.code}).content.decode()
    assert "déjà à l&#x27;ordre du jour" in page
    page = client.get(url).content.decode()
    assert "Anatole PROPREVILLE" in page

    item = EpsAgendaItem.objects.get()
    assert client.post(url, {"action": "decide", "item": item.pk, "decision": "entry", "note": "ok"}).status_code == 302
    item.refresh_from_db()
    assert (item.decision, item.note) == ("entry", "ok")
    assert (
        client.post(url, {"action": "decide", "item": "99999999999999999999", "decision": "entry"}).status_code == 404
    )
    assert client.post(url, {"action": "minutes", "minutes": "Relevé de décisions."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Relevé de décisions."


def test_no_decision_before_the_meeting(client, world):
    child = children_of(world)["own"]
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    meeting = EpsMeeting.objects.create(
        programme=world.programme,
        date=timezone.localdate() + datetime.timedelta(days=7),
        created_by=world.user(Role.PROGRAMME_COORDINATOR),
    )
    item = EpsAgendaItem.objects.create(meeting=meeting, child=child)
    url = reverse("parcours:eps_meeting_detail", kwargs={"pk": meeting.pk})
    page = client.post(url, {"action": "decide", "item": item.pk, "decision": "exit"}, follow=True).content.decode()
    assert "la réunion n&#x27;a pas encore eu lieu" in page
    item.refresh_from_db()
    assert item.decision == ""


def test_only_the_programme_coordination_runs_its_eps(client, world):
    child = children_of(world)["own"]
    meeting = EpsMeeting.objects.create(
        programme=world.programme, date=D(2025, 3, 4), created_by=world.user(Role.PROGRAMME_COORDINATOR)
    )
    EpsAgendaItem.objects.create(meeting=meeting, child=child)
    url = reverse("parcours:eps_meeting_detail", kwargs={"pk": meeting.pk})
    for role in [Role.REFERENT, Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.READER]:
        client.force_login(world.user(role))
        response = client.post(url, {"action": "minutes", "minutes": "piraté"})
        assert response.status_code == 404 and "Propreville" not in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == ""
