"""Scoping of the registers.

Board secretaries read and change the bodies of their own organisation (and everything in them).
Whoever may read a convention (the métropole coordination and finance officers of its network,
the programme coordination, finance and board secretariat of a party organisation: see
reussite/funding/rules.py) reads the deliberations linked to that convention, with their sitting,
body and members (what the extract prints); nothing else. Readers (elected members) read the
registers of their own organisations (the acts of their organisation). Changes: board secretaries only.
"""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import VIEW, scope_rule
from reussite.funding.models import Convention
from reussite.funding.rules import convention_q

from .models import AgendaItem, Attendance, Body, Deliberation, Member, Proxy, Sitting


def secretary_orgs(scope):
    return scope.organisation_ids_for(Role.BOARD_SECRETARY)


# Who reads the registers of their own organisation (secretaries also change them).
REGISTER_READER_ROLES = (Role.BOARD_SECRETARY, Role.READER)


def register_orgs(scope, action):
    roles = REGISTER_READER_ROLES if action == VIEW else (Role.BOARD_SECRETARY,)
    return scope.organisation_ids_for(*roles)


def convention_party_q(scope):
    """Deliberations linked to a convention the user may read."""
    readable = Convention.objects.filter(convention_q(scope, VIEW)).values("id")
    return Q(convention_id__in=readable)


def _linked_deliberations(scope):
    return Deliberation.objects.filter(convention_party_q(scope))


def body_ids_q(scope, action, path):
    """Q on ``path`` (a body id lookup) for what ``scope`` may do."""
    own = Q(**{f"{path}__in": register_orgs(scope, action)})
    if action != VIEW:
        return own
    linked = _linked_deliberations(scope).values("body_id")
    return own | Q(**{f"{path.removesuffix('organisation_id')}id__in": linked})


@scope_rule(Body)
def body_rule(scope, queryset, action):
    return queryset.filter(body_ids_q(scope, action, "organisation_id"))


@scope_rule(Member)
def member_rule(scope, queryset, action):
    return queryset.filter(body_ids_q(scope, action, "body__organisation_id"))


def _sitting_q(scope, action, prefix=""):
    own = Q(**{f"{prefix}body__organisation_id__in": register_orgs(scope, action)})
    if action != VIEW:
        return own
    linked = _linked_deliberations(scope).values("item__sitting_id")
    return own | Q(**{f"{prefix}id__in": linked})


@scope_rule(Sitting)
def sitting_rule(scope, queryset, action):
    return queryset.filter(_sitting_q(scope, action))


def _item_q(scope, action, prefix=""):
    """Secretaries: every item of their sittings; convention readers: only the items whose deliberation
    approves a convention they may read (not the rest of the agenda)."""
    own = Q(**{f"{prefix}sitting__body__organisation_id__in": register_orgs(scope, action)})
    if action != VIEW:
        return own
    return own | Q(**{f"{prefix}id__in": _linked_deliberations(scope).values("item_id")})


@scope_rule(AgendaItem)
def agenda_item_rule(scope, queryset, action):
    return queryset.filter(_item_q(scope, action))


@scope_rule(Proxy)
def proxy_rule(scope, queryset, action):
    return queryset.filter(_sitting_q(scope, action, "sitting__"))


@scope_rule(Attendance)
def attendance_rule(scope, queryset, action):
    return queryset.filter(_item_q(scope, action, "item__"))


@scope_rule(Deliberation)
def deliberation_rule(scope, queryset, action):
    own = Q(body__organisation_id__in=register_orgs(scope, action))
    if action != VIEW:
        return queryset.filter(own)
    return queryset.filter(own | convention_party_q(scope))
