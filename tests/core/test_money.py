from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reussite.core.money import (
    AllocationError,
    allocate_largest_remainder,
    exact_percent,
    exact_share,
    percent,
    round_cent,
    round_euro,
    round_half_up,
)

UNITS = st.sampled_from([Decimal("1"), Decimal("0.01"), Decimal("10")])
WEIGHTS = st.lists(
    st.one_of(st.integers(min_value=0, max_value=10_000), st.decimals(min_value=0, max_value=1000, places=2)),
    min_size=1,
    max_size=12,
).filter(lambda ws: sum(ws) > 0)


@st.composite
def splits(draw):
    unit = draw(UNITS)
    units = draw(st.integers(min_value=0, max_value=10_000_000))
    weights = draw(WEIGHTS)
    return units * unit, weights, unit


@settings(deadline=None)
@given(splits())
def test_parts_add_up_exactly_and_are_multiples_of_the_unit(case):
    total, weights, unit = case
    parts = allocate_largest_remainder(total, weights, unit)
    assert sum(parts) == total
    assert all(part % unit == 0 for part in parts)
    assert len(parts) == len(weights)


@settings(deadline=None)
@given(splits())
def test_each_part_is_within_one_unit_of_its_exact_share(case):
    total, weights, unit = case
    parts = allocate_largest_remainder(total, weights, unit)
    for i, part in enumerate(parts):
        exact = exact_share(total, weights, i)
        assert abs(Fraction(part) - exact) < Fraction(unit)
        # floor or floor + 1 unit, never further
        assert Fraction(part) >= exact - Fraction(unit) and Fraction(part) <= exact + Fraction(unit)


@settings(deadline=None)
@given(splits())
def test_a_larger_remainder_is_never_passed_over(case):
    """The leftover units go to the largest remainders: a party left at its floor never has a larger
    remainder than a party that got a leftover unit."""
    total, weights, unit = case
    parts = allocate_largest_remainder(total, weights, unit)
    floors, remainders, extra = [], [], []
    for i, part in enumerate(parts):
        exact_units = exact_share(total, weights, i) / Fraction(unit)
        floor = exact_units.numerator // exact_units.denominator
        floors.append(floor)
        remainders.append(exact_units - floor)
        extra.append(Fraction(part) / Fraction(unit) - floor)
    assert set(extra) <= {0, 1}
    lowest_served = min((r for r, e in zip(remainders, extra, strict=True) if e == 1), default=None)
    highest_left = max((r for r, e in zip(remainders, extra, strict=True) if e == 0), default=None)
    if lowest_served is not None and highest_left is not None:
        assert highest_left <= lowest_served


@settings(deadline=None)
@given(splits())
def test_zero_weights_get_nothing(case):
    total, weights, unit = case
    parts = allocate_largest_remainder(total, [*weights, 0, Decimal(0)], unit)
    assert parts[-2:] == [0, 0]
    assert sum(parts) == total


@settings(deadline=None)
@given(splits())
def test_deterministic(case):
    total, weights, unit = case
    assert allocate_largest_remainder(total, weights, unit) == allocate_largest_remainder(total, weights, unit)


@settings(deadline=None)
@given(splits(), st.randoms(use_true_random=False))
def test_independent_of_input_order_with_keys(case, random):
    total, weights, unit = case
    keys = [f"partie {i:02d}" for i in range(len(weights))]
    by_key = dict(zip(keys, allocate_largest_remainder(total, weights, unit, keys=keys), strict=True))
    order = list(range(len(weights)))
    random.shuffle(order)
    shuffled_keys = [keys[i] for i in order]
    shuffled = allocate_largest_remainder(total, [weights[i] for i in order], unit, keys=shuffled_keys)
    assert dict(zip(shuffled_keys, shuffled, strict=True)) == by_key


def test_tie_break_larger_weight_then_key():
    # 1 € among equal weights: the smaller key wins.
    assert allocate_largest_remainder(Decimal(1), [1, 1, 1], keys=["Talant", "Chenôve", "Longvic"]) == [0, 1, 0]
    # 2 € among 1/3 each: remainders equal (2/3), the smaller keys get the units.
    assert allocate_largest_remainder(Decimal(2), [1, 1, 1], keys=["b", "a", "c"]) == [1, 1, 0]
    # equal remainders (1/2) and different weights: the larger weight first.
    # 5 € among 1, 1, 2 → exact 1.25, 1.25, 2.5: the weight-2 party gets the unit.
    assert allocate_largest_remainder(Decimal(5), [1, 1, 2], keys=["a", "b", "c"]) == [1, 1, 3]
    # without keys, the input position breaks the tie
    assert allocate_largest_remainder(Decimal(1), [1, 1]) == [1, 0]


def test_the_2017_split_pro_rata_of_percentages_would_not_give_the_printed_amounts():
    # 7 500 € at 16/63/10/4/5 % (98 %) renormalised: not the amounts printed in the convention.
    parts = allocate_largest_remainder(Decimal(7500), [16, 63, 10, 4, 5], keys=["C", "D", "L", "Q", "T"])
    assert sum(parts) == 7500
    assert parts != [1224, 4738, 792, 330, 416]


def test_cent_unit():
    assert allocate_largest_remainder(Decimal("100.00"), [1, 1, 1], Decimal("0.01")) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_total_not_a_multiple_of_the_unit_is_refused():
    with pytest.raises(AllocationError, match="n'est pas un multiple de l'unité"):
        allocate_largest_remainder(Decimal("100.50"), [1, 2], Decimal("1"))


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (Decimal(10), [0, 0], "tous les poids sont nuls"),
        (Decimal(10), [1, -1], "négatif"),
        (Decimal(-10), [1, 1], "négatif"),
        (Decimal(10), [], "aucune partie"),
    ],
)
def test_bad_input_is_refused_with_a_french_message(total, weights, message):
    with pytest.raises(AllocationError, match=message):
        allocate_largest_remainder(total, weights)


def test_zero_total_with_zero_weights_gives_zeros():
    assert allocate_largest_remainder(Decimal(0), [0, 0]) == [0, 0]


def test_duplicate_keys_are_refused():
    with pytest.raises(AllocationError, match="distinctes"):
        allocate_largest_remainder(Decimal(10), [1, 1], keys=["a", "a"])


def test_floats_are_refused():
    with pytest.raises(TypeError):
        allocate_largest_remainder(10.0, [1, 1])
    with pytest.raises(TypeError):
        allocate_largest_remainder(Decimal(10), [0.5, 0.5])
    with pytest.raises(TypeError):
        round_cent(1.005)


def test_rounding_half_up():
    assert round_cent(Decimal("2.345")) == Decimal("2.35")
    assert round_cent(Decimal("-2.345")) == Decimal("-2.35")
    assert round_euro(Decimal("2.5")) == Decimal("3")
    assert round_euro(Decimal("2.49")) == Decimal("2")
    assert round_half_up(Decimal("1235"), Decimal("10")) == Decimal("1240")
    assert round_half_up(Decimal("0.125"), Decimal("0.01")) == Decimal("0.13")


@settings(deadline=None)
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4))
def test_round_cent_is_within_half_a_cent(value):
    rounded = round_cent(value)
    assert abs(rounded - value) <= Decimal("0.005")
    assert rounded == rounded.quantize(Decimal("0.01"))


def test_percentages_are_exact():
    assert percent(1224, 7500) == Decimal("16.32")
    assert percent(416, 7500, places=2) == Decimal("5.55")
    assert exact_percent(1, 3) == Fraction(100, 3)
    assert percent(1, 0) is None
    assert percent(None, 10) is None
