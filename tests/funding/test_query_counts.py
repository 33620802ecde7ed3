"""List pages and endpoints run the same number of queries for 1 row and for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db

URLS = [
    "funding:convention_list",
    "funding:call_list",
    "funding:overdue_list",
    "api:convention-list",
    "api:convention-party-list",
    "api:budget-line-list",
    "api:funding-year-list",
    "api:funding-share-list",
    "api:call-for-funds-list",
    "api:payment-list",
]


def _make(world, n, start):
    for i in range(start, start + n):
        payer = OrganisationFactory(network=world.network, short_name=f"Payeur {i}")
        make_convention(world.metropole, [payer, world.carrier], issue=True)


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"annee": ""} if not url.startswith("/api/") else {})
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("url_name", URLS)
def test_bounded_queries(client, world, url_name):
    client.force_login(world.user("finance_officer"))
    url = reverse(url_name)
    _make(world, 1, 0)
    with_one = _count(client, url)
    _make(world, 49, 1)
    with_fifty = _count(client, url)
    assert with_fifty == with_one, f"{url_name}: {with_one} queries for 1 convention, {with_fifty} for 50"
