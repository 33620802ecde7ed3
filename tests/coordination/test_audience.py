"""Audience by programme and role, beyond the permission matrix (tests/coordination/matrix.py, whose
sentinels already check every page, export and endpoint per role): role-only and programme-only
audiences, invitations, ended memberships, the documents of an event page, the personal feed, and the
forms that set an audience."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from reussite.accounts.models import Membership, Role
from reussite.coordination import services
from reussite.coordination.models import CalendarToken, Event, Invitation, Resource
from reussite.coordination.rules import audience_ids
from reussite.core.scoping import get_scope, scoped

from .factories import event

pytestmark = pytest.mark.django_db


def sees(world, role, obj) -> bool:
    return scoped(world.user(role), type(obj)).filter(pk=obj.pk).exists()


def test_role_only_audience(world):
    made = event(world, roles=[Role.REFERENT])
    assert made.audience_roles == ",referent,"
    assert [sees(world, r, made) for r in (Role.REFERENT, Role.PROGRAMME_COORDINATOR, Role.READER)] == [
        True,
        False,
        False,
    ]
    # The planner and the finance officer of the network see every event.
    assert sees(world, Role.METROPOLE_COORDINATOR, made) and sees(world, Role.FINANCE_OFFICER, made)


def test_programme_only_audience_binds_carriers_not_the_metropole(world):
    made = event(world, programmes=[world.programme2])
    assert not sees(world, Role.PROGRAMME_COORDINATOR, made)  # CCAS A1 does not carry it
    assert not sees(world, Role.PSYCHOLOGIST, made)  # the provider carries no programme
    assert sees(world, Role.READER, made)  # a member of the métropole works network-wide
    open_to_all = event(world, title="Pour tous")
    assert all(sees(world, role, open_to_all) for role in Role.values)


def test_the_invited_person_sees_the_event_and_its_invitations(world):
    made = event(world, roles=[Role.REFERENT])
    user = world.user(Role.BOARD_SECRETARY)
    assert not sees(world, Role.BOARD_SECRETARY, made)
    Invitation.objects.create(
        event=made, user=user, full_name="Secrétaire", email="s@example.org", organisation=world.carrier
    )
    user._reussite_scope = None  # a new request
    assert sees(world, Role.BOARD_SECRETARY, made)
    assert scoped(user, Invitation).filter(event=made).count() == 1


def test_an_ended_membership_sees_nothing_even_when_invited(world):
    made = event(world)
    user = world.user(Role.REFERENT)
    Invitation.objects.create(event=made, user=user, full_name="Réf", email="r@example.org", organisation=world.carrier)
    Membership.objects.filter(user=user).update(is_active=False)
    user._reussite_scope = None
    assert not scoped(user, Event).exists() and not audience_ids(get_scope(user), Event)


def test_unknown_role_is_refused_in_french_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as error:
        event(world, roles=["chef"])
    assert "Rôles destinataires : rôle inconnu." in str(error.value)
    assert not Event.objects.exists()


def test_event_page_lists_only_the_documents_of_the_readers_audience(client, world):
    made = event(world)
    services.add_resource(
        network=world.network, title="Pour tous DOC-OPEN", kind="guide", link="https://example.org/a", event=made
    )
    services.add_resource(
        network=world.network,
        title="Pour les référents DOC-REF",
        kind="guide",
        link="https://example.org/b",
        event=made,
        roles=[Role.REFERENT],
    )
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    body = client.get(reverse("coordination:event_detail", args=[made.pk])).content.decode()
    assert "DOC-OPEN" in body and "DOC-REF" not in body
    client.force_login(world.user(Role.REFERENT))
    assert "DOC-REF" in client.get(reverse("coordination:event_detail", args=[made.pk])).content.decode()


def test_feed_holds_the_events_of_the_users_audience_only(client, world):
    event(world, title="Ouvert SENTINELLE-A")
    event(world, title="Référents SENTINELLE-R", roles=[Role.REFERENT])
    event(world, network="other", title="Autre SENTINELLE-B")
    token = CalendarToken.objects.create(user=world.user(Role.READER)).token
    content = client.get(reverse("coordination:feed", args=[token])).content
    summaries = " ".join(str(v["summary"]) for v in Calendar.from_ical(content).walk("VEVENT"))
    assert "SENTINELLE-A" in summaries
    assert "SENTINELLE-R" not in summaries and "SENTINELLE-B" not in summaries


def test_forms_set_the_audience(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    response = client.post(
        reverse("coordination:event_create"),
        {
            "kind": Event._meta.get_field("kind").related_model.default("information").pk,
            "title": "Séance d'information",
            "date": "2017-05-02",
            "start_time": "09:30",
            "end_time": "12:00",
            "programmes": [world.programme.pk],
            "roles": [Role.PROGRAMME_COORDINATOR, Role.REFERENT],
        },
    )
    assert response.status_code == 302
    made = Event.objects.get(title="Séance d'information")
    assert made.audience_role_list == ["programme_coordinator", "referent"]
    assert list(made.audience_programmes.all()) == [world.programme]
    client.post(
        reverse("coordination:resource_create"),
        {"kind": "guide", "title": "Guide réservé", "link": "https://example.org/g", "roles": [Role.REFERENT]},
    )
    assert Resource.objects.get(title="Guide réservé").audience_roles == ",referent,"
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    assert "Guide réservé" not in client.get(reverse("coordination:library")).content.decode()


def test_an_other_network_programme_is_refused_like_an_unknown_one(world):
    with pytest.raises(ValidationError) as error:
        event(world, programmes=[world.other_programme], day=datetime.date(2017, 5, 2))
    assert "Programmes invités : programme inconnu." in str(error.value)


def test_api_gives_the_audience_and_the_cancellation(client, world):
    made = event(world, roles=[Role.REFERENT, Role.PROGRAMME_COORDINATOR], programmes=[world.programme])
    services.cancel_event(made, "Report")
    services.add_resource(
        network=world.network, title="Guide", kind="guide", link="https://example.org/g", roles=[Role.REFERENT]
    )
    client.force_login(world.user(Role.REFERENT))
    (item,) = client.get(reverse("api:coordination-event-list")).json()["results"]
    assert item["audience_roles"] == ["programme_coordinator", "referent"]
    assert item["audience_programmes"] == [world.programme.pk]
    assert item["cancellation_reason"] == "Report" and item["cancelled_at"]
    (resource,) = client.get(reverse("api:coordination-resource-list")).json()["results"]
    assert resource["audience_roles"] == ["referent"]
