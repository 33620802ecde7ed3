"""Small-cell suppression: no withheld count can be read or derived from what a viewer is shown."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reussite.core.numbers import Withheld, suppress_small, suppress_small_cells

T = 5


def feasible_values(shown, total, key, threshold=T):
    """Every value the withheld cell ``key`` can take, for a reader who knows the shown cells, the
    total, and what the marks say ("< 5": 1 to 4; "secret": at least 5). Brute force over sums."""
    withheld = {k: v for k, v in shown.cells.items() if isinstance(v, Withheld)}
    remainder = total - sum(v for v in shown.cells.values() if v is not None and not isinstance(v, Withheld))

    def values(mark):
        return range(1, threshold) if mark.primary else range(threshold, max(remainder, threshold) + 1)

    others = {0}
    for other, mark in withheld.items():
        if other != key:
            others = {a + b for a in others for b in values(mark) if a + b <= remainder}
    return {v for v in values(withheld[key]) if remainder - v in others}


tables = st.dictionaries(
    st.sampled_from("abcdefg"),
    st.one_of(st.none(), st.integers(0, 12), st.integers(0, 60)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(cells=tables, owned=st.sets(st.sampled_from("abcdefg")), total_kind=st.sampled_from(["sum", "none", "off"]))
def test_no_withheld_cell_can_be_derived_from_the_total(cells, owned, total_kind):
    known = sum(v for v in cells.values() if v is not None)
    total = {"sum": known, "none": None, "off": known + 1}[total_kind]  # "off": a recorded total that differs
    shown = suppress_small_cells(cells, total, owned=owned, threshold=T)

    for key, count in cells.items():
        value = shown.cells[key]
        if key in owned or count is None or count == 0:
            assert value == count  # the viewer's own cells, unknown and zero cells are shown as they are
        elif count < T:
            assert value == Withheld(T, primary=True)  # every small cell of others is withheld
        else:
            assert value == count or value == Withheld(T, primary=False)
    if shown.withheld and not shown.total_withheld and total is not None:
        # Not only "total − shown cells" never equals one withheld cell: nothing pins one down.
        assert len(shown.withheld) >= 2
        for key in shown.withheld:
            assert len(feasible_values(shown, total, key)) >= 2, (cells, owned, total, shown)
    if not shown.withheld:
        assert shown.total == total  # nothing withheld: nothing more to hide


def test_the_single_withheld_cell_of_a_stored_total_is_protected():
    """50 − 48 = 2: a second cell (the smallest other) is withheld, as "secret"."""
    shown = suppress_small_cells({"Chenôve": 2, "Dijon": 30, "Longvic": 18}, 50, threshold=T)
    assert shown.cells == {"Chenôve": Withheld(T, True), "Dijon": 30, "Longvic": Withheld(T, False)}
    assert shown.total == 50
    assert [str(v) for v in shown.cells.values()] == ["< 5", "30", "secret"]


def test_the_total_is_withheld_when_no_other_cell_can_be():
    # The viewer owns Dijon: it knows 48, so withholding it would not help.
    shown = suppress_small_cells({"Chenôve": 2, "Dijon": 48}, 50, owned={"Dijon"}, threshold=T)
    assert shown.cells == {"Chenôve": Withheld(T, True), "Dijon": 48}
    assert shown.total_withheld and str(shown.total) == "secret"


def test_a_count_shown_alone_needs_only_primary_suppression():
    assert suppress_small_cells({"x": 3}, threshold=T).cells == {"x": Withheld(T, True)}
    assert [suppress_small(c, T) for c in (None, 0, 1, 4, 5)] == [None, 0, "< 5", "< 5", 5]
