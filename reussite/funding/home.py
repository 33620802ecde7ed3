"""Home-page cards of the funding app: calls for funds past their due date."""

from django.urls import reverse
from django.utils import timezone

from reussite.accounts.scoping import scoped
from reussite.core.formatting import format_eur
from reussite.core.home import Card, home_card

from .models import CallForFunds


@home_card
def overdue_calls_for_funds(request):
    """Finance officers and the métropole see their network's overdue calls; a commune body its own."""
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
