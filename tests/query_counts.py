"""Helper: a list page costs the same number of queries with 1 row and with 50."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def assert_constant_queries(client, url, grow, maximum):
    """``grow(n)`` adds rows until the page lists about ``n``; the query count must not move."""
    grow(1)
    small = count_queries(client, url)
    grow(50)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with 1 row, {large} with 50"
    assert large <= maximum, f"{url}: {large} queries, bound is {maximum}"
