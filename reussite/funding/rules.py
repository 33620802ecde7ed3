"""Who sees and changes conventions and their money.

- Finance officers and the métropole coordination see and change everything of their network.
- Members of a party organisation (programme coordination, finance, board secretariat) see the
  conventions their organisation is party to, with their articles, budget and split, and only
  their own organisation's calls for funds and payments. They change nothing here.
- Readers (elected members, Role.READER) see the acts and the money of their organisations: the
  conventions they are party to, the calls for funds addressed to or issued by them, with their
  payments. They change nothing.
- Everyone else: nothing (404).
"""

from dataclasses import dataclass

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule

from .models import (
    ActionKind,
    Amendment,
    AmendmentChange,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionArticle,
    ConventionParty,
    ConventionStatusChange,
    FundingShare,
    FundingYear,
    Grant,
    GrantEnvelope,
    GrantPayment,
    MoneyEvolution,
    Payment,
    StateAllocation,
    StateConvention,
    StateConventionStatusChange,
)

STAFF_ROLES = (Role.FINANCE_OFFICER, Role.METROPOLE_COORDINATOR)
PARTY_ROLES = (
    Role.PROGRAMME_COORDINATOR,
    Role.FINANCE_OFFICER,
    Role.BOARD_SECRETARY,
    Role.METROPOLE_COORDINATOR,
    Role.READER,
)
# Readers also see the calls their organisation issued (the métropole's own money), not only received.
ISSUER_READER_ROLES = (Role.READER,)


@dataclass(frozen=True)
class ConventionIds:
    """The conventions (and parties) a scope reaches, computed once per request."""

    staff: frozenset[int]  # conventions of the networks whose métropole the user works for
    party: frozenset[int]  # conventions one of the user's organisations is party to
    own_parties: frozenset[int]  # the user's organisations' party rows

    @property
    def readable(self) -> frozenset[int]:
        return self.staff | self.party


def convention_ids(scope) -> ConventionIds:
    def compute(scope):
        staff_networks = scope.metropole_network_ids_for(*STAFF_ROLES)
        staff = (
            frozenset(Convention.objects.filter(network_id__in=staff_networks).order_by().values_list("id", flat=True))
            if staff_networks
            else frozenset()
        )
        party_orgs = scope.organisation_ids_for(*PARTY_ROLES)
        parties = (
            list(
                ConventionParty.objects.filter(organisation_id__in=party_orgs)
                .order_by()
                .values_list("id", "convention_id")
            )
            if party_orgs
            else []
        )
        return ConventionIds(
            staff=staff,
            party=frozenset(convention for _, convention in parties),
            own_parties=frozenset(party for party, _ in parties),
        )

    return scope.memo("funding.convention_ids", compute)


def convention_q(scope, action, path="id"):
    """Q on ``path``, a lookup ending on a Convention (``"id"``, ``"convention"``...): an id set, no join
    to the parties of every network."""
    if action == CHANGE:
        return Q(**{f"{path}__in": convention_ids(scope).staff})
    if action != VIEW:
        return Q(pk__in=[])
    return Q(**{f"{path}__in": convention_ids(scope).readable})


def may_change_convention(scope, convention_id) -> bool:
    """What ``scoped(user, Convention, CHANGE).filter(pk=...).exists()`` answers for an existing
    convention, from the ids the rule filters on (no query once they are read)."""
    return convention_id in convention_ids(scope).staff


def _via_convention(path):
    def rule(scope, queryset, action):
        if action not in (VIEW, CHANGE):
            return queryset.none()
        return queryset.filter(convention_q(scope, action, path))

    return rule


scope_rule(Convention)(_via_convention("id"))
for _model in (
    ConventionArticle,
    ConventionStatusChange,
    ConventionParty,
    FundingYear,
    BudgetLine,
    MoneyEvolution,
    Amendment,
):
    scope_rule(_model)(_via_convention("convention"))
scope_rule(FundingShare)(_via_convention("funding_year__convention"))
scope_rule(AmendmentChange)(_via_convention("amendment__convention"))
scope_rule(StateConvention)(_via_convention("party__convention"))
scope_rule(StateAllocation)(_via_convention("party__convention"))
scope_rule(StateConventionStatusChange)(_via_convention("state_convention__party__convention"))


def call_q(scope, action, prefix=""):
    """Staff: the calls of their networks' conventions; party members: their own organisation's calls."""
    ids = convention_ids(scope)
    staff = Q(**{f"{prefix}convention__in": ids.staff})
    if action == CHANGE:
        return staff
    if action != VIEW:
        return Q(pk__in=[])
    issued = Q(**{f"{prefix}issuer_id__in": scope.organisation_ids_for(*ISSUER_READER_ROLES)})
    return staff | Q(**{f"{prefix}party__in": ids.own_parties}) | issued


@scope_rule(CallForFunds)
def call_rule(scope, queryset, action):
    return queryset.filter(call_q(scope, action))


@scope_rule(Payment)
def payment_rule(scope, queryset, action):
    return queryset.filter(call_q(scope, action, "call__"))


@scope_rule(ActionKind)
def action_kind_rule(scope, queryset, action):
    """The list of actions is read by any member; it is changed in the admin."""
    if action != VIEW or not scope.facts:
        return queryset.none()
    return queryset


# Grants (outgoing money): the network's finance officers and métropole coordination see and change
# every envelope; the granting organisation's members see its envelopes, and its finance officer,
# board secretary and programme coordinator enter them. Beneficiaries are paid: they see nothing here.
GRANT_CHANGE_ROLES = (Role.FINANCE_OFFICER, Role.BOARD_SECRETARY, Role.PROGRAMME_COORDINATOR)


def grant_q(scope, action, prefix=""):
    if action not in (VIEW, CHANGE):
        return Q(pk__in=[])
    staff = scope.metropole_network_ids_for(*STAFF_ROLES)
    grantors = scope.organisation_ids_for(*(GRANT_CHANGE_ROLES if action == CHANGE else PARTY_ROLES))
    return Q(**{f"{prefix}network_id__in": staff}) | Q(**{f"{prefix}grantor_id__in": grantors})


@scope_rule(GrantEnvelope)
def grant_envelope_rule(scope, queryset, action):
    return queryset.filter(grant_q(scope, action))


@scope_rule(Grant)
def grant_rule(scope, queryset, action):
    return queryset.filter(grant_q(scope, action, "envelope__"))


@scope_rule(GrantPayment)
def grant_payment_rule(scope, queryset, action):
    return queryset.filter(grant_q(scope, action, "grant__envelope__"))
