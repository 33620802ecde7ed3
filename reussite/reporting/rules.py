"""Scoping of what reporting stores (``access.py`` says who reads the indicators)."""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule

from .access import coordinated_network_ids, owned_programme_ids, readable_network_ids
from .models import AnnualFigures, ReportText


@scope_rule(AnnualFigures)
def annual_figures_rule(scope, queryset, action):
    """Read with the network's indicators; entered by the programme's coordination or the métropole's."""
    if action == VIEW:
        return queryset.filter(programme__network_id__in=readable_network_ids(scope))
    if action == CHANGE:
        return queryset.filter(
            Q(programme_id__in=owned_programme_ids(scope)) | Q(programme__network_id__in=coordinated_network_ids(scope))
        )
    return queryset.none()


@scope_rule(ReportText)
def report_text_rule(scope, queryset, action):
    """Read with the report; written by the organisation's coordination (métropole or carrier)."""
    if action == VIEW:
        return queryset.filter(organisation__network_id__in=readable_network_ids(scope))
    if action == CHANGE:
        orgs = scope.organisation_ids_for(Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR)
        return queryset.filter(organisation_id__in=orgs)
    return queryset.none()
