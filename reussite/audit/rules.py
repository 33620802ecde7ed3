from auditlog.models import LogEntry
from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import VIEW, scope_rule

from .models import AccessLog, SignInEvent

# Apps whose change history is the referential the métropole coordination reads.
REFERENTIAL_APPS = ("territory", "accounts")


@scope_rule(LogEntry)
def log_entry_rule(scope, queryset, action):
    if action != VIEW or not scope.has_role(Role.METROPOLE_COORDINATOR):
        return queryset.none()
    return queryset.filter(content_type__app_label__in=REFERENTIAL_APPS)


@scope_rule(SignInEvent)
def sign_in_rule(scope, queryset, action):
    if action != VIEW:
        return queryset.none()
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    return queryset.filter(
        Q(user_id=scope.user_id) | Q(user__memberships__organisation__network_id__in=networks)
    ).distinct()


@scope_rule(AccessLog)
def access_log_rule(scope, queryset, action):
    if action != VIEW:
        return queryset.none()
    return queryset.filter(user_id=scope.user_id)
