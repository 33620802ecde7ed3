from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reussite.care.hours import HALF_HOUR, HOUR, hours_for_budget, split_hours, transfer
from reussite.core.money import AllocationError


def test_the_2017_line_becomes_hours_rounded_down():
    # 13 200 € at 50 € an hour: 264 hours; at 45 € a 45-minute session (60 € an hour): 220 hours.
    assert hours_for_budget(Decimal("13200"), Decimal("50")) == Decimal("264")
    assert hours_for_budget(Decimal("13200"), Decimal("60")) == Decimal("220")
    # 1 000 € at 60 €: 16.66 h → 16 h by the hour, 16.5 h by the half hour; never over budget.
    assert hours_for_budget(Decimal("1000"), Decimal("60"), HOUR) == Decimal("16")
    assert hours_for_budget(Decimal("1000"), Decimal("60"), HALF_HOUR) == Decimal("16.5")


def test_bad_input_is_refused_in_french():
    with pytest.raises(AllocationError, match="Tarif"):
        hours_for_budget(100, 0)
    with pytest.raises(AllocationError, match="Unité d'heures"):
        hours_for_budget(100, 50, Decimal("0.25"))
    with pytest.raises(AllocationError, match="Budget"):
        hours_for_budget(-1, 50)


def test_the_five_territories_share_the_hours_by_youth_identified():
    weights = [551, 120, 98, 84, 60]
    hours = split_hours(Decimal("264"), weights, HALF_HOUR, keys=["a", "b", "c", "d", "e"])
    assert sum(hours) == Decimal("264")
    assert all(h % HALF_HOUR == 0 for h in hours)
    assert hours[0] == max(hours)


budgets = st.decimals(min_value=0, max_value=200000, places=2)
rates = st.decimals(min_value=Decimal("10"), max_value=Decimal("200"), places=2)
weights = st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=8).filter(any)
units = st.sampled_from([HOUR, HALF_HOUR])


@given(budget=budgets, rate=rates, weights=weights, unit=units)
def test_allocated_hours_add_up_exactly_and_stay_within_budget(budget, rate, weights, unit):
    total = hours_for_budget(budget, rate, unit)
    assert total * rate <= budget
    assert (total + unit) * rate > budget  # the largest number of units the budget pays
    hours = split_hours(total, weights, unit)
    assert sum(hours) == total
    assert all(h >= 0 and h % unit == 0 for h in hours)


@given(
    hours=st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=6),
    moves=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(1, 100)), max_size=10),
)
def test_transfers_keep_the_total_and_never_go_below_zero(hours, moves):
    allocation = {i: Decimal(h) for i, h in enumerate(hours)}
    total = sum(allocation.values())
    for source, target, amount in moves:
        try:
            allocation = transfer(allocation, source, target, amount)
        except AllocationError:
            continue
        assert sum(allocation.values()) == total
        assert min(allocation.values()) >= 0


def test_a_transfer_beyond_the_source_is_refused_with_its_reason():
    with pytest.raises(AllocationError, match="n'a que 10 h"):
        transfer({"a": Decimal(10), "b": Decimal(0)}, "a", "b", 11)
    with pytest.raises(AllocationError, match="doivent différer"):
        transfer({"a": Decimal(10)}, "a", "a", 1)
