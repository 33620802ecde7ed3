"""Youth-count table as a given user may see it (pages, home card and API share it)."""

from django.conf import settings

from reussite.core.scoping import get_scope, scoped

from .models import PrintedEvolution, Programme, YouthCount
from .scoping import programme_ids
from .youth import Printed, YouthTable, build_youth_table, withhold_small_counts


def youth_table_for(user) -> tuple[YouthTable, list[Programme], set[tuple[int, int]]]:
    """The table, the programmes in its rows, and the (programme, year) cells withheld as "< N"."""
    programmes = list(scoped(user, Programme).select_related("commune").order_by("commune__name"))
    counts = list(scoped(user, YouthCount).values_list("programme_id", "year", "count"))
    counts, withheld = withhold_small_counts(
        counts, programme_ids(get_scope(user)), settings.REUSSITE_SMALL_CELL_THRESHOLD
    )
    printed = [
        Printed(p.programme_id, p.from_year, p.to_year, p.percent, p.printed_text, p.source.title)
        for p in scoped(user, PrintedEvolution).select_related("source")
    ]
    table = build_youth_table([(p.pk, p.commune.name) for p in programmes], counts, printed)
    return table, programmes, withheld
