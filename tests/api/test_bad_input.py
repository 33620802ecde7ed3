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


def test_not_found_is_one_french_answer_whatever_the_reason(api, world):
    from tests.factories import OrganisationFactory

    foreign = OrganisationFactory(network=world.other_network, short_name="ORGA-ETRANGERE-LEAK")
    answers = [api.get(reverse("api:organisation-detail", args=[pk])) for pk in (foreign.pk, 987_654_321, 2**63, "abc")]
    assert {(a.status_code, a.content) for a in answers} == {(404, '{"detail":"Non trouvé."}'.encode())}


def test_options_is_refused_cleanly_everywhere(api, world):
    """No OPTIONS introspection: the schema documents the API (OPTIONS was a server error on the docs)."""
    for name in ("api:docs", "api:schema", "api:governance-sitting-list", "api:me"):
        response = api.options(reverse(name))
        assert response.status_code == 405, name


def test_ids_beyond_the_database_range_in_a_body_are_a_french_400_naming_the_field(api, world):
    deliberation = voted_deliberation(world.carrier)
    sitting = deliberation.item.sitting
    item = sitting.items.get()
    huge = 2**63
    response = api.post(
        reverse("api:governance-sitting-attendance", args=[sitting.pk]),
        {"item": item.pk, "attendances": [{"member": huge, "status": "present", "represented_by": huge}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["attendances"]
    errors = errors[0] if isinstance(errors, list) else errors["0"]
    assert "9223372036854775807" in errors["member"][0] and "9223372036854775807" in errors["represented_by"][0]
    response = api.post(
        reverse("api:governance-sitting-list"),
        {"body": huge, "date": "2024-11-20", "convened_on": "2024-11-14", "president": huge},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"body", "president"}
    response = api.post(
        reverse("api:governance-sitting-vote", args=[sitting.pk]),
        {"item": huge, "vote_mode": "counted", "votes_for": 10**30},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"item", "votes_for"}
