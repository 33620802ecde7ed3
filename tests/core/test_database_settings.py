"""The PostgreSQL connection's planner settings, which the benchmark's plans depend on."""

import pytest
from django.db import connection

from tests.core.test_email_backend import _run


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_planner_costs_random_reads_as_on_ssd():
    # At the default (4, a spinning disk), a programme's care lists scanned every network's referrals
    # instead of following the programme's children through their index.
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)


def _options(**env):
    result = _run(
        "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))",
        REUSSITE_DEBUG="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_random_read_cost_joins_the_options_of_the_database_url_or_is_left_to_the_server():
    url = "postgres://reussite@db.example:5432/reussite?options=-c%20statement_timeout%3D60000"
    assert _options(DATABASE_URL=url) == "-c statement_timeout=60000 -c random_page_cost=1.1"
    assert _options(DATABASE_URL=url, REUSSITE_DB_RANDOM_PAGE_COST="2") == (
        "-c statement_timeout=60000 -c random_page_cost=2.0"
    )
    # Empty: nothing sent at connection (a pooler such as PgBouncer refuses startup options).
    assert _options(DATABASE_URL=url, REUSSITE_DB_RANDOM_PAGE_COST="") == "-c statement_timeout=60000"
