from django.db.models import Q

from .models import Membership, Role, User
from .scoping import VIEW, scope_rule


@scope_rule(User)
def user_rule(scope, queryset, action):
    """Users see themselves; the métropole coordination sees the users of its network."""
    if action != VIEW:
        return queryset.filter(pk=scope.user_id)
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    return queryset.filter(Q(pk=scope.user_id) | Q(memberships__organisation__network_id__in=networks)).distinct()


@scope_rule(Membership)
def membership_rule(scope, queryset, action):
    if action != VIEW:
        return queryset.none()
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    return queryset.filter(Q(user_id=scope.user_id) | Q(organisation__network_id__in=networks))
