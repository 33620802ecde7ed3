"""Printed percentages are checked like the split is made: by the largest remainder.

Fixture from a real public text: Banque des Territoires, « Les projets de réussite éducative
réussiront-ils à s'adapter à la nouvelle politique de la ville ? » (on the CGET national survey of
the 493 PRE active in June 2015): "13,5 millions de contributions non financières …, dont
9,3 millions d'euros provenant des communes (soit 69%)". Only the communes' percentage is printed.
"""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reussite.core.money import allocate_largest_remainder
from reussite.core.numbers import Verdict
from reussite.funding import computations as comp

D = Decimal


def _panel(amounts, printed, shared_total=None):
    shares = [
        comp.PanelShareInput(name, False, amount, printed_percent=printed.get(name)) for name, amount in amounts.items()
    ]
    total = shared_total if shared_total is not None else sum(amounts.values(), D(0))
    return comp.build_panel(2025, None, [], shares, total)


def _check(panel, label):
    return next(c for c in panel.checks if c.label == label)


def test_cget_2015_only_the_communes_percentage_is_printed():
    panel = _panel({"Communes": D("9300000"), "Autres contributeurs": D("4200000")}, {"Communes": D("69")})
    assert _check(panel, "Pourcentage imprimé — Communes").verdict == Verdict.HOLDS  # 68,89 % → 69 %
    total = _check(panel, "Total des pourcentages imprimés")
    assert total.verdict == Verdict.UNVERIFIABLE  # never "≠ 100 %" for the parties that print none
    assert "1 parties sur 2" in total.detail
    assert not panel.problems


def test_printed_percentages_of_some_parties_above_100_are_a_contradiction():
    panel = _panel({"A": D("50"), "B": D("50"), "C": D("0")}, {"A": D("60"), "B": D("50")})
    assert _check(panel, "Total des pourcentages imprimés").verdict == Verdict.DIFFERS


def test_a_percentage_rounded_to_make_100_is_not_flagged():
    """Three equal thirds printed 34 / 33 / 33 (the largest remainder, tie broken by the document):
    34 % is not the half-up rounding of 33,33 % but it is a correct largest-remainder rounding."""
    panel = _panel({"A": D("100"), "B": D("100"), "C": D("100")}, {"A": D("33"), "B": D("34"), "C": D("33")})
    assert not panel.problems
    assert _check(panel, "Pourcentage imprimé — B").verdict == Verdict.HOLDS
    assert "plus fort reste" in _check(panel, "Pourcentage imprimé — B").detail
    assert _check(panel, "Total des pourcentages imprimés").verdict == Verdict.HOLDS


def test_half_up_roundings_not_adding_to_100_are_no_contradiction():
    panel = _panel({"A": D("100"), "B": D("100"), "C": D("100")}, {"A": D("33"), "B": D("33"), "C": D("33")})
    total = _check(panel, "Total des pourcentages imprimés")
    assert total.verdict == Verdict.HOLDS
    assert "écart dû aux arrondis" in total.detail


def test_the_2017_convention_stays_flagged():
    """Seed convention 2017: Longvic 10 % and Talant 5 % are wrong both ways (11 % and 6 %)."""
    amounts = {"Chenôve": D(1224), "Dijon": D(4738), "Longvic": D(792), "Quetigny": D(330), "Talant": D(416)}
    printed = {"Chenôve": D(16), "Dijon": D(63), "Longvic": D(10), "Quetigny": D(4), "Talant": D(5)}
    panel = _panel(amounts, printed)
    assert {c.label for c in panel.problems} == {
        "Pourcentage imprimé — Longvic",
        "Pourcentage imprimé — Talant",
        "Total des pourcentages imprimés",
    }


def test_admissible_roundings_with_a_tie():
    # 1/3 each at whole percent: one of them gets 34, which one is the document's tie-break.
    assert comp.admissible_roundings([D(1), D(1), D(1)], 0) == [frozenset({D(33), D(34)})] * 3
    assert comp.admissible_roundings([D(1224), D(4738), D(792), D(330), D(416)], 0) == [
        frozenset({D(16)}),
        frozenset({D(63)}),
        frozenset({D(11)}),
        frozenset({D(4)}),
        frozenset({D(6)}),
    ]


@given(
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=8).filter(lambda a: sum(a) > 0),
    st.integers(min_value=0, max_value=2),
    st.randoms(use_true_random=False),
)
def test_the_largest_remainder_rounding_of_the_shares_is_never_flagged(amounts, places, rng):
    """Whatever the shares and the tie-break, their largest-remainder percentages pass every check."""
    names = [f"P{i}" for i in range(len(amounts))]
    weights = [D(a) for a in amounts]
    unit = D(1).scaleb(-places)
    keys = names[:]
    rng.shuffle(keys)  # any tie-break order the document may have used
    printed = allocate_largest_remainder(D(100), weights, unit, keys=keys)
    panel = _panel(dict(zip(names, weights, strict=True)), dict(zip(names, printed, strict=True)))
    assert not panel.problems, [c.detail for c in panel.problems]
