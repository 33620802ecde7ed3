"""Pure computations of the funding app (no database), with Hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reussite.core.numbers import Verdict
from reussite.funding import computations as comp

COUNTS = st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=8).filter(lambda c: sum(c) > 0)


@settings(deadline=None)
@given(COUNTS, st.integers(min_value=0, max_value=1_000_000), st.sampled_from([Decimal("1"), Decimal("0.01")]))
def test_pro_rata_split_adds_up_and_the_panel_agrees(counts, units, unit):
    total = units * unit
    shares = [comp.ShareInput(key=f"Partie {i}", count=c) for i, c in enumerate(counts)]
    amounts = comp.compute_split(comp.PRO_RATA, total, shares, unit)
    assert sum(amounts.values()) == total
    reversed_amounts = comp.compute_split(comp.PRO_RATA, total, list(reversed(shares)), unit)
    assert reversed_amounts == amounts
    panel = comp.build_panel(
        2025,
        total,
        [comp.LineInput("Coordination", total)],
        [comp.PanelShareInput(k, False, a) for k, a in amounts.items()],
        total,
    )
    assert panel.problems == []


def test_fixed_key_keeps_amounts_to_be_set():
    shares = [comp.ShareInput("A", fixed_amount=Decimal("4820")), comp.ShareInput("B")]
    assert comp.compute_split(comp.FIXED, None, shares, Decimal(1)) == {"A": Decimal("4820"), "B": None}


def test_percent_key_must_total_100():
    shares = [comp.ShareInput("A", percent=Decimal("16")), comp.ShareInput("B", percent=Decimal("82"))]
    with pytest.raises(comp.SplitError, match="98,00"):
        comp.compute_split(comp.PERCENT, Decimal("1000"), shares, Decimal(1))


def test_panel_says_what_is_missing_or_exceeding():
    panel = comp.build_panel(
        2025,
        Decimal("20000"),
        [comp.LineInput("Coordination", Decimal("19000"))],
        [comp.PanelShareInput("Métropole", True, Decimal("12500")), comp.PanelShareInput("A", False, Decimal("8000"))],
        Decimal("8000"),
    )
    checks = {c.label: c for c in panel.checks}
    assert checks["Les lignes font le coût"].verdict == Verdict.DIFFERS
    assert "écart -1\u202f000,00" in checks["Les lignes font le coût"].detail
    assert checks["Le financement couvre le coût"].verdict == Verdict.DIFFERS
    assert "il excède 500,00" in checks["Le financement couvre le coût"].detail


def test_execution_gaps_in_euros_and_percent():
    report = comp.build_execution(
        2017,
        [("Analyse de la pratique", Decimal("4300"), Decimal("3870")), ("Accompagnement", Decimal("13200"), None)],
        [("Chenôve", Decimal("1224"), Decimal("1224"))],
    )
    line = report.charges[0]
    assert (line.gap, line.gap_percent) == (Decimal("-430"), Decimal("-10"))
    assert report.charges[1].gap is None
    assert report.charges_total.actual is None and report.charges_total.planned == Decimal("17500")
    assert report.resources_total.gap == 0


def test_two_paying_parties_with_one_name_are_refused_whatever_the_key():
    from reussite.funding.computations import FIXED, ShareInput, SplitError, compute_split

    shares = [ShareInput(key="CCAS", fixed_amount=Decimal("100")), ShareInput(key="CCAS", fixed_amount=Decimal("50"))]
    with pytest.raises(SplitError, match="plusieurs parties portent le nom « CCAS »"):
        compute_split(FIXED, Decimal("150"), shares, Decimal("1"))
