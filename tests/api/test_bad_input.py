"""Bad input to the API gets a French 400 (or a 404), never a server error."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from tests.governance.factories import voted_deliberation

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def api(client, world):
    client.raise_request_exception = False
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


def _post_urls(world):
    deliberation = voted_deliberation(world.carrier)
    sitting_id = deliberation.item.sitting_id
    return [
        reverse("api:governance-sitting-list"),
        reverse("api:governance-sitting-attendance", args=[sitting_id]),
        reverse("api:governance-sitting-vote", args=[sitting_id]),
        reverse("api:governance-deliberation-publication", args=[deliberation.pk]),
    ]


def test_deeply_nested_json_is_a_french_400_on_every_endpoint(api, world):
    for url in _post_urls(world):
        response = api.post(url, DEEP, content_type="application/json")
        assert response.status_code == 400, url
        assert response.json() == {"detail": "Corps de la requête : le JSON est imbriqué trop profondément."}


def test_malformed_json_is_a_french_400(api, world):
    response = api.post(reverse("api:governance-sitting-list"), '{"body": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Corps de la requête : JSON invalide (ligne 1")
