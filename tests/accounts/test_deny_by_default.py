"""Deny by default (LoginRequiredMiddleware): a page needs a signed-in user unless explicitly marked;
the API keeps DRF's own JSON answers."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.accounts.deny_by_default_urls")
def test_a_view_without_login_required_still_needs_a_signed_in_user(client):
    response = client.get("/oubli/")
    assert response.status_code == 302
    assert response.url == "/comptes/connexion/?next=/oubli/"
    assert "confidentielles" not in response.content.decode()
    client.force_login(UserFactory())
    assert client.get("/oubli/").content.decode() == "données confidentielles"


@pytest.mark.urls("tests.accounts.deny_by_default_urls")
def test_a_view_marked_login_not_required_is_public(client):
    assert client.get("/publique/").content.decode() == "page publique"


@pytest.mark.urls("tests.accounts.deny_by_default_urls")
def test_the_api_answers_json_not_a_redirect(client):
    response = client.get("/api/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "confidentielles" not in response.content.decode()


@pytest.mark.parametrize("name", ["accounts:login", "accounts:password_reset", "accounts:password_reset_done"])
def test_sign_in_and_password_reset_are_reachable_without_signing_in(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_password_reset_confirm_is_reachable_without_signing_in(client):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "jeton-invalide"]))
    assert response.status_code == 200


def test_api_schema_needs_a_signed_in_user(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("api:schema")).status_code == 200


def test_sign_out_ends_a_session_whose_user_is_no_longer_accepted(client, settings):
    from django.contrib.auth import SESSION_KEY

    client.force_login(UserFactory(username="demo.agent", is_demo=True))
    settings.REUSSITE_ALLOW_DEMO_USERS = False
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not client.session.get(SESSION_KEY)
