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


def test_article_formset_with_an_article_of_another_network_answers_like_a_missing_id(client, world):
    from reussite.funding.models import ConventionArticle

    convention = make_convention(world.metropole, [world.carrier])
    foreign_convention = make_convention(world.other_metropole, [world.other_carrier])
    foreign = ConventionArticle.objects.create(
        convention=foreign_convention, position=1, number="1", title="ARTICLE-ETRANGER-LEAK", body="Texte secret"
    )
    client.force_login(world.user("finance_officer"))

    def post(article_id):
        return client.post(
            reverse("funding:articles_edit", args=[convention.pk]),
            {
                "articles-TOTAL_FORMS": "1",
                "articles-INITIAL_FORMS": "1",
                "articles-0-id": str(article_id),
                "articles-0-position": "1",
                "articles-0-number": "1",
                "articles-0-title": "Réécrit",
            },
        )

    outside, missing = post(foreign.pk), post(987_654_321)
    assert outside.status_code == missing.status_code == 200
    # The page echoes the id typed in its hidden field; everything else is identical.
    echoed = 'id="id_articles-0-id"'
    assert _page(outside).replace(f'value="{foreign.pk}" {echoed}', echoed) == _page(missing).replace(
        f'value="987654321" {echoed}', echoed
    )
    assert "Sélectionnez un choix valide" in _page(outside)
    assert "ARTICLE-ETRANGER-LEAK" not in _page(outside)
    foreign.refresh_from_db()
    assert (foreign.convention_id, foreign.title) == (foreign_convention.pk, "ARTICLE-ETRANGER-LEAK")
