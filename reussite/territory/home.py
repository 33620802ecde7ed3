from django.urls import reverse
from django.utils import timezone

from reussite.core.home import Card, home_card
from reussite.core.numbers import Verdict
from reussite.core.roles import Role
from reussite.core.scoping import CHANGE, get_scope, scoped

from .models import Programme, YouthCount
from .queries import youth_table_for


@home_card
def missing_youth_counts(request):
    """Programmes the user can update whose count for last year is not entered yet."""
    last_year = timezone.localdate().year - 1
    editable = scoped(request.user, Programme, CHANGE).select_related("commune")
    entered = set(
        scoped(request.user, YouthCount)
        .filter(year=last_year, programme__isnull=False)
        .values_list("programme_id", flat=True)
    )
    missing = [p.commune.name for p in editable if p.pk not in entered]
    if not missing:
        return []
    return [
        Card(
            title=f"Effectifs {last_year} à saisir",
            body=f"Le nombre de jeunes identifiés en {last_year} manque pour :",
            items=missing,
            url=reverse("territory:youth_counts"),
            link_text="Saisir les effectifs",
            tone="warning",
        )
    ]


@home_card
def printed_figures_that_do_not_hold(request):
    scope = get_scope(request.user)
    if not scope.has_role(Role.METROPOLE_COORDINATOR, Role.READER):
        return []
    table, _, _ = youth_table_for(request.user)
    differing = [r for r in table.printed_results if r.check.verdict == Verdict.DIFFERS]
    if not differing and not table.consistency_notes:
        return []
    return [
        Card(
            title="Chiffres imprimés à vérifier",
            body=f"{len(differing)} évolution(s) imprimée(s) ne correspondent pas aux effectifs enregistrés.",
            items=table.consistency_notes,
            url=reverse("territory:youth_counts"),
            link_text="Voir les effectifs",
            tone="warning",
        )
    ]
