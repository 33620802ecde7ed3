"""Youth-count table as a given user may see it (pages, home card and API share it)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from reussite.core.numbers import Withheld
from reussite.core.scoping import get_scope, scoped

from .computed_youth import computed_counts, computed_quartier_counts, merge_counts
from .models import PrintedEvolution, Programme, YouthCount
from .scoping import programme_ids
from .youth import (
    CountKey,
    Printed,
    QuartierYear,
    YouthTable,
    build_youth_table,
    quartier_breakdown,
    withhold_small_counts,
)


@dataclass(frozen=True)
class YouthCounts:
    counts: list[tuple[int, int | None, int, int]]  # recorded, and computed where nothing was recorded
    withheld: dict[CountKey, Withheld]
    computed_keys: set[CountKey]  # counts of ``counts`` computed from the parcours
    beside: dict[CountKey, int]  # computed counts shown beside a recorded one (those one may read)
    covered: set[CountKey]  # every computed count (the years the parcours cover)
    owned: frozenset[int]  # the viewer's own programmes (never suppressed)

    def computed_readable(self, key: CountKey) -> bool:
        """Whether the viewer may read the computed count of ``key`` (in the table or beside)."""
        if key in self.computed_keys:
            return key not in self.withheld
        return key in self.beside


def _youth_counts(user) -> YouthCounts:
    """Every youth count ``user`` sees and those withheld; once per request."""
    scope = get_scope(user)
    cached = getattr(user, "_reussite_youth_counts", None)
    if cached is not None and cached[0] is scope:
        return cached[1]
    recorded = scoped(user, YouthCount).values_list("network_id", "programme_id", "year", "count")
    computed = computed_counts(scope.network_ids, timezone.localdate())
    counts, beside, computed_keys = merge_counts(recorded, computed)
    threshold = settings.REUSSITE_SMALL_CELL_THRESHOLD
    owned = programme_ids(scope)
    withheld = withhold_small_counts(counts, owned, threshold)
    # Computed counts beside recorded ones go through the same suppression (their own groups).
    beside_withheld = withhold_small_counts(beside, owned, threshold)
    shown_beside = {(n, p, y): c for n, p, y, c in beside if (n, p, y) not in beside_withheld}
    covered = {(n, p, y) for n, p, y, _c in computed}
    result = YouthCounts(counts, withheld, computed_keys, shown_beside, covered, frozenset(owned))
    user._reussite_youth_counts = (scope, result)
    return result


def _counts_and_withheld(user) -> tuple[list[tuple[int, int | None, int, int]], dict[CountKey, Withheld]]:
    result = _youth_counts(user)
    return result.counts, result.withheld


def youth_withheld_for(user) -> dict[CountKey, Withheld]:
    """The youth counts ``user`` may not read, keyed (network, programme or None, year), with their
    mark ("< 5" or "secret"): every view showing a count (table, programme page, API, change
    history) asks this, never the threshold."""
    return _counts_and_withheld(user)[1]


def youth_table_for(user) -> tuple[YouthTable, list[Programme], dict[CountKey, Withheld]]:
    """The table, the programmes in its rows, and the counts withheld (shown as their mark)."""
    programmes = list(scoped(user, Programme).select_related("commune").order_by("commune__name"))
    all_counts, withheld = _counts_and_withheld(user)
    counts = [
        (programme_id, year, count)
        for network_id, programme_id, year, count in all_counts
        if (network_id, programme_id, year) not in withheld
    ]
    printed = [
        Printed(p.programme_id, p.from_year, p.to_year, p.percent, p.printed_text, p.source.title, p.change)
        for p in scoped(user, PrintedEvolution).select_related("source")
    ]
    # The withheld counts go to the printed checks only, which show nothing of them.
    hidden = {
        (programme_id, year): count
        for network_id, programme_id, year, count in all_counts
        if (network_id, programme_id, year) in withheld
    }
    table = build_youth_table([(p.pk, p.commune.name) for p in programmes], counts, printed, hidden)
    youth = _youth_counts(user)
    computed = {(p, y) for _n, p, y in youth.computed_keys}
    beside = {(p, y): c for (_n, p, y), c in youth.beside.items()}
    for row in table.rows:
        for year, cell in row.cells.items():
            cell.is_computed = (row.programme_id, year) in computed
            cell.computed = beside.get((row.programme_id, year))
    return table, programmes, withheld


def programme_youth_counts(user, programme) -> list[tuple[int, int | str, str]]:
    """(year, count or its mark, note) of one programme, as in the network's table: recorded counts,
    computed ones where nothing was recorded (« calculé »), the computed one beside a recorded one
    when they differ."""
    youth = _youth_counts(user)
    result = []
    for network_id, programme_id, year, count in sorted(youth.counts, key=lambda c: c[2]):
        if programme_id != programme.pk:
            continue
        key = (network_id, programme_id, year)
        mark = youth.withheld.get(key)
        note = "calculé" if key in youth.computed_keys else ""
        beside = youth.beside.get(key)
        if mark is None and beside is not None and beside != count:
            note = f"calculé : {beside} (écart {beside - count:+d})"
        result.append((year, count if mark is None else str(mark), note))
    return result


def programme_quartier_youth(user, programme) -> list[QuartierYear]:
    """Youth in parcours per quartier of one programme, per year the parcours cover, as ``user``
    may see it (see :func:`reussite.territory.youth.quartier_breakdown`)."""
    youth = _youth_counts(user)
    keys = [key for key in youth.covered if key[1] == programme.pk]
    years = sorted(year for _n, _p, year in keys)
    return quartier_breakdown(
        computed_quartier_counts(programme.pk, years),
        years,
        owned=programme.pk in youth.owned,
        readable_years={key[2] for key in keys if youth.computed_readable(key)},
        threshold=settings.REUSSITE_SMALL_CELL_THRESHOLD,
    )
