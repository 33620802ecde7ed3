"""``/api/v1/events/``: the list writes its page from rows (EventViewSet.list), each event exactly as
EventSerializer writes it on the detail (same keys, same order, same values), within the user's scope."""

import datetime

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.coordination.models import Event, EventKind, EventSeries, Invitation
from reussite.core.scoping import scoped

from .factories import event

pytestmark = pytest.mark.django_db

LIST = reverse("api:coordination-event-list")


@pytest.fixture
def events(world):
    """Events of every shape: a series, a provider, a video link, programmes given out of their
    order, roles, a cancellation, invitations of several organisations; one of another network."""
    series = EventSeries.objects.create(
        network=world.network,
        kind=EventKind.default("formation"),
        title="Formations",
        organiser=world.metropole,
        first_date=datetime.date(2017, 3, 1),
        last_date=datetime.date(2017, 6, 30),
    )
    full = event(
        world,
        title="Formation B",
        kind="formation",
        day=datetime.date(2017, 3, 21),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        place="Salle 2",
        video_link="https://visio.example.org/b",
        provider=world.carrier2,
        agenda="1. Accueil\n2. Atelier",
        series=series,
        programmes=[world.programme2, world.programme],
        roles=[Role.REFERENT, Role.PROGRAMME_COORDINATOR],
    )
    Event.objects.filter(pk=full.pk).update(
        cancelled_at=datetime.datetime(2017, 3, 20, 8, 30, tzinfo=datetime.UTC), cancellation_reason="Report"
    )
    for name, organisation, reply, attended in [
        ("Zoé", world.carrier, Invitation.Reply.YES, True),
        ("Amir", world.carrier, Invitation.Reply.NO, None),
        ("Bea", world.carrier2, Invitation.Reply.PENDING, False),
    ]:
        Invitation.objects.create(
            event=full,
            full_name=name,
            email=f"{name.lower()}@example.org",
            organisation=organisation,
            programme=world.programme if organisation == world.carrier else None,
            reply=reply,
            attended=attended,
        )
    plain = event(world, title="Échange A", day=datetime.date(2017, 3, 14))
    same_day = event(world, title="Échange A bis", day=datetime.date(2017, 3, 14), start_time=datetime.time(8, 0))
    programme_only = event(world, title="Programme 2", programmes=[world.programme2])
    event(world, network="other", title="Autre réseau")
    return {"full": full, "plain": plain, "same_day": same_day, "programme_only": programme_only}


def test_a_representative_event_as_the_api_gives_it(client, world, events):
    full = events["full"]
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    body = client.get(LIST).json()
    assert body["count"] == 4 and body["next"] is None and body["previous"] is None
    item = next(i for i in body["results"] if i["id"] == full.pk)
    pks = {i.full_name: i.pk for i in Invitation.objects.filter(event=full)}
    invitations = [
        {
            "id": pks[name],
            "full_name": name,
            "organisation": organisation.pk,
            "programme": programme,
            "reply": reply,
            "attended": attended,
        }
        for organisation, name, programme, reply, attended in sorted(
            [
                (world.carrier, "Zoé", world.programme.pk, "yes", True),
                (world.carrier, "Amir", world.programme.pk, "no", None),
                (world.carrier2, "Bea", None, "pending", False),
            ],
            key=lambda row: (row[0].pk, row[1]),
        )
    ]
    assert item == {
        "id": full.pk,
        "network": world.network.pk,
        "kind": "formation",
        "series": full.series_id,
        "title": "Formation B",
        "date": "2017-03-21",
        "start_time": "14:00",
        "end_time": "16:30",
        "place": "Salle 2",
        "video_link": "https://visio.example.org/b",
        "organiser": world.metropole.pk,
        "provider": world.carrier2.pk,
        "audience_programmes": [world.programme.pk, world.programme2.pk],  # Programme's order (commune)
        "audience_roles": ["programme_coordinator", "referent"],
        "agenda": "1. Accueil\n2. Atelier",
        "cancelled_at": "2017-03-20T09:30:00+01:00",  # local time
        "cancellation_reason": "Report",
        "is_demo": False,
        "invitations": invitations,  # by organisation, then name
        "sign_in_sheet_url": f"http://testserver{reverse('coordination:event_sheet', args=[full.pk])}",
    }
    assert list(item) == list(client.get(reverse("api:coordination-event-detail", args=[full.pk])).json())
    plain = next(i for i in body["results"] if i["id"] == events["plain"].pk)
    assert plain["series"] is None and plain["provider"] is None and plain["cancelled_at"] is None
    assert plain["audience_programmes"] == [] and plain["audience_roles"] == [] and plain["invitations"] == []


@pytest.mark.parametrize("role", [Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR, Role.REFERENT, Role.READER])
def test_the_list_gives_each_event_as_its_detail_in_scope(client, world, events, role):
    """Byte for byte, the serializer's writing (the detail's) of each event of the page, in the list's
    order; nothing out of scope."""
    user = world.user(role)
    client.force_login(user)
    response = client.get(LIST)
    assert response.status_code == 200
    results = response.json()["results"]
    expected = list(scoped(user, Event).order_by("date", "start_time", "id").values_list("pk", flat=True))
    assert [item["id"] for item in results] == expected
    assert Event.objects.get(title="Autre réseau").pk not in expected
    for item in results:
        detail = client.get(reverse("api:coordination-event-detail", args=[item["id"]]))
        assert detail.json() == item
        assert list(detail.json()) == list(item)  # the same keys in the same order
    if role == Role.PROGRAMME_COORDINATOR:  # programme 2 only: CCAS A1 does not carry it
        assert events["programme_only"].pk not in expected and events["full"].pk in expected


def test_filters_and_pages(client, world, events):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    by_series = client.get(LIST, {"series": events["full"].series_id}).json()
    assert [i["id"] for i in by_series["results"]] == [events["full"].pk]
    by_date = client.get(LIST, {"date": "2017-03-14"}).json()
    same_day = [events[name].pk for name in ("same_day", "plain", "programme_only")]  # by time, then id
    assert [i["id"] for i in by_date["results"]] == same_day
    assert client.get(LIST, {"page": 2}).status_code == 404
    assert client.get(LIST, {"series": 999999}).json()["results"] == []
