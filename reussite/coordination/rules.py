"""Who sees and changes the coordination of a network.

- Events and library resources have an audience: programmes and roles (both empty: the whole
  network). The métropole coordination and finance officers of the network see every one (they
  plan and pay them). Another member sees one when a membership of theirs matches it: its role is
  among the audience's roles (or none is set) and its organisation carries one of the audience's
  programmes today (or none is set; a member of the métropole itself works network-wide and is not
  bound by programmes). An invited person also sees the event they are invited to.
- Invitations (participants' names) are seen with their event; series by every member.
- Only the métropole coordination of the network plans events, invites and takes attendance.
- Costs and provider rates: the métropole coordination and finance officers of the network.
- Calendar tokens: their own user only.
"""

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule
from reussite.core.sql import InIds
from reussite.territory.models import ProgrammeCarrier

from .models import (
    CalendarToken,
    Event,
    EventCost,
    EventKind,
    EventSeries,
    Feedback,
    Invitation,
    ProviderRate,
    Resource,
)

MONEY_ROLES = (Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER)


def network_q(scope, action, path="network_id"):
    if action == VIEW:
        return Q(**{f"{path}__in": scope.network_ids})
    if action == CHANGE:
        return Q(**{f"{path}__in": scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)})
    return Q(pk__in=[])


def money_q(scope, action, path):
    if action not in (VIEW, CHANGE):
        return Q(pk__in=[])
    return Q(**{f"{path}__in": scope.metropole_network_ids_for(*MONEY_ROLES)})


def _carried_programmes(scope) -> dict[int, frozenset[int]]:
    """Programmes carried today by each of the user's organisations."""

    def compute(scope):
        carried = {}
        rows = (
            ProgrammeCarrier.objects.valid_on(scope.today)
            .filter(organisation_id__in=scope.organisation_ids)
            .values_list("organisation_id", "programme_id")
        )
        for organisation_id, programme_id in rows:
            carried.setdefault(organisation_id, set()).add(programme_id)
        return {org: frozenset(programmes) for org, programmes in carried.items()}

    return scope.memo("coordination.carried_programmes", compute)


def audience_q(scope, model) -> Q:
    """Objects of ``model`` (Event or Resource) whose audience one of the user's memberships matches,
    outside the networks the user sees whole."""
    through = model.audience_programmes.through
    owner = "event_id" if model is Event else "resource_id"
    whole = scope.metropole_network_ids_for(*MONEY_ROLES)
    matched = Q(pk__in=[])
    for fact in scope.facts:
        if fact.network_id in whole:
            continue
        roles = Q(audience_roles="") | Q(audience_roles__contains=f",{fact.role},")
        if fact.in_metropole:
            programmes = Q()
        else:
            restricted = through.objects.filter(programme__network_id=fact.network_id).values(owner)
            carried = _carried_programmes(scope).get(fact.organisation_id, frozenset())
            mine = through.objects.filter(programme_id__in=carried).values(owner)
            programmes = ~Q(pk__in=restricted) | Q(pk__in=mine)
        matched |= Q(network_id=fact.network_id) & roles & programmes
    return matched


def audience_ids(scope, model) -> frozenset[int]:
    """Ids of the ``model`` objects the user sees by audience (and, for events, by invitation), once
    per request: the rules then filter on a plain id set."""

    def compute(scope):
        found = set(model.objects.filter(audience_q(scope, model)).order_by().values_list("id", flat=True))
        if model is Event:
            found |= set(
                Invitation.objects.filter(user_id=scope.user_id, event__network_id__in=scope.network_ids)
                .order_by()
                .values_list("event_id", flat=True)
            )
        return frozenset(found)

    return scope.memo(f"coordination.audience.{model.__name__}", compute)


def audience_view_q(scope, model, prefix="") -> Q:
    """VIEW of an Event or a Resource (``prefix``: the lookup reaching it, e.g. ``"event__"``)."""
    whole = scope.metropole_network_ids_for(*MONEY_ROLES)
    ids = audience_ids(scope, model)
    # Hundreds of ids at national scale: one array parameter (an IN list of them cost more in the
    # application, preparing and splitting the placeholders, than the query in the database). None:
    # the condition matches nothing, as Django's empty IN (no query at all when ``whole`` is empty).
    seen = Q(InIds(f"{prefix}id", ids)) if ids else Q(**{f"{prefix}id__in": ids})
    return Q(**{f"{prefix}network_id__in": whole}) | seen


@scope_rule(EventKind)
def event_kind_rule(scope, queryset, action):
    return queryset if action == VIEW else queryset.none()


@scope_rule(EventSeries)
def series_rule(scope, queryset, action):
    return queryset.filter(network_q(scope, action))


@scope_rule(Event)
def event_rule(scope, queryset, action):
    if action == VIEW:
        return queryset.filter(audience_view_q(scope, Event))
    return queryset.filter(network_q(scope, action))


@scope_rule(Invitation)
def invitation_rule(scope, queryset, action):
    if action == VIEW:
        return queryset.filter(audience_view_q(scope, Event, "event__"))
    return queryset.filter(network_q(scope, action, "event__network_id"))


@scope_rule(EventCost)
def cost_rule(scope, queryset, action):
    return queryset.filter(money_q(scope, action, "event__network_id"))


@scope_rule(ProviderRate)
def rate_rule(scope, queryset, action):
    return queryset.filter(money_q(scope, action, "provider__network_id"))


@scope_rule(CalendarToken)
def token_rule(scope, queryset, action):
    return queryset.filter(user_id=scope.user_id)


@scope_rule(Resource)
def resource_rule(scope, queryset, action):
    if action == VIEW:
        return queryset.filter(audience_view_q(scope, Resource))
    return queryset.filter(network_q(scope, action))


def coordinated_event_ids(scope) -> frozenset[int]:
    """Ids of the events of the networks whose métropole coordination the user is in, once per request."""

    def compute(scope):
        networks = scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)
        if not networks:
            return frozenset()
        return frozenset(Event.objects.filter(network_id__in=networks).order_by().values_list("id", flat=True))

    return scope.memo("coordination.coordinated_event_ids", compute)


@scope_rule(Feedback)
def feedback_rule(scope, queryset, action):
    """The respondent (their own); the métropole coordination of the network reads them all.

    Both on the invitation's own indexed columns (its user, its event among the ids the scope
    computed once): the network of the event, ORed across two joins with the respondent, made the
    planner hash-join every network's invitations."""
    own = Q(invitation__user_id=scope.user_id)
    if action == CHANGE:
        return queryset.filter(own)
    if action != VIEW:
        return queryset.none()
    return queryset.filter(own | Q(invitation__event_id__in=coordinated_event_ids(scope)))
