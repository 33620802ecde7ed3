from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, get_scope, scoped
from reussite.core.formatting import format_long_date
from reussite.core.home import Card, home_card

from .models import Deliberation, Sitting


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


@home_card
def sittings_coming(request):
    """Board secretaries: the sittings of their bodies still to come (attendance and votes to take)."""
    if not get_scope(request.user).has_role(Role.BOARD_SECRETARY):
        return []
    today = timezone.localdate()
    sittings = list(
        scoped(request.user, Sitting, CHANGE).filter(date__gte=today).select_related("body").order_by("date")[:6]
    )
    if not sittings:
        return []
    return [
        Card(
            title="Séances à venir",
            body="Présences et votes à recueillir :",
            links=[
                (
                    f"{s.body.name} — séance du {format_long_date(s.date)}",
                    reverse("governance:sitting_detail", args=[s.pk]),
                )
                for s in sittings
            ],
        )
    ]
