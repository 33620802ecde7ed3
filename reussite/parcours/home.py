from django.urls import reverse

from reussite.accounts.scoping import VIEW_NAMED, get_scope, scoped
from reussite.core.home import Card, home_card
from reussite.territory.scoping import programme_ids

from .models import Child


@home_card
def referrals_awaiting(request):
    """Children referred and not yet in parcours, among those the user follows named (a count, no name)."""
    if not programme_ids(get_scope(request.user)):
        return []  # a caseload card: not for those who see a child named from elsewhere (a psychologist)
    waiting = scoped(request.user, Child, VIEW_NAMED).filter(status=Child.Status.REFERRED).count()
    if not waiting:
        return []
    return [
        Card(
            title="Saisines en attente",
            body=f"{waiting} enfant(s) orienté(s) attendent l'ouverture de leur parcours.",
            url=reverse("parcours:child_list") + "?statut=referred",
            link_text="Voir les enfants en attente",
        )
    ]
