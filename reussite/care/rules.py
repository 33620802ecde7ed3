"""Who sees what of psychological support (scoping rules)."""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule
from reussite.territory.scoping import coordinated_programme_ids

from .models import (
    CareRate,
    CareReferral,
    HourAllocation,
    HourBudget,
    HourMovement,
    HourOverrun,
    Psychologist,
    SessionCap,
)

METROPOLE_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)


def _network_rule(path: str, programme_path: str | None = None):
    """The métropole sees (and its coordination changes) its network; a programme its own rows."""

    def rule(scope, queryset, action):
        if action == CHANGE:
            return queryset.filter(**{f"{path}__in": scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)})
        if action != VIEW:
            return queryset.none()
        q = Q(**{f"{path}__in": scope.metropole_network_ids_for(*METROPOLE_ROLES)})
        if programme_path:
            q |= Q(**{f"{programme_path}__in": coordinated_programme_ids(scope)})
        return queryset.filter(q).distinct() if programme_path and "__" in programme_path else queryset.filter(q)

    return rule


scope_rule(Psychologist)(_network_rule("network_id"))
scope_rule(CareRate)(_network_rule("network_id"))
scope_rule(SessionCap)(_network_rule("network_id"))
scope_rule(HourBudget)(_network_rule("network_id"))
scope_rule(HourAllocation)(_network_rule("budget__network_id", "programme_id"))
scope_rule(HourMovement)(_network_rule("budget__network_id", "target__programme_id"))
scope_rule(HourOverrun)(_network_rule("allocation__budget__network_id", "allocation__programme_id"))


@scope_rule(CareReferral)
def referral_rule(scope, queryset, action):
    """The métropole sees its network's referrals (a child's code only, never the name); the
    programme coordination its programmes' (and changes them); the psychologist those made to them."""
    coordinated = Q(child__programme_id__in=coordinated_programme_ids(scope))
    if action == CHANGE:
        return queryset.filter(coordinated)
    if action != VIEW:
        return queryset.none()
    metropole = Q(allocation__budget__network_id__in=scope.metropole_network_ids_for(*METROPOLE_ROLES))
    own = Q(psychologist__user_id=scope.user_id) if scope.has_role(Role.PSYCHOLOGIST) else Q(pk__in=[])
    return queryset.filter(metropole | coordinated | own)
