from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reussite.core.formatting import format_decimal, format_eur, format_percent
from reussite.core.numbers import Verdict, check_printed, evolution_percent, implied_previous, suppress_small


def test_evolution_of_the_2017_convention_total():
    # 812 young people identified in 2015, 913 in 2016: +12.44 %, not the +18 % printed.
    assert evolution_percent(812, 913).quantize(Decimal("0.01")) == Decimal("12.44")
    assert check_printed(Decimal("18"), evolution_percent(812, 913)).verdict == Verdict.DIFFERS


def test_printed_figure_holds_at_its_own_precision():
    assert check_printed(Decimal("16"), Decimal("16.4")).verdict == Verdict.HOLDS
    assert check_printed(Decimal("16"), Decimal("15.5")).verdict == Verdict.HOLDS  # half-up
    assert check_printed(Decimal("16"), Decimal("15.49")).verdict == Verdict.DIFFERS
    assert check_printed(Decimal("5.5"), Decimal("5.46")).verdict == Verdict.HOLDS
    assert check_printed(Decimal("5.5"), Decimal("5.44")).verdict == Verdict.DIFFERS
    assert check_printed(Decimal("-50"), Decimal("-50.2")).verdict == Verdict.HOLDS


def test_unknown_previous_count_cannot_be_checked():
    assert evolution_percent(None, 113) is None
    assert evolution_percent(0, 113) is None
    assert check_printed(Decimal("16"), None).verdict == Verdict.UNVERIFIABLE


def test_implied_previous_count():
    assert implied_previous(42, Decimal("-50")) == Decimal(84)
    assert implied_previous(113, Decimal("16")).quantize(Decimal("0.01")) == Decimal("97.41")


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_evolution_then_implied_previous_round_trips(previous, current):
    evolution = evolution_percent(previous, current)
    if current == 0:
        return
    implied = implied_previous(current, evolution)
    assert abs(implied - previous) < Decimal("1e-15") * previous


def test_small_cell_suppression():
    assert suppress_small(3, 5) == "< 5"
    assert suppress_small(5, 5) == 5
    assert suppress_small(0, 5) == 0
    assert suppress_small(None, 5) is None


def test_french_formatting():
    assert format_decimal(Decimal("17500")) == "17\u202f500"
    assert format_eur(Decimal("1224")) == "1\u202f224,00\u00a0€"
    assert format_percent(Decimal("12.4384"), 1, signed=True) == "+12,4\u00a0%"
    assert format_percent(Decimal("-50"), 0) == "-50\u00a0%"


def test_long_french_dates_as_acts_print_them():
    import datetime

    from reussite.core.formatting import format_long_date

    assert format_long_date(datetime.date(2024, 10, 2)) == "2 octobre 2024"
    assert format_long_date(datetime.date(2017, 7, 1)) == "1er juillet 2017"
    assert format_long_date(None) == ""
