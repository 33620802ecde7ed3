"""Business operations: status lifecycle, Article 7, split by key, calls for funds, payments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reussite.core.numbering import last_number
from reussite.funding import services
from reussite.funding.models import (
    CallForFunds,
    Convention,
    ConventionStatusChange,
    FundingShare,
    FundingYear,
    Payment,
    StateAllocation,
    StateConvention,
)
from tests.factories import OrganisationFactory, ProgrammeFactory, YouthCountFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db
D = datetime.date
S = Convention.Status


def messages_of(error):
    return " ".join(error.value.messages)


def test_lifecycle_with_dated_history(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], status=S.DRAFT)
    for status, day in [(S.APPROVED, D(2025, 3, 1)), (S.SIGNED, D(2025, 3, 10)), (S.NOTIFIED, D(2025, 3, 20))]:
        services.change_status(convention, status, on=day, by=world.user("finance_officer"))
    services.change_status(convention, S.IN_FORCE, on=D(2025, 3, 21))
    convention.refresh_from_db()
    assert convention.status == S.IN_FORCE
    assert convention.signature_date == D(2025, 3, 10)
    assert convention.notification_date == D(2025, 3, 20)
    history = list(convention.status_changes.values_list("from_status", "to_status", "effective_date"))
    assert history == [
        ("draft", "approved", D(2025, 3, 1)),
        ("approved", "signed", D(2025, 3, 10)),
        ("signed", "notified", D(2025, 3, 20)),
        ("notified", "in_force", D(2025, 3, 21)),
    ]


def test_approval_needs_every_party(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], status=S.DRAFT)
    convention.parties.filter(organisation=world.carrier2).update(has_approved=False)
    with pytest.raises(ValidationError) as error:
        services.change_status(convention, S.APPROVED, on=D(2025, 3, 1))
    assert "approbation manquante" in messages_of(error) and "CCAS A2" in messages_of(error)
    convention.refresh_from_db()
    assert convention.status == S.DRAFT
    assert not convention.status_changes.exists()


def test_impossible_transition_is_refused_in_french(world):
    convention = make_convention(world.metropole, [world.carrier], status=S.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.change_status(convention, S.IN_FORCE, on=D(2025, 3, 1))
    assert "impossible" in messages_of(error)


def test_article_7_suspending_the_state_convention_suspends_the_convention_and_back(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], status=S.IN_FORCE)
    sc1, sc2 = StateConvention.objects.filter(party__convention=convention).order_by("id")
    caused = services.change_state_convention_status(sc1, "suspended", on=D(2025, 6, 1), reason="Contrôle")
    convention.refresh_from_db()
    assert convention.status == S.SUSPENDED
    assert caused.caused_by == sc1 and "Article 7" in caused.reason
    services.change_state_convention_status(sc2, "suspended", on=D(2025, 6, 2))
    # one State convention back in force: the other one still suspends the convention
    assert services.change_state_convention_status(sc1, "in_force", on=D(2025, 7, 1)) is None
    convention.refresh_from_db()
    assert convention.status == S.SUSPENDED
    services.change_state_convention_status(sc2, "in_force", on=D(2025, 7, 2))
    convention.refresh_from_db()
    assert convention.status == S.IN_FORCE
    assert sc1.status_changes.count() == 2


def test_article_7_terminating_the_state_convention_terminates_the_convention(world):
    convention = make_convention(world.metropole, [world.carrier], status=S.IN_FORCE)
    sc = StateConvention.objects.get(party__convention=convention)
    services.change_state_convention_status(sc, "terminated", on=D(2025, 9, 1))
    convention.refresh_from_db()
    assert convention.status == S.TERMINATED
    assert convention.status_changes.get().caused_by == sc
    with pytest.raises(ValidationError):
        services.issue_calls_for_funds(convention, 2025, issue_date=D(2025, 9, 2))


def test_percent_key_split_largest_remainder_to_the_euro(world):
    convention = make_convention(
        world.metropole,
        [world.carrier, world.carrier2],
        shared_total=Decimal("1001"),
        percents=[Decimal("50"), Decimal("50")],
    )
    shares = {
        s.party.organisation.short_name: s.amount
        for s in FundingShare.objects.filter(funding_year__convention=convention, kind="key")
    }
    # 500.5 each: the tie (equal remainders, equal weights) goes to the smaller name
    assert shares == {"CCAS A1": Decimal("501"), "CCAS A2": Decimal("500")}


def test_percentages_not_adding_to_100_are_refused_and_nothing_saved(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2])
    year = convention.funding_years.get()
    before = list(year.shares.values_list("amount", flat=True))
    year.shares.filter(party__organisation=world.carrier).update(key_percent=Decimal("16"))
    with pytest.raises(ValidationError) as error:
        services.compute_split(year)
    assert "100" in messages_of(error)
    assert list(year.shares.values_list("amount", flat=True)) == before


def test_pro_rata_of_youth_counts(world):
    carrier3 = OrganisationFactory(network=world.network, short_name="CCAS A3")
    ProgrammeFactory(network=world.network, carrier=carrier3)
    for org, count in [(world.carrier, 113), (world.carrier2, 551), (carrier3, 101)]:
        programme = org.carried_programmes.get().programme
        YouthCountFactory(programme=programme, year=2024, count=count)
    convention = make_convention(
        world.metropole, [world.carrier, world.carrier2, carrier3], shared_total=Decimal("7500")
    )
    year = convention.funding_years.get()
    year.key_kind, year.count_year = FundingYear.KeyKind.PRO_RATA, 2024
    year.save()
    shares = {s.party.organisation.short_name: (s.key_count, s.amount) for s in services.compute_split(year)}
    # 7500 × 113/765 = 1107.84, × 551/765 = 5401.96, × 101/765 = 990.20 → remainders .84, .96, .20
    assert shares == {
        "CCAS A1": (113, Decimal("1108")),
        "CCAS A2": (551, Decimal("5402")),
        "CCAS A3": (101, Decimal("990")),
    }
    assert sum(a for _, a in shares.values()) == Decimal("7500")


def test_pro_rata_without_a_count_names_the_party(world):
    convention = make_convention(world.metropole, [world.carrier])
    year = convention.funding_years.get()
    year.key_kind, year.count_year = FundingYear.KeyKind.PRO_RATA, 2024
    year.save()
    with pytest.raises(ValidationError) as error:
        services.compute_split(year)
    assert "Effectif de référence" in messages_of(error) and "CCAS A1" in messages_of(error)


def test_calls_for_funds_need_notification(world):
    convention = make_convention(world.metropole, [world.carrier], status=S.SIGNED)
    with pytest.raises(ValidationError) as error:
        services.issue_calls_for_funds(convention, 2025, issue_date=D(2025, 4, 1))
    assert "notifiée" in messages_of(error)
    assert not CallForFunds.objects.exists()


def test_calls_for_funds_numbered_gapless_per_issuer_and_year(world):
    first = make_convention(world.metropole, [world.carrier, world.carrier2])
    second = make_convention(world.metropole, [world.carrier])
    other = make_convention(world.other_metropole, [world.other_carrier])
    services.issue_calls_for_funds(first, 2025, issue_date=D(2025, 4, 1))
    services.issue_calls_for_funds(second, 2025, issue_date=D(2025, 4, 2))
    services.issue_calls_for_funds(other, 2025, issue_date=D(2025, 4, 2))
    assert list(
        CallForFunds.objects.filter(issuer=world.metropole).order_by("number").values_list("number", flat=True)
    ) == [1, 2, 3]
    assert CallForFunds.objects.get(issuer=world.other_metropole).reference == "2025-001"
    # issuing again skips the parties already called, and consumes no number
    result = services.issue_calls_for_funds(first, 2025, issue_date=D(2025, 5, 1))
    assert result.created == [] and len(result.skipped) == 2
    assert last_number(services.CALL_SERIES, world.metropole.pk, 2025) == 3


def test_call_capped_by_the_state_allocation(world):
    convention = make_convention(
        world.metropole, [world.carrier, world.carrier2], shared_total=Decimal("900"), capped_by_state_allocation=True
    )
    party = convention.parties.get(organisation=world.carrier)
    StateAllocation.objects.create(party=party, year=2025, amount=Decimal("300"))
    services.issue_calls_for_funds(convention, 2025, issue_date=D(2025, 4, 1))
    capped = CallForFunds.objects.get(party=party)
    assert (capped.share_amount, capped.amount, capped.state_allocation) == (
        Decimal("450"),
        Decimal("300"),
        Decimal("300"),
    )
    assert "plafonné" in capped.basis
    uncapped = CallForFunds.objects.get(party__organisation=world.carrier2)
    assert uncapped.amount == Decimal("450")
    assert "non enregistrée" in uncapped.basis


def test_shares_to_be_set_are_not_called(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], key_kind="fixed", shared_total=None)
    year = convention.funding_years.get()
    year.shares.filter(party__organisation=world.carrier).update(fixed_amount=Decimal("4820"))
    services.compute_split(year)
    result = services.issue_calls_for_funds(convention, 2025, issue_date=D(2025, 4, 1))
    assert [c.amount for c in result.created] == [Decimal("4820")]
    assert result.skipped == ["CCAS A2 : part 2025 à définir, aucun appel émis."]


def test_basis_of_calculation_states_the_key(world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], issue=True)
    call = convention.calls_for_funds.get(party__organisation=world.carrier)
    assert "50,00 % de 900,00" in call.basis.replace("\u202f", " ").replace("\u00a0", " ")
    assert "plus fort reste" in call.basis


def test_payments_partial_then_whole_and_balance(world):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    services.record_payment(call, amount=Decimal("400"), paid_on=D(2025, 5, 1))
    assert CallForFunds.objects.with_paid().get(pk=call.pk).balance == Decimal("500")
    assert list(CallForFunds.objects.overdue(D(2025, 6, 1))) == [call]
    with pytest.raises(ValidationError) as error:
        services.record_payment(call, amount=Decimal("500.01"), paid_on=D(2025, 5, 2))
    assert "dépasse le solde" in messages_of(error)
    services.record_payment(call, amount=Decimal("500"), paid_on=D(2025, 5, 2))
    assert CallForFunds.objects.with_paid().get(pk=call.pk).balance == 0
    assert not CallForFunds.objects.overdue(D(2025, 6, 1)).exists()
    assert Payment.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "paid_on", "message"),
    [
        (Decimal("0"), D(2025, 5, 1), "strictement positif"),
        (Decimal("-5"), D(2025, 5, 1), "strictement positif"),
        (Decimal("1.001"), D(2025, 5, 1), "centime"),
        (Decimal("10"), D(2025, 3, 1), "précéder l'émission"),
    ],
)
def test_bad_payments_are_refused(world, amount, paid_on, message):
    convention = make_convention(world.metropole, [world.carrier], issue=True)
    call = convention.calls_for_funds.get()
    with pytest.raises(ValidationError) as error:
        services.record_payment(call, amount=amount, paid_on=paid_on)
    assert message in messages_of(error)
    assert not Payment.objects.exists()


def test_status_change_rolls_back_with_its_history(world):
    convention = make_convention(world.metropole, [world.carrier], status=S.IN_FORCE)
    count = ConventionStatusChange.objects.count()
    with pytest.raises(ValidationError):
        services.change_status(convention, S.EXPIRED, on=None)
    assert ConventionStatusChange.objects.count() == count
