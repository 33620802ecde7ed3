from django.urls import reverse
from django.utils import timezone

from reussite.core.home import Card, home_card
from reussite.core.numbers import Verdict
from reussite.core.roles import Role
from reussite.core.scoping import CHANGE, get_scope, scoped

from .models import Programme, YouthCount
from .queries import youth_table_for
from .scoping import managed_network_ids


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
    missing = [p for p in editable if p.pk not in entered]
    if not missing:
        return []
    return [
        Card(
            title=f"Effectifs {last_year} à saisir",
            body=f"Le nombre de jeunes identifiés en {last_year} manque pour :",
            # Each programme leads straight to its entry form.
            links=[
                (
                    f"{p.commune.name} : saisir l'effectif {last_year}",
                    reverse("territory:youth_count_edit", args=[p.pk]),
                )
                for p in missing
            ],
            url=reverse("territory:youth_counts"),
            link_text="Voir le tableau des effectifs",
            tone="warning",
        )
    ]


@home_card
def network_to_set_up(request):
    """A métropole coordination whose network has no programme yet: where to start onboarding."""
    managed = managed_network_ids(get_scope(request.user))
    if not managed or Programme.objects.filter(network_id__in=managed).exists():
        return []
    return [
        Card(
            title="Mettre en place le réseau",
            body="Votre réseau n'a encore aucun programme. Dans l'ordre :",
            links=[
                ("1. Ajouter les communes et choisir leurs quartiers", reverse("territory:commune_create")),
                (
                    "2. Ajouter les organisations (CCAS, caisses des écoles, associations…)",
                    reverse("territory:organisation_create"),
                ),
                ("3. Créer les programmes et leurs porteurs", reverse("territory:programme_create")),
                ("4. Inviter les personnes", reverse("accounts:invite")),
            ],
        )
    ]


@home_card
def printed_figures_that_do_not_hold(request):
    scope = get_scope(request.user)
    if not scope.has_role(Role.METROPOLE_COORDINATOR, Role.READER):
        return []
    table, _, _ = youth_table_for(request.user)
    differing = [r for r in table.printed_results if r.verdict == Verdict.DIFFERS]
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
