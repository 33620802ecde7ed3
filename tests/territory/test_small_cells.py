"""Counts below 5 are withheld outside the programme that owns them, everywhere they could show."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.core.numbers import Withheld
from reussite.territory.models import YouthCount
from reussite.territory.youth import withhold_small_counts
from tests.factories import YouthCountFactory

pytestmark = pytest.mark.django_db


def test_withholding_is_pure_and_keeps_owned_counts():
    counts = [(9, 1, 2016, 3), (9, 1, 2017, 40), (9, 2, 2016, 3), (9, None, 2016, 6), (9, 2, 2017, 0)]
    withheld = withhold_small_counts(counts, owned_programme_ids={2}, threshold=5)
    # 2016: total 6 − the owned 3 = 3, the withheld one: the total goes too (no other cell to withhold).
    assert withheld == {(9, 1, 2016): Withheld(5, primary=True), (9, None, 2016): Withheld(5, primary=False)}


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


@pytest.fixture
def stored_total(world):
    """50 − 48 = 2: programme2 (not the programme coordinator's) has 2, programme 48, the network 50."""
    YouthCountFactory(programme=world.programme2, year=2016, count=2)
    YouthCountFactory(programme=world.programme, year=2016, count=48)
    YouthCount.objects.create(network=world.network, programme=None, year=2016, count=50)


def _table(client, user):
    client.force_login(user)
    response = client.get(reverse("territory:youth_counts"))
    rows = {row.programme_id: row.cells[2016].count for row in response.context["table"].rows}
    return rows, response.context["table"].total.cells[2016].count


def _api(client, user):
    client.force_login(user)
    results = client.get(reverse("api:youth-count-list"), {"year": 2016}).json()["results"]
    return {r["programme"]: r["count"] for r in results}


def test_a_withheld_count_cannot_be_recomputed_from_the_stored_total(client, world, stored_total):
    reader = world.user(Role.READER)  # works in no programme
    rows, total = _table(client, reader)
    assert rows == {world.programme2.pk: "< 5", world.programme.pk: "secret"} and total == 50
    assert _api(client, reader) == {world.programme2.pk: None, world.programme.pk: None, None: 50}
    client.force_login(reader)
    page = client.get(reverse("territory:programme_detail", args=[world.programme.pk]))
    assert page.context["counts"] == [(2016, "secret", "")]  # the programme page withholds it too


def test_the_total_is_withheld_from_whoever_knows_the_other_count(client, world, stored_total):
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)  # knows programme's 48
    rows, total = _table(client, coordinator)
    assert rows == {world.programme2.pk: "< 5", world.programme.pk: 48} and total == "secret"
    assert _api(client, coordinator) == {world.programme2.pk: None, world.programme.pk: 48, None: None}


def test_change_history_withholds_counts_like_the_table(client, world):
    coordinator = world.user(Role.METROPOLE_COORDINATOR)  # enters every count, works in no programme
    client.force_login(coordinator)
    edit = reverse("territory:youth_count_edit", args=[world.programme2.pk])
    assert client.post(edit, {"year": 2016, "count": 3}).status_code == 302
    assert client.post(edit, {"year": 2016, "count": 2}).status_code == 302
    assert client.post(edit, {"year": 2017, "count": 40}).status_code == 302
    response = client.get(reverse("audit:change_history"), {"objet": "youthcount"})
    entries = list(response.context["page"])
    shown = [(e.object_repr, e.readable_changes) for e in entries]
    counts = [change for _, changes in shown for change in changes if change[0] == "jeunes identifiés"]
    assert sorted(counts) == sorted(
        [("jeunes identifiés", "", "40"), ("jeunes identifiés", "", "< 5")] + [("jeunes identifiés", "< 5", "< 5")]
    )
    assert not any(text.endswith((": 3", ": 2")) for text, _ in shown)
