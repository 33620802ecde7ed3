import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .factories import event, rate

pytestmark = pytest.mark.django_db


def test_admin_pages_render(client, world):
    made = event(world)
    rate(world.provider)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in ("event", "eventkind", "providerrate"):
        assert client.get(reverse(f"admin:coordination_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:coordination_event_change", args=[made.pk])).status_code == 200
