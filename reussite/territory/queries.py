"""Youth-count table as a given user may see it (pages, home card and API share it)."""

from django.conf import settings

from reussite.core.numbers import Withheld
from reussite.core.scoping import get_scope, scoped

from .models import PrintedEvolution, Programme, YouthCount
from .scoping import programme_ids
from .youth import CountKey, Printed, YouthTable, build_youth_table, withhold_small_counts


def _counts_and_withheld(user) -> tuple[list[tuple[int, int | None, int, int]], dict[CountKey, Withheld]]:
    """Every youth count ``user`` sees (network, programme, year, count) and those withheld; once per
    request."""
    scope = get_scope(user)
    cached = getattr(user, "_reussite_youth_counts", None)
    if cached is not None and cached[0] is scope:
        return cached[1]
    counts = list(scoped(user, YouthCount).values_list("network_id", "programme_id", "year", "count"))
    withheld = withhold_small_counts(counts, programme_ids(scope), settings.REUSSITE_SMALL_CELL_THRESHOLD)
    user._reussite_youth_counts = (scope, (counts, withheld))
    return counts, withheld


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
        Printed(p.programme_id, p.from_year, p.to_year, p.percent, p.printed_text, p.source.title)
        for p in scoped(user, PrintedEvolution).select_related("source")
    ]
    table = build_youth_table([(p.pk, p.commune.name) for p in programmes], counts, printed)
    return table, programmes, withheld
