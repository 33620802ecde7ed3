"""Governance's panel on the convention page: the approvals recorded in the deliberations registry."""

from django.db.models import Q

from reussite.accounts.scoping import scoped
from reussite.funding.panels import Panel, convention_panel

from .models import Deliberation


@convention_panel
def registry_approvals(request, convention, parties):
    """Deliberations approving the convention or one of its parties, as far as the user may read them."""
    parties_by_id = {p.pk: p for p in parties}
    deliberations = list(
        scoped(request.user, Deliberation)
        .filter(Q(convention=convention) | Q(convention_party__in=list(parties_by_id)))
        .select_related("body", "item__sitting", "cancelled_item__sitting")
        .order_by("year", "pk")
    )
    for d in deliberations:  # the party approved, one of the convention's parties read already
        if d.convention_party_id in parties_by_id:
            d.convention_party = parties_by_id[d.convention_party_id]
    if not deliberations:
        return None
    return Panel(
        title="Délibérations du registre",
        template="governance/convention_panel.html",
        context={"deliberations": deliberations},
    )
