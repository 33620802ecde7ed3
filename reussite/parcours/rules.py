"""Scoping of children and families (DESIGN.md §2).

- programme coordination: the children of the programmes its organisation carries, named;
- référent de parcours: the children assigned to them in their programmes, named;
- métropole coordination: every child of its network, pseudonymously (never ``VIEW_NAMED``);
- psychologist: the children referred to them (to come with the care app) — nothing yet;
- finance, board secretary, reader, anyone else: no child data at all.

Families, referrals and consents are nominative through and through: only those who see the child
named see them.
"""

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


def _named(scope):
    return Q(programme_id__in=coordinated_programme_ids(scope)) | Q(
        referent_id=scope.user_id, programme_id__in=programme_ids(scope)
    )


@scope_rule(Child)
def child_rule(scope, queryset, action):
    if action == VIEW:
        networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
        return queryset.filter(_named(scope) | Q(programme__network_id__in=networks))
    if action in (VIEW_NAMED, CHANGE):
        return queryset.filter(_named(scope))
    return queryset.none()


def _named_children(scope, action):
    return child_rule(scope, Child.objects.all(), CHANGE if action == CHANGE else VIEW_NAMED)


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
