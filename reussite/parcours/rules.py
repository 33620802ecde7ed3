"""Scoping of children and families (DESIGN.md §2).

- programme coordination: the children of the programmes its organisation carries, named;
- référent de parcours: the children assigned to them in their programmes, named;
- métropole coordination: every child of its network, pseudonymously (never ``VIEW_NAMED``);
- psychologist: the children referred to them, named (``VIEW_NAMED`` only, through the named-access
  providers the care app registers): no parcours page or family record, which all start from ``VIEW``;
- finance, board secretary, reader, anyone else: no child data at all.

Families, referrals and consents are nominative through and through: only those who see the child
named see them.
"""

from collections.abc import Callable

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, VIEW_NAMED, scope_rule
from reussite.audit.rules import register_auditable
from reussite.territory.scoping import coordinated_programme_ids, programme_ids

from .models import (
    Axis,
    Child,
    Consent,
    EpsAgendaItem,
    EpsMeeting,
    EpsMember,
    ExitReason,
    Guardian,
    Household,
    Objective,
    ObjectiveResult,
    ParcoursPeriod,
    PlanAction,
    Referral,
    ReferralReason,
    Review,
    School,
)

# An anonymised file (retention.py) is statistics only: no list, page, export, API or count serves
# it, nor anything of it (referrals, consents, household, plan...); the figures read it unscoped.
KEPT = Q(anonymised_on__isnull=True)


def _named(scope):
    return KEPT & (
        Q(programme_id__in=coordinated_programme_ids(scope))
        | Q(referent_id=scope.user_id, programme_id__in=programme_ids(scope))
    )


# Upper domains (care: the psychologist of a referral) register ``provider(scope) -> Q`` over Child:
# the children they let the user see named. They add to VIEW_NAMED only — a name for a row that
# domain serves — never to VIEW (the parcours pages) nor to the family records below.
_NAMED_ACCESS: list[Callable] = []


def named_access_provider(provider: Callable) -> Callable:
    _NAMED_ACCESS.append(provider)
    return provider


@scope_rule(Child)
def child_rule(scope, queryset, action):
    if action == VIEW:
        networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
        return queryset.filter(_named(scope) | (KEPT & Q(programme__network_id__in=networks)))
    if action == VIEW_NAMED:
        named = _named(scope)
        for provider in _NAMED_ACCESS:
            named |= provider(scope)
        return queryset.filter(KEPT & named)
    if action == CHANGE:
        return queryset.filter(_named(scope))
    return queryset.none()


def _named_children(scope, action):
    return Child.objects.filter(_named(scope))


def _through_child(scope, queryset, action, path="child"):
    if action not in (VIEW, VIEW_NAMED, CHANGE):
        return queryset.none()
    return queryset.filter(**{f"{path}__in": _named_children(scope, action)}).distinct()


@scope_rule(Referral)
def referral_rule(scope, queryset, action):
    return _through_child(scope, queryset, action)


@scope_rule(Consent)
def consent_rule(scope, queryset, action):
    return _through_child(scope, queryset, action)


@scope_rule(Household)
def household_rule(scope, queryset, action):
    return _through_child(scope, queryset, action, "children")


@scope_rule(Guardian)
def guardian_rule(scope, queryset, action):
    return _through_child(scope, queryset, action, "household__children")


# The plan and its reviews are written about one child: seen only with the child named.
@scope_rule(Axis)
def axis_rule(scope, queryset, action):
    return _through_child(scope, queryset, action)


@scope_rule(Objective)
def objective_rule(scope, queryset, action):
    return _through_child(scope, queryset, action, "axis__child")


@scope_rule(PlanAction)
def plan_action_rule(scope, queryset, action):
    return _through_child(scope, queryset, action, "objective__axis__child")


@scope_rule(ParcoursPeriod)
def period_rule(scope, queryset, action):
    return _through_child(scope, queryset, action)


@scope_rule(Review)
def review_rule(scope, queryset, action):
    return _through_child(scope, queryset, action)


@scope_rule(ObjectiveResult)
def objective_result_rule(scope, queryset, action):
    return _through_child(scope, queryset, action, "review__child")


@scope_rule(School)
def school_rule(scope, queryset, action):
    """Schools are a referential of the network, kept in the admin."""
    if action != VIEW:
        return queryset.none()
    return queryset.filter(network_id__in=scope.network_ids)


@scope_rule(ReferralReason)
def reason_rule(scope, queryset, action):
    if action != VIEW:
        return queryset.none()
    return queryset.filter(network_id__in=scope.network_ids)


@scope_rule(ExitReason)
def exit_reason_rule(scope, queryset, action):
    if action != VIEW:
        return queryset.none()
    return queryset.filter(network_id__in=scope.network_ids)


def _coordinated(scope, queryset, action, path="programme_id"):
    """The EPS is the programme coordination's: its members, meetings and agendas (which name
    children) are seen and changed by the coordination of the programme only."""
    if action not in (VIEW, VIEW_NAMED, CHANGE):
        return queryset.none()
    return queryset.filter(**{f"{path}__in": coordinated_programme_ids(scope)})


@scope_rule(EpsMember)
def eps_member_rule(scope, queryset, action):
    return _coordinated(scope, queryset, action)


@scope_rule(EpsMeeting)
def eps_meeting_rule(scope, queryset, action):
    return _coordinated(scope, queryset, action)


@scope_rule(EpsAgendaItem)
def eps_item_rule(scope, queryset, action):
    return _coordinated(scope, queryset, action, "meeting__programme_id")


# The programme coordination reviews who read its children's files (the access log).
register_auditable(
    Child, lambda scope: Child.objects.filter(programme_id__in=coordinated_programme_ids(scope)).values("pk")
)
