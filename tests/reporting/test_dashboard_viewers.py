"""The dashboards' own viewers (``queries.dashboard_viewers``, ``queries.network_budget``) check the
network as ``viewer_for`` does (404 outside the networks the user reads) and show the same suppressed
cells as the whole year's viewer."""

import pytest
from django.http import Http404

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope
from reussite.core.numbers import Withheld
from reussite.reporting.access import readable_network_ids
from reussite.reporting.loaders import DASHBOARD
from reussite.reporting.queries import dashboard_viewers, network_budget, viewer_for
from tests.reporting.worlds import YEAR, small_world

pytestmark = pytest.mark.django_db


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("role", [*Role.values, None])
def test_a_network_the_user_does_not_read_is_not_found(world, role):
    small_world(world)
    user = world.outsider if role is None else world.user(role)
    reads = world.network.pk in readable_network_ids(get_scope(user))
    for network in (world.network, world.other_network):
        for ask in (dashboard_viewers, network_budget, viewer_for):
            fresh = _fresh(user)
            if network == world.network and reads:
                ask(fresh, network.pk, YEAR)
                continue
            with pytest.raises(Http404):
                ask(fresh, network.pk, YEAR)
    # A viewer this request built for the user's network opens no other.
    if reads:
        fresh = _fresh(user)
        viewer_for(fresh, world.network.pk, YEAR)
        with pytest.raises(Http404):
            network_budget(fresh, world.other_network.pk, YEAR)
        with pytest.raises(Http404):
            dashboard_viewers(fresh, world.other_network.pk, YEAR)


@pytest.mark.parametrize("role", [Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR, Role.READER])
def test_the_dashboards_cells_are_the_whole_year_s_suppressed_cells(world, role):
    small_world(world)
    shown, years = dashboard_viewers(_fresh(world.user(role)), world.network.pk, YEAR)
    whole = viewer_for(_fresh(world.user(role)), world.network.pk, YEAR)
    assert shown.owned == whole.owned
    withheld = False
    for key in DASHBOARD:
        table = shown.table(shown.indicators.breakdowns[key])
        assert table == whole.table(whole.indicators.breakdowns[key]), key
        withheld |= any(isinstance(v, Withheld) for row in table.cells.values() for v in row.values())
    if role == Role.METROPOLE_COORDINATOR:
        assert withheld  # not vacuous: the métropole's small cells are withheld
    for y, viewer in zip(range(YEAR - 2, YEAR + 1), years, strict=True):
        full = viewer_for(_fresh(world.user(role)), world.network.pk, y)
        for key in ("status", "exit_reason"):
            assert viewer.table(viewer.indicators.breakdowns[key]) == full.table(full.indicators.breakdowns[key])
    assert network_budget(_fresh(world.user(role)), world.network.pk, YEAR) == whole.indicators.budget()
