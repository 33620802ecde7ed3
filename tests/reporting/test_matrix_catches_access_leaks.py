"""The reporting matrix catches a careless access rule: if ``access.readable_network_ids`` let a user
read every network and the programmes' scoping rule were dropped too (each alone is caught by the
other: a programme is looked up through both), the survey entries (page, CSV) would report it."""

import pytest

from reussite.core import scoping
from reussite.reporting import access, queries
from reussite.territory.models import Programme
from tests.matrix import entries_by_app, matrix_mismatches


@pytest.mark.parametrize(
    "url_name, target",
    [("reporting:survey_programme", "other_network"), ("reporting:survey_programme_export", "other_network")],
)
def test_reading_every_network_fails_the_matrix(client, world, monkeypatch, url_name, target):
    entry = next(e for e in entries_by_app() if e.url_name == url_name)
    assert not matrix_mismatches(client, world, entry, target), "the matrix must hold before the mutation"
    everything = lambda scope: frozenset(world.network.__class__.objects.values_list("pk", flat=True))  # noqa: E731
    monkeypatch.setattr(access, "readable_network_ids", everything)
    monkeypatch.setattr(queries, "readable_network_ids", everything)
    assert not matrix_mismatches(client, world, entry, target), "the programmes' scoping rule still holds"
    monkeypatch.setitem(scoping._RULES, Programme, lambda scope, queryset, action: queryset)
    mismatches = matrix_mismatches(client, world, entry, target)
    assert any("got 200, expected 404" in m or "may not see" in m for m in mismatches), mismatches
