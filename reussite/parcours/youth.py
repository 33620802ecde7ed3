"""Youth identified, computed from the parcours: per programme and year, the children with a
parcours active during that year (a period entered on or before 31 December and not left before
1 January), for the years the platform covers (from the year of the programme's first referral
recorded here to the current year). Earlier years stay as recorded aggregates (territory).

Territory (a lower layer) shows these beside or instead of the recorded counts through its
registry (``territory.computed_youth``), filled in ``ParcoursConfig.ready``.
"""

import datetime

from django.db.models import Count, Min, Q

from .models import ParcoursPeriod, Referral


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def covered_years(first_referral: datetime.date | None, today: datetime.date) -> list[int]:
    """Pure: the years a programme's parcours are recorded in the platform."""
    if first_referral is None or first_referral > today:
        return []
    return list(range(first_referral.year, today.year + 1))


def active_during(year: int) -> Q:
    first, last = year_bounds(year)
    return Q(entered_on__lte=last) & (Q(exited_on__isnull=True) | Q(exited_on__gte=first))


def computed_youth_counts(network_ids, today: datetime.date) -> list[tuple[int, int, int, int]]:
    """(network, programme, year, count) for every programme of ``network_ids`` and covered year,
    zeros included in the years the network kept parcours in. Two queries whatever the number of
    years: the coverage, then one aggregate with a conditional count per covered year (a query per
    year grew with the platform's age)."""
    firsts = (
        Referral.objects.filter(child__programme__network_id__in=list(network_ids))
        .order_by()
        .values("child__programme_id", "child__programme__network_id")
        .annotate(first=Min("date"))
    )
    coverage = {
        row["child__programme_id"]: (row["child__programme__network_id"], covered_years(row["first"], today))
        for row in firsts
    }
    years = sorted({year for _network, covered in coverage.values() for year in covered})
    if not years:
        return []
    rows = (
        ParcoursPeriod.objects.filter(programme_id__in=list(coverage), entered_on__lte=year_bounds(years[-1])[1])
        .order_by()
        .values("programme_id")
        .annotate(**{f"y{year}": Count("child_id", distinct=True, filter=active_during(year)) for year in years})
    )
    counts = {(row["programme_id"], year): row[f"y{year}"] for row in rows for year in years}
    # A year in which none of a network's programmes had a parcours was not kept on the platform (a
    # network that used it in 2015–2017, then again from 2024): no computed count, rather than zeros.
    # Within a year the network kept, a programme's zero is a figure (and flags a recorded count).
    kept = {(coverage[programme][0], year) for (programme, year), n in counts.items() if n}
    return sorted(
        (network, programme, year, counts.get((programme, year), 0))
        for programme, (network, covered) in coverage.items()
        for year in covered
        if (network, year) in kept
    )


def computed_quartier_counts(programme_id: int, years) -> list[tuple[int, int | None, str, str, int]]:
    """(year, quartier or None, its name, its code, count) of one programme for ``years``: the
    children with a parcours active during the year, by the quartier of their household (None: not
    resolved). ONE aggregate query, a conditional count per year; only non-zero counts."""
    years = sorted(set(years))
    if not years:
        return []
    quartier = "child__household__quartier"
    rows = (
        ParcoursPeriod.objects.filter(programme_id=programme_id, entered_on__lte=year_bounds(years[-1])[1])
        .order_by()
        .values(f"{quartier}_id", f"{quartier}__name", f"{quartier}__code")
        .annotate(**{f"y{year}": Count("child_id", distinct=True, filter=active_during(year)) for year in years})
    )
    result = [
        (year, row[f"{quartier}_id"], row[f"{quartier}__name"] or "", row[f"{quartier}__code"] or "", row[f"y{year}"])
        for row in rows
        for year in years
        if row[f"y{year}"]
    ]
    return sorted(result, key=lambda r: (r[0], r[1] is None, r[2], r[1] or 0))
