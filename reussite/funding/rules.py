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

from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scope_rule

from .models import (
    ActionKind,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionArticle,
    ConventionParty,
    ConventionStatusChange,
    FundingShare,
    FundingYear,
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


def convention_q(scope, action, prefix=""):
    """Q on a path to a Convention (``prefix`` like ``"convention__"``)."""
    staff = Q(**{f"{prefix}network_id__in": scope.metropole_network_ids_for(*STAFF_ROLES)})
    if action == CHANGE:
        return staff
    if action != VIEW:
        return Q(pk__in=[])
    party_orgs = scope.organisation_ids_for(*PARTY_ROLES)
    party_conventions = ConventionParty.objects.filter(organisation_id__in=party_orgs).values("convention_id")
    return staff | Q(**{f"{prefix}id__in" if prefix else "id__in": party_conventions})


def _via_convention(prefix):
    def rule(scope, queryset, action):
        if action not in (VIEW, CHANGE):
            return queryset.none()
        return queryset.filter(convention_q(scope, action, prefix))

    return rule


scope_rule(Convention)(_via_convention(""))
for _model in (ConventionArticle, ConventionStatusChange, ConventionParty, FundingYear, BudgetLine):
    scope_rule(_model)(_via_convention("convention__"))
scope_rule(FundingShare)(_via_convention("funding_year__convention__"))
scope_rule(StateConvention)(_via_convention("party__convention__"))
scope_rule(StateAllocation)(_via_convention("party__convention__"))
scope_rule(StateConventionStatusChange)(_via_convention("state_convention__party__convention__"))


def call_q(scope, action, prefix=""):
    staff = Q(**{f"{prefix}convention__network_id__in": scope.metropole_network_ids_for(*STAFF_ROLES)})
    if action == CHANGE:
        return staff
    if action != VIEW:
        return Q(pk__in=[])
    own = Q(**{f"{prefix}party__organisation_id__in": scope.organisation_ids_for(*PARTY_ROLES)})
    issued = Q(**{f"{prefix}issuer_id__in": scope.organisation_ids_for(*ISSUER_READER_ROLES)})
    return staff | own | issued


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
