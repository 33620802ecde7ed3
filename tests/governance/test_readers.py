"""An elected member (reader) of the métropole reads the acts and the money of the métropole, changes nothing."""

import pytest
from django.urls import reverse

from tests.funding.factories import make_convention
from tests.governance.factories import voted_deliberation

pytestmark = pytest.mark.django_db


def test_reader_of_the_metropole_reads_its_conventions_calls_and_deliberations(client, world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    own = voted_deliberation(world.metropole)
    other = voted_deliberation(world.carrier)
    client.force_login(world.user("reader"))

    conventions = client.get(reverse("funding:convention_list")).content.decode()
    calls = client.get(reverse("funding:call_list")).content.decode()
    deliberation = client.get(reverse("governance:deliberation_detail", args=[own.pk]))
    assert convention.reference in conventions
    assert call.reference in calls
    assert deliberation.status_code == 200 and own.subject in deliberation.content.decode()
    # the acts of another organisation stay hidden
    assert client.get(reverse("governance:deliberation_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("governance:body_detail", args=[own.body.pk])).status_code == 200


def test_reader_changes_nothing(client, world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    own = voted_deliberation(world.metropole)
    client.force_login(world.user("reader"))
    detail = client.get(reverse("funding:convention_detail", args=[convention.pk])).content.decode()
    assert "Modifier" not in detail
    assert client.get(reverse("funding:convention_edit", args=[convention.pk])).status_code == 404
    assert client.get(reverse("governance:sitting_create", args=[own.body.pk])).status_code == 404
    response = client.post(
        reverse("governance:deliberation_publication", args=[own.pk]),
        {"transmitted_on": "2024-10-07", "published_on": "2024-10-09"},
    )
    assert response.status_code == 404
