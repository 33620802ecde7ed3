import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from tests.factories import YouthCountFactory

pytestmark = pytest.mark.django_db


def test_filtering_by_an_id_of_another_network_is_just_an_empty_result(client, world):
    """No oracle: an id of another network answers like an id that does not exist."""
    YouthCountFactory(programme=world.other_programme)
    client.force_login(world.user(Role.READER))
    url = reverse("api:youth-count-list")
    other = client.get(url, {"programme": world.other_programme.pk})
    missing = client.get(url, {"programme": 999999})
    assert other.status_code == missing.status_code == 200
    assert other.json()["count"] == missing.json()["count"] == 0


def test_filter_by_own_programme_works(client, world):
    YouthCountFactory(programme=world.programme, year=2020, count=40)
    YouthCountFactory(programme=world.programme2, year=2020, count=30)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    data = client.get(reverse("api:youth-count-list"), {"programme": world.programme.pk}).json()
    assert [r["programme"] for r in data["results"]] == [world.programme.pk]


def test_api_answers_json_only(client, world):
    client.force_login(world.user(Role.READER))
    response = client.get(reverse("api:organisation-list"), HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("application/json")
    assert "CCAS B1" not in response.content.decode()


@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", "0", "abc"])
def test_an_id_beyond_the_database_range_is_a_french_400_naming_the_filter(client, world, value):
    client.force_login(world.user(Role.READER))
    for name in ("api:commune-list", "api:organisation-list"):
        response = client.get(reverse(name), {"network": value})
        assert response.status_code == 400
        assert "Identifiant : un nombre entier" in response.json()["network"][0]
