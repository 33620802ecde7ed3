"""The calendar's month view: weeks from Monday to Sunday, each event on its day."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.grid import month_grid, neighbour_months
from reussite.coordination.models import CalendarToken
from tests.query_counts import assert_constant_queries

from .factories import event

D = datetime.date


def test_grid_of_march_2017_starts_on_monday_27_february():
    on_14 = SimpleNamespace(date=D(2017, 3, 14))
    weeks = month_grid(D(2017, 3, 1), [on_14, SimpleNamespace(date=D(2017, 5, 1))])
    assert len(weeks) == 5 and all(len(week) == 7 for week in weeks)
    assert weeks[0][0].date == D(2017, 2, 27) and not weeks[0][0].in_month
    assert weeks[-1][-1].date == D(2017, 4, 2)
    days = [day for week in weeks for day in week]
    assert [d.date for d in days if d.events] == [D(2017, 3, 14)]
    assert days[15].date.weekday() == 1 and days[15].events == [on_14]  # a Tuesday, in the Tuesday column
    assert neighbour_months(D(2017, 1, 1)) == (D(2016, 12, 1), D(2017, 2, 1))


@pytest.mark.django_db
def test_month_view_shows_the_month_with_its_events_and_links(client, world):
    event(world, title="Échange de mars", day=D(2017, 3, 14))
    cancelled = event(world, title="Information annulée", day=D(2017, 3, 21), kind="information")
    services.cancel_event(cancelled, "Report")
    event(world, title="Échange de mai", day=D(2017, 5, 9))
    event(world, network="other", title="Autre réseau", day=D(2017, 3, 14))
    client.force_login(world.user(Role.READER))
    body = client.get(reverse("coordination:calendar") + "?vue=mois&mois=2017-03").content.decode()
    assert "Mars 2017" in body and '<th scope="col">Lundi</th>' in body
    assert "09:30 Échange de mars" in body and "Information annulée</a> <strong>(annulé)</strong>" in body
    assert "Échange de mai" not in body and "Autre réseau" not in body
    assert "mois=2017-02" in body and "mois=2017-04" in body
    # Without a month: the current one.
    today = datetime.date.today()
    current = client.get(reverse("coordination:calendar") + "?vue=mois").content.decode()
    assert f"mois={neighbour_months(today.replace(day=1))[1]:%Y-%m}" in current


@pytest.mark.django_db
def test_month_view_query_count(client, world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    CalendarToken.objects.create(user=user)
    client.force_login(user)
    made = []

    def grow(n):
        while len(made) < n:
            made.append(event(world, title=f"E{len(made)}", day=D(2017, 3, 1 + len(made) % 28)))

    assert_constant_queries(client, reverse("coordination:calendar") + "?vue=mois&mois=2017-03", grow, maximum=16)
