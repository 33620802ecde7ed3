"""Small things users saw (issue 12): « 1er », ellipsis, a single « démo », the issue-calls link,
the French 404 in the demo."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.funding.models import Convention
from tests.factories import OrganisationFactory
from tests.funding.factories import make_convention
from tests.governance.factories import voted_deliberation

pytestmark = pytest.mark.django_db


def _text(response):
    return " ".join(response.content.decode().split())


def test_first_of_the_month_is_written_1er_on_pages(client, world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    Convention.objects.filter(pk=convention.pk).update(
        starts_on_signature=True, signature_date=datetime.date(2024, 12, 1), end_date=datetime.date(2025, 12, 31)
    )
    call = convention.calls_for_funds.get()
    type(call).objects.filter(pk=call.pk).update(issue_date=datetime.date(2025, 3, 1))
    client.force_login(world.user(Role.FINANCE_OFFICER))
    detail = _text(client.get(reverse("funding:convention_detail", args=[convention.pk])))
    assert "le 1er décembre 2024" in detail and not re.search(r"\b1 décembre", detail)
    assert "1er mars 2025" in _text(client.get(reverse("funding:call_detail", args=[call.pk])))


def test_deliberation_subject_cut_on_the_home_card_ends_with_an_ellipsis(client, world):
    deliberation = voted_deliberation(world.carrier)
    deliberation.subject = "Programme de réussite éducative " * 5
    deliberation.save()
    client.force_login(world.user(Role.BOARD_SECRETARY))
    home = _text(client.get(reverse("home")))
    line = next(item for item in home.split("<li>") if deliberation.reference in item)
    assert "…</li>" in line


def test_demo_organisation_named_demo_is_not_badged_twice(client, world):
    OrganisationFactory(network=world.network, short_name="Cabinet de psychologie (démo)", is_demo=True)
    OrganisationFactory(network=world.network, short_name="Association Exemple", is_demo=True)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = _text(client.get(reverse("territory:organisation_list")))
    assert "(démo)</a> <span" not in page
    assert 'Association Exemple</a> <span class="badge">démo</span>' in page


def test_issue_calls_link_only_while_a_paying_party_is_left_to_call(client, world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2])
    client.force_login(world.user(Role.FINANCE_OFFICER))
    url = reverse("funding:convention_detail", args=[convention.pk]) + "?annee=2025"
    issue = reverse("funding:calls_issue", args=[convention.pk, 2025])
    assert issue in _text(client.get(url))
    response = client.post(issue, {"issue_date": "2025-03-03"})
    assert response.status_code == 302
    page = _text(client.get(url))
    assert issue not in page and "Toutes les parties versantes sont appelées pour 2025" in page


@override_settings(DEBUG=True)
def test_demo_404_is_the_french_page(client, world):
    client.force_login(world.user(Role.FINANCE_OFFICER))
    for url in ["/nulle-part/", reverse("funding:convention_detail", args=[999999])]:
        response = client.get(url)
        assert response.status_code == 404
        text = _text(response)
        assert "Page introuvable" in text and "Page not found" not in text and "URLconf" not in text
    api = client.get("/api/v1/conventions/999999/")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
