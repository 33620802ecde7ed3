"""Home-page cards of the funding app: calls for funds past their due date."""

from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.formatting import format_eur
from reussite.core.home import Card, home_card

from .models import CallForFunds


@home_card
def overdue_calls_for_funds(request):
    """For those who follow the cash: the métropole coordination and finance officers (their network's
    overdue calls, or their body's) and programme coordinators of a paying body (their own).
    Other roles: no card, and no query."""
    if not get_scope(request.user).has_role(
        Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.PROGRAMME_COORDINATOR
    ):
        return []
    today = timezone.localdate()
    overdue = list(
        scoped(request.user, CallForFunds).overdue(today).select_related("party__organisation", "convention")[:6]
    )
    if not overdue:
        return []
    items = [
        f"{c.reference} — {c.party.name} ({c.convention.reference}) : solde {format_eur(c.balance)}, "
        f"échu le {c.due_date:%d/%m/%Y}"
        for c in overdue[:5]
    ]
    if len(overdue) > 5:
        items.append("…")
    return [
        Card(
            title="Appels de fonds en retard",
            body="Appels de fonds dont l'échéance est passée et le solde non payé :",
            items=items,
            url=reverse("funding:overdue_list"),
            link_text="Voir les appels de fonds en retard",
            tone="warning",
        )
    ]
