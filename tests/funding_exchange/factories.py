"""A small but complete convention (parties, articles, lines, key, shares) for exchange and document tests."""

import datetime
from decimal import Decimal

from reussite.funding.models import (
    ActionKind,
    BudgetLine,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
)


def make_convention(network, coordinator, paying, reference="CONV-TEST", year=2025, amounts=None, extra_lines=0):
    """A draft annual convention: ``coordinator`` contributes 2 000 €, ``paying`` share 1 000 € by percentages.

    ``amounts``: the key shares (default 600/400 for two parties, else equal shares); ``extra_lines``:
    additional "formation" lines are not possible (one line per action), so extra parties are used instead.
    """
    convention = Convention.objects.create(
        network=network,
        reference=reference,
        title=f"Convention de test {reference}",
        object="Coordination des programmes.",
        preamble="- Premier considérant ;\n- second considérant.",
        kind=Convention.Kind.ANNUAL,
        first_year=year,
        last_year=year,
        end_date=datetime.date(year, 12, 31),
        originals_count=len(paying) + 1,
        place="Dijon",
    )
    ConventionArticle.objects.create(
        convention=convention, position=1, number="Article 1er", title="Objet", body="Objet."
    )
    ConventionArticle.objects.create(
        convention=convention, position=2, number="Article 2", title="Les financements", body="Financement."
    )
    ConventionArticle.objects.create(
        convention=convention, position=3, number="Article 3", title="La durée", body="Un an."
    )
    parties = [
        ConventionParty.objects.create(
            convention=convention,
            organisation=coordinator,
            role=ConventionParty.Role.COORDINATOR,
            position=1,
            signatory_name="Prénom NOM",
            signatory_capacity="Président",
            approval_body="Conseil métropolitain",
            approval_date=datetime.date(year, 1, 15),
            has_approved=True,
        )
    ]
    for i, organisation in enumerate(paying, start=2):
        parties.append(
            ConventionParty.objects.create(
                convention=convention,
                organisation=organisation,
                role=ConventionParty.Role.PAYING,
                position=i,
                signatory_name=f"Signataire {i}",
                signatory_capacity="Président",
                approval_body="Conseil d'administration",
                has_approved=True,
            )
        )
    for position, (code, amount) in enumerate([("coordination", "1000"), ("formation", "2000")], start=1):
        BudgetLine.objects.create(
            convention=convention,
            year=year,
            action_kind=ActionKind.objects.get(code=code),
            position=position,
            planned_amount=Decimal(amount),
        )
    funding_year = FundingYear.objects.create(
        convention=convention,
        year=year,
        total_cost=Decimal("3000"),
        shared_total=Decimal("1000"),
        key_kind=FundingYear.KeyKind.FIXED,
    )
    FundingShare.objects.create(
        funding_year=funding_year,
        party=parties[0],
        kind=FundingShare.Kind.CONTRIBUTION,
        fixed_amount=Decimal("2000"),
        amount=Decimal("2000"),
    )
    if amounts is None:
        amounts = ["600", "400"] if len(paying) == 2 else _equal(len(paying))
    for party, amount in zip(parties[1:], amounts, strict=True):
        FundingShare.objects.create(
            funding_year=funding_year,
            party=party,
            kind=FundingShare.Kind.KEY,
            fixed_amount=Decimal(amount),
            amount=Decimal(amount),
        )
    return convention


def _equal(n):
    base, rest = divmod(1000, n)
    return [str(base + (1 if i < rest else 0)) for i in range(n)]
