from django.db.models import Q

from .models import Membership, Role, User
from .scoping import CHANGE, VIEW, scope_rule


@scope_rule(User)
def user_rule(scope, queryset, action):
    """Users see themselves; the métropole coordination sees the users of its network."""
    if action != VIEW:
        return queryset.filter(pk=scope.user_id)
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    return queryset.filter(Q(pk=scope.user_id) | Q(memberships__organisation__network_id__in=networks)).distinct()


@scope_rule(Membership)
def membership_rule(scope, queryset, action):
    """Users see their own memberships; the métropole coordination sees and manages (invites, ends)
    those of its network."""
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    if action == VIEW:
        return queryset.filter(Q(user_id=scope.user_id) | Q(organisation__network_id__in=networks))
    if action == CHANGE:
        return queryset.filter(organisation__network_id__in=networks)
    return queryset.none()
