"""Actuals fed by other domains: paid costs fill the matching budget line of the year's convention.

Funding never imports the domains that spend the money (layering: domains sit beside funding, not
under it). A domain registers a provider, ``provider(network_id, year, action_kind_code) -> Decimal``:
what it has *paid* in that network and year for that action (analyse de la pratique sessions,
trainings, psychologists' invoices...). When it pays (or un-pays) a cost, it calls
:func:`refresh_actual`, which stores on the matching :class:`BudgetLine` the sum over all providers,
so the execution report (CERFA 15059 shape), the API and the exports show it without typing.

The matching line: the budget line of that action kind and year, of a convention of the network
(the most recent convention first when several carry one). No line: nothing is fed (the cost is
still recorded; the convention may be entered later and :func:`refresh_actual` called again).
"""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import BudgetLine

ActualsProvider = Callable[[int, int, str], Decimal]
_PROVIDERS: dict[str, ActualsProvider] = {}


def actuals_provider(key: str):
    """Register ``provider(network_id, year, action_kind_code) -> Decimal`` under a unique ``key``."""

    def register(provider: ActualsProvider) -> ActualsProvider:
        if key in _PROVIDERS and _PROVIDERS[key] is not provider:
            raise ImproperlyConfigured(f"Actuals provider {key!r} registered twice.")
        _PROVIDERS[key] = provider
        return provider

    return register


def registered_providers() -> dict[str, ActualsProvider]:
    return dict(_PROVIDERS)


def fed_total(network_id: int, year: int, action_kind_code: str) -> Decimal:
    return sum((provider(network_id, year, action_kind_code) for provider in _PROVIDERS.values()), Decimal(0))


def matching_line(network_id: int, year: int, action_kind_code: str):
    return (
        BudgetLine.objects.filter(convention__network_id=network_id, year=year, action_kind__code=action_kind_code)
        .order_by("-convention__first_year", "-convention_id")
        .first()
    )


@transaction.atomic
def refresh_actual(network_id: int, year: int, action_kind_code: str) -> BudgetLine | None:
    """Store on the matching budget line the paid total of every provider; the line, or None."""
    line = matching_line(network_id, year, action_kind_code)
    if line is None:
        return None
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    line.actual_amount = fed_total(network_id, year, action_kind_code)
    line.save(update_fields=["actual_amount"])
    return line
