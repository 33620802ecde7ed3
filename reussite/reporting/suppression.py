"""Small-cell suppression of a table of counts: programmes × categories, with their totals (pure).

A breakdown (children by sex, by age band…) is a table: one row per programme, one column per
category, the programme's total at the end of its row and the network's count of each category at
the foot of its column. A reader sees the network figures and the programme pages, so a withheld cell
must not be found again from its row **or** from its column: each row and each column is one group of
:func:`reussite.core.numbers.suppress_small_cells` (the one function that decides), and the groups
are run again, each keeping what the others withheld, until nothing more is withheld (each pass only
adds marks, so it ends).

``owned``: the programmes the viewer works in; their rows are shown as they are (the viewer knows
them), and in the columns they count as known cells, so that « network − my programme » cannot give
another programme's small count away either.

``additive=False`` (referral reasons: a child may have several): the categories do not add up to a
total, so each cell is checked in its column only.
"""

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

from reussite.core.numbers import Withheld, suppress_small_cells

TOTAL = "__total__"


@dataclass(frozen=True)
class SuppressedTable:
    """What a viewer is shown: ``cells[programme][category]``, ``row_totals[programme]``,
    ``column_totals[category]`` and ``grand_total``; each an int, ``None`` (unknown) or a ``Withheld``."""

    cells: dict[Hashable, dict[Hashable, int | None | Withheld]]
    row_totals: dict[Hashable, int | None | Withheld]
    column_totals: dict[Hashable, int | None | Withheld]
    grand_total: int | None | Withheld


def suppress_table(
    counts: Mapping[Hashable, Mapping[Hashable, int]],
    categories: Collection[Hashable],
    *,
    row_totals: Mapping[Hashable, int] | None = None,
    owned: Collection[Hashable] = frozenset(),
    threshold: int,
    additive: bool = True,
) -> SuppressedTable:
    """Suppress ``counts[programme][category]`` for a viewer owning ``owned``.

    ``row_totals``: each programme's total (defaults to the sum of its row when ``additive``); the
    column totals and the grand total are the sums over programmes.
    """
    programmes = list(counts)
    categories = list(categories)
    table = {p: {c: int(counts[p].get(c, 0)) for c in categories} for p in programmes}
    if row_totals is None:
        row_totals = {p: sum(table[p].values()) for p in programmes}
    rows = {p: int(row_totals.get(p, 0)) for p in programmes}
    columns = {c: sum(table[p][c] for p in programmes) for c in categories}
    grand = sum(rows.values())
    owned = frozenset(owned) & frozenset(programmes)

    # Every cell of the extended table (totals included) and whether it is withheld.
    withheld: dict[tuple, Withheld] = {}

    def run(group: dict[tuple, int], total_key: tuple | None, total: int | None, owned_keys) -> bool:
        before = len(withheld)
        shown_total = None if total_key is None or total_key in withheld else total
        result = suppress_small_cells(
            group, shown_total, owned=owned_keys, threshold=threshold, withheld=[k for k in group if k in withheld]
        )
        for key, value in result.cells.items():
            if isinstance(value, Withheld) and key not in withheld:
                withheld[key] = mark(group[key])
        if total_key is not None and result.total_withheld and total_key not in withheld:
            withheld[total_key] = mark(total)
        return len(withheld) != before

    def mark(value: int) -> Withheld:
        # What the mark tells must hold in every group the cell belongs to: "< 5" for 1 to 4 (a
        # total withheld in one group may be a small cell of another), "secret" otherwise.
        return Withheld(threshold, primary=0 < value < threshold)

    changed = True
    while changed:
        changed = False
        for c in categories:  # columns: the programmes' counts of a category, the network's beside them
            group = {(p, c): table[p][c] for p in programmes}
            owned_keys = {(p, c) for p in owned}
            changed |= run(group, (TOTAL, c), columns[c], owned_keys)
        # the programmes' totals and the network's
        changed |= run({(p, TOTAL): rows[p] for p in programmes}, (TOTAL, TOTAL), grand, {(p, TOTAL) for p in owned})
        for p in programmes:  # rows: a programme's categories, its total beside them
            if p in owned:
                continue
            group = {(p, c): table[p][c] for c in categories}
            changed |= run(group, (p, TOTAL) if additive else None, rows[p] if additive else None, set())
        # the network's categories and its total
        group = {(TOTAL, c): columns[c] for c in categories}
        changed |= run(group, (TOTAL, TOTAL) if additive else None, grand if additive else None, set())

    def shown(key, value):
        return withheld.get(key, value)

    return SuppressedTable(
        cells={p: {c: shown((p, c), table[p][c]) for c in categories} for p in programmes},
        row_totals={p: shown((p, TOTAL), rows[p]) for p in programmes},
        column_totals={c: shown((TOTAL, c), columns[c]) for c in categories},
        grand_total=shown((TOTAL, TOTAL), grand),
    )


def unsuppressed_table(
    counts: Mapping[Hashable, Mapping[Hashable, int]],
    categories: Collection[Hashable],
    *,
    row_totals: Mapping[Hashable, int] | None = None,
) -> SuppressedTable:
    """The same table with nothing withheld (the owner of every row)."""
    return suppress_table(counts, categories, row_totals=row_totals, owned=set(counts), threshold=1)
