import datetime
from decimal import Decimal

import factory

from reussite.funding import services
from reussite.funding.models import (
    ActionKind,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionParty,
    FundingShare,
    FundingYear,
    StateConvention,
)
from tests.factories import NetworkFactory, OrganisationFactory


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention

    network = factory.SubFactory(NetworkFactory)
    reference = factory.Sequence(lambda n: f"CONV-{n:04d}")
    title = factory.Sequence(lambda n: f"Convention de test {n}")
    kind = Convention.Kind.ANNUAL
    first_year = 2025
    last_year = 2025
    starts_on_signature = True
    end_date = datetime.date(2025, 12, 31)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionParty

    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory, network=factory.SelfAttribute("..convention.network"))
    role = ConventionParty.Role.PAYING
    has_approved = True
    approval_date = datetime.date(2025, 3, 1)


def make_convention(
    coordinator,
    payers,
    *,
    network=None,
    status=Convention.Status.NOTIFIED,
    shared_total=Decimal("900"),
    key_kind=FundingYear.KeyKind.PERCENT,
    percents=None,
    contribution=Decimal("1000"),
    year=2025,
    issue=False,
    **convention_fields,
):
    """A convention with a coordinator, paying parties, a funding year split by percentages and one line."""
    network = network or coordinator.network
    convention = ConventionFactory(
        network=network,
        status=status,
        first_year=year,
        last_year=year,
        end_date=datetime.date(year, 12, 31),
        **convention_fields,
    )
    coordinator_party = PartyFactory(convention=convention, organisation=coordinator, role="coordinator", position=0)
    parties = [PartyFactory(convention=convention, organisation=org, position=i + 1) for i, org in enumerate(payers)]
    funding_year = FundingYear.objects.create(
        convention=convention,
        year=year,
        total_cost=(shared_total or 0) + contribution,
        shared_total=shared_total,
        key_kind=key_kind,
    )
    BudgetLine.objects.create(
        convention=convention,
        year=year,
        action_kind=ActionKind.default("coordination"),
        planned_amount=(shared_total or 0) + contribution,
    )
    FundingShare.objects.create(
        funding_year=funding_year,
        party=coordinator_party,
        kind=FundingShare.Kind.CONTRIBUTION,
        fixed_amount=contribution,
        amount=contribution,
    )
    percents = percents or _equal_percents(len(parties))
    for party, pct in zip(parties, percents, strict=True):
        FundingShare.objects.create(funding_year=funding_year, party=party, kind=FundingShare.Kind.KEY, key_percent=pct)
    services.compute_split(funding_year)
    for party in parties:
        StateConvention.objects.create(party=party, reference=f"État {party.organisation.short_name}")
    if issue:
        services.issue_calls_for_funds(convention, year, issue_date=datetime.date(year, 4, 1))
    return convention


def _equal_percents(n):
    if n == 0:
        return []
    base = (Decimal(100) / n).quantize(Decimal("0.0001"))
    return [base] * (n - 1) + [Decimal(100) - base * (n - 1)]


def first_call(convention) -> CallForFunds:
    return convention.calls_for_funds.order_by("number").first()
