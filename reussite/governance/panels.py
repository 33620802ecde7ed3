"""Governance's panel on the convention page: the approvals recorded in the deliberations registry."""

from django.db.models import Q

from reussite.accounts.scoping import scoped
from reussite.funding.panels import Panel, convention_panel

from .models import Deliberation


@convention_panel
def registry_approvals(request, convention, parties):
    """Deliberations approving the convention or one of its parties, as far as the user may read them."""
    deliberations = list(
        scoped(request.user, Deliberation)
        .filter(Q(convention=convention) | Q(convention_party__in=[p.pk for p in parties]))
        .select_related("body", "item__sitting", "cancelled_item__sitting", "convention_party__organisation")
        .order_by("year", "pk")
    )
    if not deliberations:
        return None
    return Panel(
        title="Délibérations du registre",
        template="governance/convention_panel.html",
        context={"deliberations": deliberations},
    )
