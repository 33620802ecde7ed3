"""Home card of the coordination: the bimonthly rhythm of practice exchanges (article 4 of the
convention) broken — more than two months between two exchanges, or since the last one."""

from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.home import Card, home_card

from .models import PRACTICE_EXCHANGE, Event
from .recurrence import add_months, rhythm_gaps


@home_card
def practice_exchange_rhythm(request):
    scope = get_scope(request.user)
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    if not networks:
        return []
    today = timezone.localdate()
    # The last year and what is planned: an older gap is history, not an alert.
    dates = list(
        scoped(request.user, Event)
        .filter(
            network_id__in=networks,
            kind__code=PRACTICE_EXCHANGE,
            date__gte=add_months(today, -12),
            cancelled_at__isnull=True,  # a cancelled exchange did not keep the rhythm
        )
        .values_list("date", flat=True)
    )
    if not dates:
        return []
    gaps = rhythm_gaps(dates, today)
    if not gaps:
        return []
    items = [
        f"du {g.after:%d/%m/%Y} au {g.before:%d/%m/%Y}"
        if g.before
        else f"aucun échange prévu depuis le {g.after:%d/%m/%Y}"
        for g in gaps[:5]
    ]
    return [
        Card(
            title="Rythme bimestriel des échanges de pratiques",
            body="Plus de deux mois sans échange de pratiques entre coordinateurs :",
            items=items,
            url=reverse("coordination:calendar"),
            link_text="Voir le calendrier",
            tone="warning",
        )
    ]
