"""Recurrence of a series and the bimonthly rhythm check (pure functions)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from reussite.coordination.recurrence import MonthlyRule, add_months, is_on_rule, occurrences, rhythm_gaps

D = datetime.date
rules = st.builds(
    MonthlyRule,
    interval_months=st.integers(1, 12),
    weekday=st.integers(0, 6),
    week_of_month=st.sampled_from([1, 2, 3, 4, -1]),
)
starts = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@given(rules, starts, st.integers(0, 900))
def test_every_date_is_on_the_rule_and_none_is_missed(rule, first, length):
    last = first + datetime.timedelta(days=length)
    generated = occurrences(rule, first, last)
    assert generated == sorted(set(generated))
    assert all(first <= day <= last and is_on_rule(rule, first, day) for day in generated)
    # Brute force over every day of the period (this crosses year ends for long periods).
    expected = [
        day for day in (first + datetime.timedelta(days=n) for n in range(length + 1)) if is_on_rule(rule, first, day)
    ]
    assert generated == expected


@given(rules, starts)
def test_one_date_per_period_of_interval_months(rule, first):
    """Over a year, a rule that exists every month gives one date every ``interval`` months."""
    last = add_months(first, 24)
    generated = occurrences(rule, first, last)
    months = [(d.year * 12 + d.month) for d in generated]
    assert all(b - a == rule.interval_months for a, b in zip(months, months[1:], strict=False))


def test_second_tuesday_every_two_months_across_a_year_end():
    rule = MonthlyRule(interval_months=2, weekday=1, week_of_month=2)
    assert occurrences(rule, D(2017, 11, 1), D(2018, 5, 31)) == [
        D(2017, 11, 14),
        D(2018, 1, 9),
        D(2018, 3, 13),
        D(2018, 5, 8),
    ]


def test_last_friday():
    assert occurrences(MonthlyRule(1, 4, -1), D(2024, 1, 1), D(2024, 3, 31)) == [
        D(2024, 1, 26),
        D(2024, 2, 23),
        D(2024, 3, 29),
    ]


def test_rhythm_gaps():
    today = D(2017, 12, 1)
    assert rhythm_gaps([D(2017, 1, 10), D(2017, 3, 10), D(2017, 5, 9)], D(2017, 6, 1)) == []
    gaps = rhythm_gaps([D(2017, 1, 10), D(2017, 3, 10), D(2017, 6, 13)], today)
    assert [(g.after, g.before) for g in gaps] == [(D(2017, 3, 10), D(2017, 6, 13)), (D(2017, 6, 13), None)]


@given(rules.filter(lambda r: r.interval_months <= 2), starts)
def test_a_generated_bimonthly_series_is_never_flagged(rule, first):
    dates = occurrences(rule, first, add_months(first, 36))
    assert dates
    assert rhythm_gaps(dates, dates[-1]) == []
