"""Who sees and changes the coordination of a network.

- Every member of a network sees its events, series and invitations (participants are
  professionals of the network: their names stay inside it).
- Only the métropole coordination of the network plans events, invites and takes attendance.
- Costs and provider rates: the métropole coordination and finance officers of the network.
- Calendar tokens: their own user only.
"""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule

from .models import (
    CalendarToken,
    Event,
    EventCost,
    EventKind,
    EventSeries,
    Feedback,
    Invitation,
    ProviderRate,
    Resource,
)

MONEY_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)


def network_q(scope, action, path="network_id"):
    if action == VIEW:
        return Q(**{f"{path}__in": scope.network_ids})
    if action == CHANGE:
        return Q(**{f"{path}__in": scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)})
    return Q(pk__in=[])


def money_q(scope, action, path):
    if action not in (VIEW, CHANGE):
        return Q(pk__in=[])
    return Q(**{f"{path}__in": scope.metropole_network_ids_for(*MONEY_ROLES)})


@scope_rule(EventKind)
def event_kind_rule(scope, queryset, action):
    return queryset if action == VIEW else queryset.none()


@scope_rule(EventSeries)
def series_rule(scope, queryset, action):
    return queryset.filter(network_q(scope, action))


@scope_rule(Event)
def event_rule(scope, queryset, action):
    return queryset.filter(network_q(scope, action))


@scope_rule(Invitation)
def invitation_rule(scope, queryset, action):
    return queryset.filter(network_q(scope, action, "event__network_id"))


@scope_rule(EventCost)
def cost_rule(scope, queryset, action):
    return queryset.filter(money_q(scope, action, "event__network_id"))


@scope_rule(ProviderRate)
def rate_rule(scope, queryset, action):
    return queryset.filter(money_q(scope, action, "provider__network_id"))


@scope_rule(CalendarToken)
def token_rule(scope, queryset, action):
    return queryset.filter(user_id=scope.user_id)


@scope_rule(Resource)
def resource_rule(scope, queryset, action):
    return queryset.filter(network_q(scope, action))


@scope_rule(Feedback)
def feedback_rule(scope, queryset, action):
    """The respondent (their own); the métropole coordination of the network reads them all."""
    own = Q(invitation__user_id=scope.user_id)
    if action == CHANGE:
        return queryset.filter(own)
    if action != VIEW:
        return queryset.none()
    coordination = Q(invitation__event__network_id__in=scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR))
    return queryset.filter(own | coordination)
