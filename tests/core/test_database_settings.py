"""The PostgreSQL connection's planner settings, which the benchmark's plans depend on."""

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_planner_costs_random_reads_as_on_ssd():
    # At the default (4, a spinning disk), a programme's care lists scanned every network's referrals
    # instead of following the programme's children through their index.
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
