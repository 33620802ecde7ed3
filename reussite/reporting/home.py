from django.urls import reverse

from reussite.accounts.scoping import get_scope
from reussite.core.home import Card, home_card

from .access import dashboard_kind


@home_card
def dashboard_card(request):
    """Those who read the indicators find their dashboard and the State survey from home."""
    if dashboard_kind(get_scope(request.user)) is None:
        return []
    return [
        Card(
            title="Tableaux de bord",
            body="Indicateurs de l'année, enquête de l'État et rapport d'activité, calculés à partir des données.",
            url=reverse("reporting:dashboard"),
            link_text="Ouvrir le tableau de bord",
        )
    ]
