"""The database holds the rules whoever writes: amounts never negative, periods ordered, short names
unique in a network (not across networks); full_clean says so in French."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reussite.funding.models import BudgetLine, Convention, FundingShare, FundingYear, StateConvention
from reussite.territory.models import Organisation, ProgrammeCarrier
from tests.factories import NetworkFactory, OrganisationFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db


def refused_by_the_database(queryset, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


@pytest.fixture
def convention(world):
    return make_convention(world.metropole, [world.carrier, world.carrier2])


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (FundingYear, "total_cost"),
        (FundingYear, "shared_total"),
        (BudgetLine, "planned_amount"),
        (BudgetLine, "actual_amount"),
        (FundingShare, "amount"),
        (FundingShare, "fixed_amount"),
    ],
)
def test_negative_amounts_are_refused_by_the_database(convention, model, field):
    refused_by_the_database(model.objects.all(), **{field: Decimal("-1")})


def test_a_negative_amount_is_named_in_french(convention):
    line = BudgetLine.objects.filter(convention=convention).first()
    line.printed_amount = Decimal("-5")  # (planned_amount has its own field validator)
    with pytest.raises(ValidationError) as info:
        line.full_clean()
    assert "Montant imprimé : il ne peut pas être négatif." in info.value.messages


def test_periods_are_ordered(convention, world):
    refused_by_the_database(
        Convention.objects.filter(pk=convention.pk), start_date=datetime.date(2026, 1, 1), starts_on_signature=False
    )
    party = convention.parties.first()
    state = StateConvention(party=party, start_date=datetime.date(2025, 6, 1), end_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as info:
        state.full_clean()
    assert "Fin de la convention avec l'État : elle ne peut précéder son début." in info.value.messages
    refused_by_the_database(
        ProgrammeCarrier.objects.all(), valid_from=datetime.date(2025, 6, 1), valid_until=datetime.date(2025, 1, 1)
    )


def test_a_short_name_is_unique_in_its_network_only(world):
    other_network = NetworkFactory()
    OrganisationFactory(network=other_network, short_name=world.carrier.short_name)  # allowed elsewhere
    twin = Organisation(network=world.network, kind="ccas", name="Autre", short_name=world.carrier.short_name)
    with pytest.raises(ValidationError) as info:
        twin.full_clean()
    assert "Nom court : une autre organisation du réseau porte déjà ce nom." in info.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
