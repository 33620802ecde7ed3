"""Grant lists and the envelope page run the same number of queries for 1 row and for 30."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reussite.funding import services
from reussite.funding.models import GrantEnvelope

pytestmark = pytest.mark.django_db


def _envelopes(world, n, start):
    for i in range(start, start + n):
        services.save_grant_envelope(
            GrantEnvelope(
                network=world.network,
                grantor=world.carrier,
                title=f"Enveloppe {i}",
                year=2025,
                rule="rate",
                unit_rate=Decimal("50"),
                advance_percent=Decimal("80"),
            ),
            [services.GrantData(f"Association {i}-{k}", units=Decimal(k + 1)) for k in range(3)],
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("url_name", ["funding:grant_list", "api:grant-envelope-list", "api:grant-list"])
def test_bounded_queries_on_lists(client, world, url_name):
    client.force_login(world.user("finance_officer"))
    _envelopes(world, 1, 0)
    one = _count(client, reverse(url_name))
    _envelopes(world, 29, 1)
    assert _count(client, reverse(url_name)) == one


def test_bounded_queries_on_the_envelope_page(client, world):
    client.force_login(world.user("finance_officer"))
    envelope = services.save_grant_envelope(
        GrantEnvelope(network=world.network, grantor=world.carrier, title="E", year=2025, rule="fixed"),
        [services.GrantData("A", fixed_amount=Decimal("100"))],
    )
    url = reverse("funding:grant_detail", args=[envelope.pk])
    one = _count(client, url)
    grants = [services.GrantData(f"B{k}", fixed_amount=Decimal("100")) for k in range(40)]
    services.save_grant_envelope(envelope, [services.GrantData("A", fixed_amount=Decimal("100")), *grants])
    for grant in envelope.grants.all()[:10]:
        services.record_grant_payment(grant, kind="whole", amount=Decimal("10"), paid_on=datetime.date(2025, 5, 1))
    assert _count(client, url) == one
