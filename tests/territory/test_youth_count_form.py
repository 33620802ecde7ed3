"""Entering a youth count: absurd numbers get a French message naming the field, never a server error."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.territory.models import YouthCount

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", ["1" + "0" * 30, "9223372036854775808", "100001"])
def test_a_count_beyond_any_programme_is_refused_in_french(client, world, count):
    client.raise_request_exception = False
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    response = client.post(
        reverse("territory:youth_count_edit", args=[world.programme.pk]), {"year": "2020", "count": count}
    )
    assert response.status_code in (200, 400)
    assert "Jeunes identifiés : le nombre ne peut pas dépasser 100 000." in response.content.decode()
    assert not YouthCount.objects.exists()
