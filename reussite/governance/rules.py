"""Scoping of the registers.

Board secretaries read and change the bodies of their own organisation (and everything in them).
Whoever may read a convention (the métropole coordination and finance officers of its network,
the programme coordination, finance and board secretariat of a party organisation: see
reussite/funding/rules.py) reads the deliberations linked to that convention, with their sitting,
body and members (what the extract prints); nothing else. Readers (elected members) read the
registers of their own organisations (the acts of their organisation). Changes: board secretaries only.
"""

from dataclasses import dataclass

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import VIEW, scope_rule
from reussite.funding.rules import convention_ids

from .models import AgendaItem, Attendance, Body, Deliberation, Member, Proxy, Sitting, VoteRectification


def secretary_orgs(scope):
    return scope.organisation_ids_for(Role.BOARD_SECRETARY)


# Who reads the registers of their own organisation (secretaries also change them).
REGISTER_READER_ROLES = (Role.BOARD_SECRETARY, Role.READER)


@dataclass(frozen=True)
class RegisterIds:
    """What of the registers a scope reaches, computed once per request: rules then filter on the
    rows' own columns (``body_id IN (…)``) instead of joins and sub-selects over every network."""

    own_bodies: frozenset[int]  # bodies of the organisations where the user is board secretary
    read_bodies: frozenset[int]  # bodies of the organisations whose registers the user reads (⊇ own)
    conventions: frozenset[int]  # conventions the user may read (reussite/funding/rules.py)
    linked_bodies: frozenset[int]  # ... and, of the deliberations linked to them: their bodies,
    linked_sittings: frozenset[int]  # sittings
    linked_items: frozenset[int]  # and items


def register_ids(scope) -> RegisterIds:
    def compute(scope):
        secretary = secretary_orgs(scope)
        readers = scope.organisation_ids_for(*REGISTER_READER_ROLES)
        read = (
            list(Body.objects.filter(organisation_id__in=readers).order_by().values_list("id", "organisation_id"))
            if readers
            else []
        )
        own_bodies = frozenset(body for body, organisation in read if organisation in secretary)
        conventions = convention_ids(scope).readable
        linked = (
            list(
                Deliberation.objects.filter(convention_id__in=conventions)
                .order_by()
                .values_list("body_id", "item__sitting_id", "item_id")
            )
            if conventions
            else []
        )
        return RegisterIds(
            own_bodies=own_bodies,
            read_bodies=frozenset(body for body, _ in read),
            conventions=conventions,
            linked_bodies=frozenset(row[0] for row in linked),
            linked_sittings=frozenset(row[1] for row in linked),
            linked_items=frozenset(row[2] for row in linked),
        )

    return scope.memo("governance.register_ids", compute)


def body_ids_q(scope, action, path):
    """Q on ``path`` (a lookup ending on a Body) for what ``scope`` may do."""
    ids = register_ids(scope)
    if action != VIEW:
        return Q(**{f"{path}__in": ids.own_bodies})
    return Q(**{f"{path}__in": ids.read_bodies | ids.linked_bodies})


@scope_rule(Body)
def body_rule(scope, queryset, action):
    return queryset.filter(body_ids_q(scope, action, "id"))


@scope_rule(Member)
def member_rule(scope, queryset, action):
    return queryset.filter(body_ids_q(scope, action, "body"))


def _sitting_q(scope, action, prefix=""):
    ids = register_ids(scope)
    own = Q(**{f"{prefix}body__in": ids.read_bodies if action == VIEW else ids.own_bodies})
    if action != VIEW:
        return own
    return own | Q(**{f"{prefix}id__in" if not prefix else f"{prefix.removesuffix('__')}__in": ids.linked_sittings})


@scope_rule(Sitting)
def sitting_rule(scope, queryset, action):
    return queryset.filter(_sitting_q(scope, action))


def _item_q(scope, action, prefix=""):
    """Secretaries: every item of their sittings; convention readers: only the items whose deliberation
    approves a convention they may read (not the rest of the agenda)."""
    ids = register_ids(scope)
    # A sub-select on the user's sittings (index on sitting.body_id), not a join to every sitting.
    own_sittings = Sitting.objects.filter(body__in=ids.read_bodies if action == VIEW else ids.own_bodies).values("id")
    own = Q(**{f"{prefix}sitting__in": own_sittings})
    if action != VIEW:
        return own
    return own | Q(**{f"{prefix}id__in" if not prefix else f"{prefix.removesuffix('__')}__in": ids.linked_items})


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
    ids = register_ids(scope)
    own = Q(body__in=ids.read_bodies if action == VIEW else ids.own_bodies)
    if action != VIEW:
        return queryset.filter(own)
    return queryset.filter(own | Q(convention__in=ids.conventions))


@scope_rule(VoteRectification)
def rectification_rule(scope, queryset, action):
    """Read with the deliberation it rectifies; changed by the secretaries of its body."""
    ids = register_ids(scope)
    own = Q(deliberation__body__in=ids.read_bodies if action == VIEW else ids.own_bodies)
    if action != VIEW:
        return queryset.filter(own)
    return queryset.filter(own | Q(deliberation__convention__in=ids.conventions))
