"""The benchmark keeps a world of another scale: a national world takes minutes to generate."""

import pytest

from bench.world import SCALES, ensure_world, marker_name
from reussite.territory.models import Network

pytestmark = pytest.mark.django_db


def test_a_world_of_another_scale_is_not_replaced(monkeypatch):
    monkeypatch.delenv("REUSSITE_BENCH_REPLACE", raising=False)
    Network.objects.create(name=marker_name(SCALES["national"]))
    with pytest.raises(SystemExit, match="monde « national »"):
        ensure_world(SCALES["demo"], log=lambda message: None)
    assert list(Network.objects.values_list("name", flat=True)) == [marker_name(SCALES["national"])]
