"""Coordination pages cost the same number of queries with 1 row and with 50."""

import datetime

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.models import CalendarToken, Invitation
from tests.query_counts import assert_constant_queries

from .factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    return client


def test_calendar(coordinator, world):
    # The first visit creates the user's feed token (a few queries, once): not what is measured here.
    CalendarToken.objects.create(user=world.user(Role.METROPOLE_COORDINATOR))
    made = []

    def grow(n):
        while len(made) < n:
            made.append(
                event(
                    world,
                    title=f"Échange {len(made)}",
                    day=datetime.date(2017, 1, 1) + datetime.timedelta(days=len(made)),
                )
            )

    assert_constant_queries(coordinator, reverse("coordination:calendar"), grow, maximum=14)


def test_event_page_and_api_with_many_invitations(coordinator, world):
    made = event(world)
    invited = []

    def grow(n):
        while len(invited) < n:
            invited.append(
                Invitation.objects.create(
                    event=made,
                    full_name=f"Personne {len(invited)}",
                    email=f"p{len(invited)}@example.org",
                    organisation=world.carrier,
                    programme=world.programme,
                )
            )

    assert_constant_queries(coordinator, reverse("coordination:event_detail", args=[made.pk]), grow, maximum=16)
    assert_constant_queries(coordinator, reverse("coordination:attendance_report") + "?annee=2017", grow, maximum=12)


def test_api_events(coordinator, world):
    made = []

    def grow(n):
        while len(made) < n:
            new = event(
                world, title=f"E{len(made)}", day=datetime.date(2017, 1, 1) + datetime.timedelta(days=len(made))
            )
            Invitation.objects.create(event=new, full_name="P", email="p@example.org", organisation=world.carrier)
            made.append(new)

    assert_constant_queries(coordinator, reverse("api:coordination-event-list"), grow, maximum=12)


def test_library(coordinator, world):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(
                services.add_resource(
                    network=world.network, title=f"R{len(made)}", kind="guide", link="https://example.org/r"
                )
            )

    assert_constant_queries(coordinator, reverse("coordination:library"), grow, maximum=12)
    assert_constant_queries(coordinator, reverse("api:coordination-resource-list"), grow, maximum=12)


def test_calendar_and_exports_through_the_audience_rule(client, world):
    """A programme coordination sees events by audience (id sets computed once per request)."""
    user = world.user(Role.PROGRAMME_COORDINATOR)
    CalendarToken.objects.create(user=user)
    client.force_login(user)
    made = []

    def grow(n):
        while len(made) < n:
            day = datetime.date(2017, 1, 1) + datetime.timedelta(days=len(made))
            new = event(world, title=f"Échange {len(made)}", day=day, programmes=[world.programme])
            Invitation.objects.create(
                event=new, full_name="P", email="p@example.org", organisation=world.carrier, attended=True
            )
            made.append(new)

    assert_constant_queries(client, reverse("coordination:calendar"), grow, maximum=16)
    assert_constant_queries(client, reverse("coordination:calendar_export", args=["csv"]), grow, maximum=12)
    assert_constant_queries(client, reverse("coordination:calendar_export", args=["xlsx"]), grow, maximum=12)
    assert_constant_queries(
        client, reverse("coordination:attendance_export", args=["xlsx"]) + "?annee=2017", grow, maximum=12
    )
    assert_constant_queries(client, reverse("coordination:library_export", args=["csv"]), grow, maximum=12)
