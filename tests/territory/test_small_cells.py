"""Counts below 5 are withheld outside the programme that owns them, everywhere they could show."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.territory.youth import withhold_small_counts
from tests.factories import YouthCountFactory

pytestmark = pytest.mark.django_db


def test_withholding_is_pure_and_keeps_owned_and_total_counts():
    counts = [(1, 2016, 3), (1, 2017, 40), (2, 2016, 3), (None, 2016, 3), (2, 2017, 0)]
    kept, withheld = withhold_small_counts(counts, owned_programme_ids={2}, threshold=5)
    assert withheld == {(1, 2016)}
    assert (1, 2016, 3) not in kept and (2, 2016, 3) in kept and (None, 2016, 3) in kept and (2, 2017, 0) in kept


@pytest.fixture
def small_counts(world):
    # world.programme is carried by the programme coordinator's organisation; programme2 is not.
    YouthCountFactory(programme=world.programme2, year=2016, count=3)
    YouthCountFactory(programme=world.programme2, year=2017, count=30)
    YouthCountFactory(programme=world.programme, year=2016, count=2)


def test_page_shows_less_than_five_and_no_evolution_that_would_reveal_it(client, world, small_counts):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    response = client.get(reverse("territory:youth_counts"))
    rows = {row.programme_id: row for row in response.context["table"].rows}
    other = rows[world.programme2.pk]
    assert other.cells[2016].count == "< 5"
    assert other.cells[2017].count == 30 and other.cells[2017].evolution is None  # 3 → 30 would tell
    assert rows[world.programme.pk].cells[2016].count == 2  # their own programme: exact


def test_api_withholds_small_counts_outside_the_programme(client, world, small_counts):
    client.force_login(world.user(Role.READER))
    results = client.get(reverse("api:youth-count-list"), {"programme": world.programme2.pk}).json()["results"]
    by_year = {r["year"]: r for r in results}
    assert by_year[2016]["count"] is None and by_year[2016]["below_threshold"] is True
    assert by_year[2017]["count"] == 30 and by_year[2017]["below_threshold"] is False

    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    results = client.get(reverse("api:youth-count-list"), {"programme": world.programme.pk}).json()["results"]
    assert results[0]["count"] == 2 and results[0]["below_threshold"] is False
