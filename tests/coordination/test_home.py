"""The bimonthly rhythm of practice exchanges is checked on the coordinator's home page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reussite.accounts.models import Role

from .factories import event

pytestmark = pytest.mark.django_db
D = datetime.date


@time_machine.travel("2024-09-01 10:00 +0000", tick=False)
def test_gap_of_more_than_two_months_is_flagged_for_the_coordinator_only(client, world):
    for day in (D(2024, 1, 9), D(2024, 3, 12), D(2024, 6, 11)):
        event(world, day=day)
    event(world, network="other", day=D(2024, 8, 13))
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("home")).content.decode()
    assert "Rythme bimestriel des échanges de pratiques" in page
    assert "du 12/03/2024 au 11/06/2024" in page
    assert "aucun échange prévu depuis le 11/06/2024" in page
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    assert "Rythme bimestriel" not in client.get(reverse("home")).content.decode()


@time_machine.travel("2024-05-20 10:00 +0000", tick=False)
def test_regular_rhythm_is_not_flagged(client, world):
    for day in (D(2024, 1, 9), D(2024, 3, 12), D(2024, 5, 14), D(2024, 7, 9)):
        event(world, day=day)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    assert "Rythme bimestriel" not in client.get(reverse("home")).content.decode()


@time_machine.travel("2024-05-20 10:00 +0000", tick=False)
def test_a_cancelled_exchange_does_not_keep_the_rhythm(client, world):
    from reussite.coordination import services

    made = [event(world, day=day) for day in (D(2024, 1, 9), D(2024, 3, 12), D(2024, 5, 14), D(2024, 7, 9))]
    services.cancel_event(made[1], "Salle indisponible")
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("home")).content.decode()
    assert "du 09/01/2024 au 14/05/2024" in page
