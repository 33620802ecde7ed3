"""API tokens follow the sign-in page's rules: demo accounts are refused when demo sign-in is off."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _me(client, token):
    return client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token.key}")


def test_demo_account_token_is_refused_when_demo_sign_in_is_off(client, settings):
    settings.REUSSITE_ALLOW_DEMO_USERS = False
    demo = Token.objects.create(user=UserFactory(username="demo.agent", is_demo=True))
    response = _me(client, demo)
    assert response.status_code in (401, 403)
    assert "demo.agent" not in response.content.decode()
    # Exactly the answer of a token that does not exist.
    unknown = client.get(reverse("api:me"), HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert (response.status_code, response.json()) == (unknown.status_code, unknown.json())


def test_demo_account_token_works_while_demo_sign_in_is_on(client, settings):
    settings.REUSSITE_ALLOW_DEMO_USERS = True
    demo = Token.objects.create(user=UserFactory(username="demo.agent", is_demo=True))
    assert _me(client, demo).json()["username"] == "demo.agent"


def test_regular_account_token_works_when_demo_sign_in_is_off(client, settings):
    settings.REUSSITE_ALLOW_DEMO_USERS = False
    token = Token.objects.create(user=UserFactory(username="agent"))
    assert _me(client, token).json()["username"] == "agent"
