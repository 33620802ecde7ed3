"""Small-cell suppression of a programmes × categories table: no withheld cell can be derived from
its row or its column, owned rows are shown as they are, nothing shown is false."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reussite.core.numbers import Withheld
from reussite.reporting.suppression import suppress_table, unsuppressed_table

T = 5


def derivable(line: dict, total) -> set:
    """Cells of one line (a row or a column with its total) a reader pins down from what is shown:
    the total minus the cells shown, knowing "< 5" is 1 to 4 and "secret" at least 5."""
    if isinstance(total, Withheld) or total is None:
        return set()
    hidden = {k: v for k, v in line.items() if isinstance(v, Withheld)}
    if not hidden:
        return set()
    rest = total - sum(v for v in line.values() if not isinstance(v, Withheld) and v is not None)
    bounds = {k: (1, T - 1) if v.primary else (T, None) for k, v in hidden.items()}
    found = set()
    for key, (low, high) in bounds.items():
        others = [b for other, b in bounds.items() if other != key]
        others_low = sum(b[0] for b in others)
        others_high = None if any(b[1] is None for b in others) else sum(b[1] for b in others)
        least = low if others_high is None else max(low, rest - others_high)
        most = rest - others_low if high is None else min(high, rest - others_low)
        if least >= most:
            found.add(key)
    return found


tables = st.integers(2, 4).flatmap(
    lambda programmes: st.integers(2, 4).flatmap(
        lambda categories: st.tuples(
            st.lists(
                st.lists(st.integers(0, 12), min_size=categories, max_size=categories),
                min_size=programmes,
                max_size=programmes,
            ),
            st.sets(st.integers(0, programmes - 1), max_size=programmes - 1),
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_withheld_cell_can_be_derived(table_and_owned):
    rows, owned = table_and_owned
    counts = {p: dict(enumerate(values)) for p, values in enumerate(rows)}
    categories = list(range(len(rows[0])))
    shown = suppress_table(counts, categories, owned=owned, threshold=T)

    columns = {c: sum(counts[p][c] for p in counts) for c in categories}
    row_totals = {p: sum(counts[p].values()) for p in counts}
    # Nothing shown is false, owned rows are whole, no small count of others is shown.
    for p in counts:
        for c in categories:
            value = shown.cells[p][c]
            if p in owned:
                assert value == counts[p][c]
            elif not isinstance(value, Withheld):
                assert value == counts[p][c] and not 0 < value < T
        if p in owned:
            assert shown.row_totals[p] == row_totals[p]
    for c in categories:
        value = shown.column_totals[c]
        assert isinstance(value, Withheld) or (value == columns[c] and not 0 < value < T)
        # the network minus my programmes: never a small count of the others
        if not isinstance(value, Withheld):
            others = value - sum(counts[p][c] for p in owned)
            others_hidden = [p for p in counts if p not in owned and isinstance(shown.cells[p][c], Withheld)]
            if others_hidden:
                assert not derivable({p: shown.cells[p][c] for p in counts}, value)
            assert others == sum(counts[p][c] for p in counts if p not in owned)
    # No line gives a withheld cell away.
    for c in categories:
        assert not derivable({p: shown.cells[p][c] for p in counts}, shown.column_totals[c])
    for p in counts:
        assert not derivable({c: shown.cells[p][c] for c in categories}, shown.row_totals[p])
    assert not derivable(dict(shown.column_totals), shown.grand_total)
    assert not derivable(dict(shown.row_totals), shown.grand_total)


def test_network_minus_my_programme_does_not_give_the_other_away():
    # I own programme 1 (3 girls); the network has 5: the other programme's 2 would follow.
    shown = suppress_table({1: {"F": 3, "M": 9}, 2: {"F": 2, "M": 8}}, ["F", "M"], owned={1}, threshold=T)
    assert shown.cells[1] == {"F": 3, "M": 9}
    assert str(shown.cells[2]["F"]) == "< 5"
    assert isinstance(shown.column_totals["F"], Withheld)
    # and programme 2's total (10) would give its girls away through its boys: they are withheld too
    assert isinstance(shown.cells[2]["M"], Withheld) or isinstance(shown.row_totals[2], Withheld)


def test_owner_of_every_row_sees_everything():
    shown = unsuppressed_table({1: {"F": 1, "M": 2}}, ["F", "M"])
    assert shown.cells == {1: {"F": 1, "M": 2}} and shown.column_totals == {"F": 1, "M": 2} and shown.grand_total == 3


def test_non_additive_columns_only():
    # a child may have several reasons: no row total is implied
    shown = suppress_table(
        {1: {"a": 6, "b": 2}, 2: {"a": 7, "b": 9}}, ["a", "b"], row_totals={1: 6, 2: 9}, threshold=T, additive=False
    )
    assert str(shown.cells[1]["b"]) == "< 5"
    assert shown.cells[1]["a"] == 6
    assert isinstance(shown.column_totals["b"], Withheld) or isinstance(shown.cells[2]["b"], Withheld)
