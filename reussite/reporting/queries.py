"""The indicators a user may read, loaded once per request (pages, exports, API and PDF share them)."""

import datetime
from dataclasses import replace

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.scoping import get_scope, scoped
from reussite.territory.models import Programme
from reussite.territory.queries import youth_withheld_for

from .access import owned_programme_ids, readable_network_ids
from .indicators import Budget, budget_by_funder
from .loaders import load_dashboard_years, load_funding, load_indicators
from .models import AnnualFigures
from .presentation import Missing, Survey, Viewer, completeness, survey

FIRST_YEAR = 2000


def last_complete_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


def check_year(year: int) -> int:
    """A year the survey may be asked for; anything else is not found."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def user_network_id(user) -> int:
    """The user's network (the first, if they belong to several): 404 if they read no indicators."""
    networks = readable_network_ids(get_scope(user))
    if not networks:
        raise Http404
    return min(networks)


def readable_programme(user, pk: int) -> Programme:
    """A programme whose indicators the user reads; any other answers like a missing one."""
    networks = readable_network_ids(get_scope(user))
    programme = scoped(user, Programme).filter(pk=pk, network_id__in=networks).select_related("commune").first()
    if programme is None:
        raise Http404
    return programme


def viewer_for(user, network_id: int, year: int) -> Viewer:
    """The network's indicators of ``year`` as ``user`` may read them (cached on the request's user)."""
    cache = user.__dict__.setdefault("_reporting_viewers", {})
    key = (network_id, year)
    if key not in cache:
        scope = _readable_scope(user, network_id)
        cache[key] = _whole_viewer(user, scope, network_id, year, load_indicators(network_id, year))
    return cache[key]


def _readable_scope(user, network_id: int):
    scope = get_scope(user)
    if network_id not in readable_network_ids(scope):
        raise Http404
    return scope


def _whole_viewer(user, scope, network_id: int, year: int, indicators) -> Viewer:
    youth = {
        programme_id: mark
        for (network, programme_id, count_year), mark in youth_withheld_for(user).items()
        if network == network_id and count_year == year
    }
    return Viewer(indicators, owned_programme_ids(scope), settings.REUSSITE_SMALL_CELL_THRESHOLD, youth_withheld=youth)


def _plain_viewer(scope, indicators) -> Viewer:
    return Viewer(indicators, owned_programme_ids(scope), settings.REUSSITE_SMALL_CELL_THRESHOLD)


def dashboard_viewers(user, network_id: int, year: int, before: int = 2) -> tuple[Viewer, list[Viewer]]:
    """The dashboards' viewers: of ``year``, what their panels show (``loaders.load_dashboard_years``),
    and of the ``before`` years before it and ``year``, oldest first, the children followed and exits
    (the three-year panel). The same access check and suppression as ``viewer_for``; cached apart from
    it, as they hold less (no youth counts either: no dashboard shows them)."""
    cache = user.__dict__.setdefault("_reporting_viewers", {})
    key = (network_id, year, "dashboard")
    if key not in cache:
        scope = _readable_scope(user, network_id)
        whole, followed = load_dashboard_years(network_id, year, before)
        viewer = _plain_viewer(scope, whole)
        cache[key] = (viewer, [_plain_viewer(scope, followed[y]) for y in range(year - before, year)] + [viewer])
    return cache[key]


def network_budget(user, network_id: int, year: int) -> Budget:
    """The network's budget of ``year``, as ``viewer_for(...).indicators.budget()`` gives it (same access
    check), without loading the year's other indicators when this request has not (the finance
    dashboard shows nothing else of them)."""
    cache = user.__dict__.setdefault("_reporting_viewers", {})
    if (network_id, year) in cache:
        return cache[(network_id, year)].indicators.budget()
    _readable_scope(user, network_id)
    return budget_by_funder(load_funding(network_id, year))


def annual_known(network_id: int, year: int) -> dict[int, dict]:
    return {
        row["programme_id"]: row
        for row in AnnualFigures.objects.filter(programme__network_id=network_id, year=year).values()
    }


def programme_survey(user, programme: Programme, year: int) -> Survey:
    viewer = viewer_for(user, programme.network_id, year)
    result = survey(viewer.indicators, programme.pk, viewer)
    result.missing = _programme_missing(viewer, programme.pk, annual_known(programme.network_id, year))
    return result


def _linked(missing: list[Missing]) -> list[Missing]:
    return [replace(m, url=reverse(m.url_name, args=m.args)) for m in missing]


def _programme_missing(viewer: Viewer, programme_id: int, known: dict[int, dict]) -> list[Missing]:
    return _linked(
        completeness(viewer.indicators, programme_id, owned=programme_id in viewer.owned, annual_known=known)
    )


def _with_programmes_missing(network: Survey, missing: list[tuple[str, list[Missing]]]) -> Survey:
    for title, items in missing:
        network.missing += [replace(m, text=f"{title} — {m.text}") for m in items]
    return network


def network_surveys(user, network_id: int, year: int) -> tuple[Survey, list[Survey]]:
    """The network's survey and each programme's (the consolidation), completeness included."""
    viewer = viewer_for(user, network_id, year)
    known = annual_known(network_id, year)
    programmes = []
    for pk in viewer.indicators.programmes:
        item = survey(viewer.indicators, pk, viewer)
        item.missing = _programme_missing(viewer, pk, known)
        programmes.append(item)
    network = survey(viewer.indicators, None, viewer)
    return _with_programmes_missing(network, [(item.title, item.missing) for item in programmes]), programmes


def network_survey(user, network_id: int, year: int) -> Survey:
    """The network's survey with every programme's completeness, as ``network_surveys`` gives it,
    without building the programmes' own surveys (the API answers the network's alone)."""
    viewer = viewer_for(user, network_id, year)
    known = annual_known(network_id, year)
    missing = [(name, _programme_missing(viewer, pk, known)) for pk, name in viewer.indicators.programmes.items()]
    return _with_programmes_missing(survey(viewer.indicators, None, viewer), missing)
