"""The reporting matrix catches a careless access rule: if ``access.readable_network_ids`` let a user
read every network and the programmes' scoping rule were dropped too (each alone is caught by the
other: a programme is looked up through both), the survey entries (page, CSV) would report it."""

import pytest

from reussite.core import scoping
from reussite.reporting import access, queries, views
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


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx"])
def test_the_network_survey_of_another_network_fails_the_matrix(client, world, monkeypatch, fmt):
    """The network's survey (page, CSV, XLSX) shows the network the user's memberships designate:
    served for another network (its scoping taken out of the view), the content checks go red."""
    name = "reporting:survey_network" if fmt is None else "reporting:survey_network_export"
    entry = next(
        e for e in entries_by_app() if e.url_name == name and (fmt is None or e.kwargs(world, "list")["fmt"] == fmt)
    )
    assert entry.content and not entry.rows_scoped
    assert not matrix_mismatches(client, world, entry, "list"), "the matrix must hold before the mutation"
    other = world.other_network.pk
    monkeypatch.setattr(views, "user_network_id", lambda user: other)
    monkeypatch.setattr(queries, "readable_network_ids", lambda scope: frozenset([other]))
    mismatches = matrix_mismatches(client, world, entry, "list")
    assert any("which it may not see" in m for m in mismatches), mismatches
    assert any("missing" in m for m in mismatches), mismatches
