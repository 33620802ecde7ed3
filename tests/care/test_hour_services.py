import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, scoped
from reussite.care.hours import HALF_HOUR
from reussite.care.models import CareRate, HourAllocation, HourBudget, HourMovement
from reussite.care.services import adjust_hours, allocate_hours, transfer_hours
from reussite.territory.models import Organisation
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, ProgrammeFactory, UserFactory


def make_world():
    network = NetworkFactory()
    metropole = OrganisationFactory(network=network, kind=Organisation.Kind.METROPOLE)
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=metropole, role=Role.METROPOLE_COORDINATOR)
    ccas = OrganisationFactory(network=network, kind=Organisation.Kind.CCAS)
    programmes = [ProgrammeFactory(network=network, carrier=ccas)] + [
        ProgrammeFactory(network=network) for _ in range(4)
    ]
    programme_coordinator = UserFactory()
    MembershipFactory(user=programme_coordinator, organisation=ccas, role=Role.PROGRAMME_COORDINATOR)
    CareRate.objects.create(
        network=network, valid_from=datetime.date(2017, 1, 1), unit="session", amount=50, is_assumption=True
    )
    return network, coordinator, programme_coordinator, programmes


YOUTH = [551, 120, 98, 84, 60]


def by_youth(programmes):
    return dict(zip(programmes, YOUTH, strict=True))


@pytest.mark.django_db
def test_the_2017_line_becomes_hours_per_territory_that_add_up():
    network, coordinator, _, programmes = make_world()
    budget = allocate_hours(coordinator, network, 2017, Decimal("13200"), by_youth(programmes), HALF_HOUR)
    assert budget.total_hours == Decimal("264")
    hours = list(budget.allocations.values_list("hours", flat=True))
    assert sum(hours) == Decimal("264") and len(hours) == 5
    with pytest.raises(ValidationError, match="déjà réparties"):
        allocate_hours(coordinator, network, 2017, Decimal("13200"), by_youth(programmes))


@pytest.mark.django_db
def test_only_the_metropole_coordination_allocates_and_moves_hours():
    network, coordinator, programme_coordinator, programmes = make_world()
    with pytest.raises(ValidationError, match="coordination métropolitaine"):
        allocate_hours(programme_coordinator, network, 2017, 1000, by_youth(programmes))
    assert not HourBudget.objects.exists()
    budget = allocate_hours(coordinator, network, 2017, 1000, by_youth(programmes))
    a, b = budget.allocations.all()[:2]
    with pytest.raises(ValidationError, match="coordination métropolitaine"):
        transfer_hours(programme_coordinator, a, b, 1, "besoin")
    # The programme sees its own allocation only, and changes none.
    own = scoped(programme_coordinator, HourAllocation)
    assert list(own.values_list("programme", flat=True)) == [programmes[0].pk]
    assert not scoped(programme_coordinator, HourAllocation, CHANGE).exists()
    assert scoped(coordinator, HourAllocation).count() == 5
    assert not scoped(UserFactory(), HourAllocation).exists()


@pytest.mark.django_db
def test_no_rate_or_no_reason_is_refused_and_nothing_is_saved():
    network, coordinator, _, programmes = make_world()
    with pytest.raises(ValidationError, match="aucun tarif n'est en vigueur au 1er janvier 2016"):
        allocate_hours(coordinator, network, 2016, 1000, by_youth(programmes))
    budget = allocate_hours(coordinator, network, 2017, 1000, by_youth(programmes))
    a, b = budget.allocations.all()[:2]
    with pytest.raises(ValidationError, match="Motif"):
        transfer_hours(coordinator, a, b, 1, "  ")
    with pytest.raises(ValidationError, match="n'a que"):
        transfer_hours(coordinator, a, b, a.hours + 1, "besoin")
    with pytest.raises(ValidationError, match="ne peut en perdre"):
        adjust_hours(coordinator, a, -(a.hours + 1), "erreur")
    assert not HourMovement.objects.exists()
    assert sum(budget.allocations.values_list("hours", flat=True)) == budget.total_hours


@pytest.mark.django_db
def test_movements_keep_their_reason_and_history():
    network, coordinator, _, programmes = make_world()
    budget = allocate_hours(coordinator, network, 2017, 13200, by_youth(programmes))
    a, b = budget.allocations.order_by("programme_id")[:2]
    transfer_hours(coordinator, a, b, 3, "liste d'attente à Chenôve")
    adjust_hours(coordinator, b, 2, "avenant")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.hours == a.initial_hours - 3 and b.hours == b.initial_hours + 5
    history = list(budget.movements.order_by("approved_at", "id").values_list("kind", "hours", "reason", "approved_by"))
    assert history == [
        ("transfer", Decimal("3"), "liste d'attente à Chenôve", coordinator.pk),
        ("adjustment", Decimal("2"), "avenant", coordinator.pk),
    ]


class TransfersKeepTheTotal(TestCase):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(moves=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(1, 80)), max_size=6))
    def test_stored_transfers_keep_the_total(self, moves):
        network, coordinator, _, programmes = make_world()
        budget = allocate_hours(coordinator, network, 2017, 13200, by_youth(programmes))
        allocations = list(budget.allocations.order_by("programme_id"))
        for source, target, amount in moves:
            with contextlib.suppress(ValidationError):  # refusals are checked elsewhere
                transfer_hours(coordinator, allocations[source], allocations[target], amount, "test")
            total = sum(budget.allocations.values_list("hours", flat=True))
            assert total == budget.total_hours
            assert min(budget.allocations.values_list("hours", flat=True)) >= 0
