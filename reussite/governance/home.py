from django.urls import reverse
from django.utils.text import Truncator

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, get_scope, scoped
from reussite.core.home import Card, home_card

from .models import Deliberation


@home_card
def deliberations_not_executory(request):
    """Board secretaries: adopted deliberations still to transmit to the prefecture or to publish."""
    if not get_scope(request.user).has_role(Role.BOARD_SECRETARY):
        return []
    pending = (
        scoped(request.user, Deliberation, CHANGE)
        .filter(number__isnull=False)
        .exclude(transmitted_on__isnull=False, published_on__isnull=False)
        .order_by("-year", "-number")
    )
    labels = [f"n° {d.reference} — {Truncator(d.subject).chars(80)}" for d in pending[:10]]
    if not labels:
        return []
    return [
        Card(
            title="Délibérations pas encore exécutoires",
            body="Transmission en préfecture ou publication à enregistrer :",
            items=labels,
            url=reverse("governance:body_list"),
            link_text="Voir les registres",
            tone="warning",
        )
    ]
