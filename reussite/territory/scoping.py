"""Scoping of the referential: what each role sees of its network."""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule

from .models import (
    Commune,
    Network,
    Organisation,
    PrintedEvolution,
    Programme,
    ProgrammeCarrier,
    Quartier,
    Representative,
    YouthCount,
)


def _read_only(scope, queryset, action, network_path):
    """The referential is read by every member of the network and changed only in the admin."""
    if action != VIEW:
        return queryset.none()
    return queryset.filter(**{f"{network_path}__in": scope.network_ids})


@scope_rule(Network)
def network_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "id")


@scope_rule(Commune)
def commune_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "network_id")


@scope_rule(Quartier)
def quartier_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "commune__network_id")


@scope_rule(Organisation)
def organisation_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "network_id")


@scope_rule(Representative)
def representative_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "organisation__network_id")


@scope_rule(ProgrammeCarrier)
def carrier_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "programme__network_id")


@scope_rule(PrintedEvolution)
def printed_evolution_rule(scope, queryset, action):
    return _read_only(scope, queryset, action, "network_id")


@scope_rule(Programme)
def programme_rule(scope, queryset, action):
    if action == VIEW:
        return queryset.filter(network_id__in=scope.network_ids)
    if action == CHANGE:
        # Youth counts of a programme are entered by the métropole coordination or by the
        # programme's own coordination.
        metropole_networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
        return queryset.filter(Q(network_id__in=metropole_networks) | Q(id__in=scope.coordinated_programme_ids))
    return queryset.none()


@scope_rule(YouthCount)
def youth_count_rule(scope, queryset, action):
    if action == VIEW:
        return queryset.filter(network_id__in=scope.network_ids)
    if action == CHANGE:
        metropole_networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
        return queryset.filter(
            Q(network_id__in=metropole_networks) | Q(programme_id__in=scope.coordinated_programme_ids)
        )
    return queryset.none()
