"""Ids sent in funding forms: outside the user's scope answers exactly like an id that does not exist."""

import re

import pytest
from django.urls import reverse

from reussite.funding.models import ConventionParty
from tests.factories import OrganisationFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_party_organisation_of_another_network_answers_like_a_missing_id(client, world):
    convention = make_convention(world.metropole, [world.carrier])
    foreign = OrganisationFactory(network=world.other_network, short_name="ORGA-ETRANGERE-LEAK")
    client.force_login(world.user("finance_officer"))
    answers = [
        client.post(
            reverse("funding:party_add", args=[convention.pk]),
            {"organisation": pk, "role": "paying", "position": "5", "display_name": "X"},
        )
        for pk in (foreign.pk, 987_654_321)
    ]
    assert answers[0].status_code == answers[1].status_code
    assert _page(answers[0]) == _page(answers[1])
    assert "ORGA-ETRANGERE-LEAK" not in _page(answers[0])
    assert not ConventionParty.objects.filter(organisation=foreign).exists()
