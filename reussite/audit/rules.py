from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import VIEW, scope_rule

from .models import AccessLog, SignInEvent

# Apps whose change history is the referential the métropole coordination reads.
REFERENTIAL_APPS = ("territory", "accounts")


@scope_rule(LogEntry)
def log_entry_rule(scope, queryset, action):
    """The referential's history of the coordinator's own networks: every referential model stores
    its network in the entry (``get_additional_data``), which also covers deleted objects."""
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    if action != VIEW or not networks:
        return queryset.none()
    return queryset.filter(content_type__app_label__in=REFERENTIAL_APPS, additional_data__network_id__in=list(networks))


@scope_rule(SignInEvent)
def sign_in_rule(scope, queryset, action):
    if action != VIEW:
        return queryset.none()
    networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
    return queryset.filter(
        Q(user_id=scope.user_id)
        | Q(user__memberships__organisation__network_id__in=networks, user__memberships__is_active=True)
    ).distinct()


# model -> rule(scope) returning the pks of the records whose reads the user may review (a domain
# app registers it: audit does not import the domains).
_AUDITABLE: dict = {}


def register_auditable(model, readable_pks):
    """Let the users ``readable_pks(scope)`` names review who read those records of ``model``."""
    _AUDITABLE[model] = readable_pks


@scope_rule(AccessLog)
def access_log_rule(scope, queryset, action):
    """Users see their own reads, and the reads of the records a domain lets them review (the
    programme coordination reviews who looked at its children's files)."""
    if action != VIEW:
        return queryset.none()
    condition = Q(user_id=scope.user_id)
    for model, readable_pks in _AUDITABLE.items():
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=readable_pks(scope))
    return queryset.filter(condition)
