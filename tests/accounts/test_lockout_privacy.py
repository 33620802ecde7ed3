"""Sign-in lock-out (django-axes) keeps nothing personal: no typed username, address or browser in the
database or the log; only digests with a count, which end with the cool-off."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import connection
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TYPED = "personne.tapee"
ADDRESS = "203.0.113.77"
BROWSER = "NavigateurTrèsReconnaissable/1.0"


def _fail(client):
    return client.post(
        reverse("accounts:login"),
        {"username": TYPED, "password": "mauvais-mot-de-passe"},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )


@pytest.fixture
def axes_on(settings):
    from django.core.cache import caches

    settings.AXES_ENABLED = True
    cache = caches[settings.AXES_CACHE] if hasattr(settings, "AXES_CACHE") else caches["default"]
    cache.clear()
    yield
    cache.clear()


def test_failed_sign_ins_store_and_log_nothing_personal(client, axes_on, caplog):
    UserFactory(username=TYPED)
    caplog.set_level(logging.DEBUG)
    for _ in range(3):
        assert _fail(client).status_code == 200
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessLog.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM reussite_signin_lockout")
        stored = " ".join(" ".join(map(str, row)) for row in cursor.fetchall())
    assert stored  # the counters exist...
    for personal in (TYPED, ADDRESS, BROWSER):  # ...as digests only
        assert personal not in stored
        assert personal not in caplog.text


def test_expired_counters_are_deleted(client, axes_on, settings):
    from django.core.cache import caches

    cache = caches[settings.AXES_CACHE]
    cache.set("axes-old", 3, timeout=-1)  # already expired
    cache.set("axes-live", 1, timeout=60)
    cache.get("axes-live")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM reussite_signin_lockout")
        keys = [row[0] for row in cursor.fetchall()]
    assert not any(key.endswith("axes-old") for key in keys)
    assert any(key.endswith("axes-live") for key in keys)


def test_lockout_still_applies_after_five_failures(client, axes_on):
    UserFactory(username=TYPED)
    for _ in range(5):
        _fail(client)
    response = _fail(client)
    assert response.status_code == 429
