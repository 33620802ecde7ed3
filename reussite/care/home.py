"""Home cards of psychological support: territories whose hours of the year near or exceed their quota
(métropole and programme coordination), and invoices past the 30-day payment delay (métropole)."""

from django.urls import reverse
from django.utils import timezone

from reussite.accounts.scoping import get_scope, scoped
from reussite.core.home import Card, home_card
from reussite.territory.scoping import coordinated_programme_ids

from .hours import format_hours
from .models import CareInvoice
from .queries import territory_rows
from .rules import METROPOLE_ROLES


def _alert_text(row) -> str:
    if row.exceeded:
        return (
            f"{row.programme} : quota dépassé — {format_hours(row.consumed)} h consommées et "
            f"{format_hours(row.committed)} h engagées pour {format_hours(row.allocated)} h allouées"
        )
    text = (
        f"{row.programme} : {format_hours(row.consumed)} h consommées et {format_hours(row.committed)} h "
        f"engagées sur {format_hours(row.allocated)} h"
    )
    if row.run_out is not None:
        text += f", épuisement prévu le {row.run_out:%d/%m/%Y} au rythme actuel"
    return text


@home_card
def hours_running_out(request):
    scope = get_scope(request.user)
    if not (scope.metropole_network_ids_for(*METROPOLE_ROLES) or coordinated_programme_ids(scope)):
        return []
    today = timezone.localdate()
    alerts = [r for r in territory_rows(request.user, today.year, today) if r.nearing]
    if not alerts:
        return []
    return [
        Card(
            title="Heures de soutien psychologique",
            body=f"Territoires dont les heures de {today.year} sont bientôt épuisées ou dépassées :",
            items=[_alert_text(r) for r in alerts],
            url=reverse("care:dashboard") + f"?annee={today.year}",
            link_text="Voir le tableau de bord",
            tone="warning",
        )
    ]


@home_card
def overdue_care_invoices(request):
    if not get_scope(request.user).metropole_network_ids_for(*METROPOLE_ROLES):
        return []
    today = timezone.localdate()
    overdue = (
        scoped(request.user, CareInvoice)
        .filter(status__in=[CareInvoice.Status.ISSUED, CareInvoice.Status.CERTIFIED], due_on__lt=today)
        .count()
    )
    if not overdue:
        return []
    return [
        Card(
            title="Factures de psychologues en retard",
            body=f"{overdue} facture(s) dépassent le délai de paiement de 30 jours.",
            url=reverse("care:invoice_list") + "?retard=1",
            link_text="Voir les factures en retard",
            tone="warning",
        )
    ]
