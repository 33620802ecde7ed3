import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reussite.audit.models import SignInEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_sign_in_and_out_are_recorded(client):
    user = UserFactory(username="agent")
    response = sign_in(client, "agent")
    assert response.status_code == 302 and response.url == reverse("home")
    client.post(reverse("accounts:logout"))
    assert list(SignInEvent.objects.filter(user=user).values_list("kind", flat=True).order_by("at", "pk")) == [
        "login",
        "logout",
    ]


def test_wrong_password_is_refused_in_french(client):
    UserFactory(username="agent")
    response = sign_in(client, "agent", "wrong")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert SignInEvent.objects.filter(kind="failed").count() == 1


def test_demo_accounts_are_refused_when_demo_sign_in_is_off(client, settings):
    UserFactory(username="demo", is_demo=True)
    settings.REUSSITE_ALLOW_DEMO_USERS = False
    assert sign_in(client, "demo").status_code == 200
    settings.REUSSITE_ALLOW_DEMO_USERS = True
    assert sign_in(client, "demo").status_code == 302


def test_session_expires_after_inactivity(client, settings):
    UserFactory(username="agent")
    sign_in(client, "agent")
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_activity_pushes_the_expiry_back(client, settings):
    settings.SESSION_REFRESH_SECONDS = 0  # as if the last refresh were more than a minute ago
    UserFactory(username="agent")
    sign_in(client, "agent")
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=5))
    assert client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_session_is_not_rewritten_on_every_request(client, settings):
    """Within a minute of the last refresh a page reads the session and does not write it."""
    UserFactory(username="agent")
    sign_in(client, "agent")
    assert client.get(reverse("home")).status_code == 200
    soon = timezone.now() + datetime.timedelta(minutes=10)
    Session.objects.update(expire_date=soon)
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date == soon


def test_password_reset_by_email(client):
    user = UserFactory(username="agent", email="agent@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "agent@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "réinitialisation" in message.subject
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Nouveau mot de passe" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "un-nouveau-mot-de-passe-solide", "new_password2": "un-nouveau-mot-de-passe-solide"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe-solide")


def test_pages_require_sign_in(client):
    response = client.get(reverse("territory:youth_counts"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_admin_is_for_staff_only(client):
    user = UserFactory(username="agent")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    user.is_staff = True
    user.save()
    # Staff must pass the second factor first (the admin reaches every record).
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:second_factor_enrol"))
    client.force_login(user)  # a complete sign-in, second factor included
    assert client.get("/admin/").status_code == 200
