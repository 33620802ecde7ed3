"""Scoping of the referential: what each role sees of its network."""

from django.db.models import Q

from reussite.core.roles import Role
from reussite.core.scoping import CHANGE, VIEW, scope_rule

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


def _carried_by_organisation(scope) -> dict[int, frozenset[int]]:
    """Per organisation where the user coordinates a programme or is a référent, the programmes it
    carries today: one query serves both sets below (a coordinator's pages asked for both)."""

    def compute(s):
        org_ids = s.organisation_ids_for(Role.PROGRAMME_COORDINATOR, Role.REFERENT)
        if not org_ids:
            return {}
        carriers = ProgrammeCarrier.objects.valid_on(s.today).filter(organisation_id__in=org_ids).order_by()
        carried: dict[int, set[int]] = {}
        for organisation_id, programme_id in carriers.values_list("organisation_id", "programme_id"):
            carried.setdefault(organisation_id, set()).add(programme_id)
        return {organisation_id: frozenset(ids) for organisation_id, ids in carried.items()}

    return scope.memo("programmes_by_organisation", compute)


def _programmes_carried_by(scope, *roles) -> frozenset[int]:
    carried = _carried_by_organisation(scope)
    return frozenset().union(*(carried.get(o, ()) for o in scope.organisation_ids_for(*roles)))


def coordinated_programme_ids(scope) -> frozenset[int]:
    """Programmes carried today by an organisation where the user coordinates a programme."""
    return scope.memo("coordinated_programme_ids", lambda s: _programmes_carried_by(s, Role.PROGRAMME_COORDINATOR))


def programme_ids(scope) -> frozenset[int]:
    """Programmes the user works in (coordinator or référent of its carrier)."""
    return scope.memo("programme_ids", lambda s: _programmes_carried_by(s, Role.PROGRAMME_COORDINATOR, Role.REFERENT))


def managed_network_ids(scope) -> frozenset[int]:
    """Networks whose referential the user maintains: those where they coordinate the métropole."""
    return scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)


def _referential(scope, queryset, action, network_path):
    """The referential is read by every member of the network and changed by its métropole
    coordination (onboarding pages; the Django admin is for staff only)."""
    if action == VIEW:
        return queryset.filter(**{f"{network_path}__in": scope.network_ids})
    if action == CHANGE:
        return queryset.filter(**{f"{network_path}__in": managed_network_ids(scope)})
    return queryset.none()


def _read_only(scope, queryset, action, network_path):
    """Read by every member of the network; changed by no page."""
    if action != VIEW:
        return queryset.none()
    return queryset.filter(**{f"{network_path}__in": scope.network_ids})


@scope_rule(Network)
def network_rule(scope, queryset, action):
    return _referential(scope, queryset, action, "id")


@scope_rule(Commune)
def commune_rule(scope, queryset, action):
    return _referential(scope, queryset, action, "network_id")


@scope_rule(Quartier)
def quartier_rule(scope, queryset, action):
    return _referential(scope, queryset, action, "commune__network_id")


@scope_rule(Organisation)
def organisation_rule(scope, queryset, action):
    return _referential(scope, queryset, action, "network_id")


@scope_rule(Representative)
def representative_rule(scope, queryset, action):
    return _referential(scope, queryset, action, "organisation__network_id")


@scope_rule(ProgrammeCarrier)
def carrier_rule(scope, queryset, action):
    return _referential(scope, queryset, action, "programme__network_id")


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
        return queryset.filter(Q(network_id__in=metropole_networks) | Q(id__in=coordinated_programme_ids(scope)))
    return queryset.none()


@scope_rule(YouthCount)
def youth_count_rule(scope, queryset, action):
    if action == VIEW:
        return queryset.filter(network_id__in=scope.network_ids)
    if action == CHANGE:
        metropole_networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
        return queryset.filter(
            Q(network_id__in=metropole_networks) | Q(programme_id__in=coordinated_programme_ids(scope))
        )
    return queryset.none()
