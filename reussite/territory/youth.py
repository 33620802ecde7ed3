"""The youth-count table: counts per programme and year, evolutions, and printed figures checked.

Pure functions over plain values; the view feeds them from the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from reussite.core.formatting import format_decimal
from reussite.core.numbers import (
    PrintedCheck,
    Verdict,
    Withheld,
    check_printed,
    evolution_percent,
    implied_base,
    suppress_small_cells,
)


@dataclass(frozen=True)
class Printed:
    """An evolution as printed: a percentage, an absolute change (number of youths), or both."""

    programme_id: int | None  # None: the network total
    from_year: int
    to_year: int
    percent: Decimal | None
    text: str
    source: str
    change: int | None = None


@dataclass
class Cell:
    count: int | None
    evolution: Decimal | None = None  # against the previous year, when both are known
    is_sum: bool = False  # network total computed as the sum of the programmes
    is_computed: bool = False  # computed from the parcours (nothing was recorded for that year)
    computed: int | None = None  # computed from the parcours, beside a recorded count

    @property
    def difference(self) -> int | None:
        """Computed minus recorded, when both are shown and differ."""
        if self.computed is None or not isinstance(self.count, int) or self.computed == self.count:
            return None
        return self.computed - self.count


@dataclass
class PrintedResult:
    printed: Printed
    check: PrintedCheck | None  # the printed percentage against the counts (None: no percentage)
    previous: int | None
    current: int | None
    implied_previous: Decimal | None  # the base the printed change or percentage implies
    explanation: str
    verdict: Verdict | None = None  # None when withheld
    computed_change: int | None = None
    # A count of the check is withheld from this viewer: the check is made, but neither its verdict
    # nor a figure is shown (with the printed change, either would give the count away).
    withheld: bool = False

    @property
    def computed_percent(self) -> Decimal | None:
        return self.check.computed if self.check is not None else None


@dataclass
class Row:
    programme_id: int | None
    label: str
    cells: dict[int, Cell]
    printed: list[PrintedResult] = field(default_factory=list)


@dataclass
class YouthTable:
    years: list[int]
    rows: list[Row]
    total: Row
    total_mismatches: dict[int, tuple[int, int]]  # year: (recorded total, sum of programmes)
    consistency_notes: list[str]

    @property
    def printed_results(self) -> list[PrintedResult]:
        return [p for row in [*self.rows, self.total] for p in row.printed]


def _with_evolutions(counts: dict[int, int | None], years: list[int], sums: set[int] = frozenset()) -> dict:
    cells = {}
    for year in years:
        count = counts.get(year)
        cells[year] = Cell(count, evolution_percent(counts.get(year - 1), count), is_sum=year in sums)
    return cells


def _verdict(printed: Printed, previous: int | None, current: int | None):
    """(verdict, percentage check, computed change, the parts that differ) of one printed evolution."""
    computed_change = current - previous if previous is not None and current is not None else None
    verdicts, differs = [], []
    check = None
    if printed.percent is not None:
        check = check_printed(printed.percent, evolution_percent(previous, current))
        verdicts.append(check.verdict)
        if check.verdict == Verdict.DIFFERS:
            differs.append("le pourcentage imprimé")
    if printed.change is not None:
        if computed_change is None:
            verdicts.append(Verdict.UNVERIFIABLE)
        elif computed_change == printed.change:
            verdicts.append(Verdict.HOLDS)
        else:
            verdicts.append(Verdict.DIFFERS)
            differs.append(f"la variation imprimée ({printed.change:+d})")
    if previous is None and current is not None and printed.percent is not None and printed.change is not None:
        # No base known: the printed percentage must at least match the change on the base it implies.
        implied = evolution_percent(current - printed.change, current) if current - printed.change > 0 else None
        if implied is not None and check_printed(printed.percent, implied).verdict == Verdict.DIFFERS:
            verdicts.append(Verdict.DIFFERS)
            differs.append("le pourcentage imprimé")
    if Verdict.DIFFERS in verdicts:
        verdict = Verdict.DIFFERS
    else:
        verdict = Verdict.UNVERIFIABLE if Verdict.UNVERIFIABLE in verdicts else Verdict.HOLDS
    return verdict, check, computed_change, differs


def _check(
    printed: Printed, counts: dict[int, int | None], label: str, hidden: dict[int, int] | None = None
) -> PrintedResult:
    """Check ``printed`` against ``counts`` (year: count shown to the viewer). ``hidden`` holds the
    counts withheld from the viewer (year: count): the check uses them, but shows nothing of it."""
    hidden = hidden or {}
    previous, current = counts.get(printed.from_year), counts.get(printed.to_year)
    if (previous is None and printed.from_year in hidden) or (current is None and printed.to_year in hidden):
        verdict, check, _change, _differs = _verdict(
            printed,
            previous if previous is not None else hidden.get(printed.from_year),
            current if current is not None else hidden.get(printed.to_year),
        )
        explanation = (
            f"Effectif masqué pour {label} (petit effectif) : la vérification est faite par la plateforme, "
            "son résultat n'est montré qu'à l'équipe du programme."
        )
        return PrintedResult(printed, None, None, None, None, explanation, verdict=None, withheld=True)
    verdict, check, computed_change, differs = _verdict(printed, previous, current)
    implied = None
    if current is not None:
        implied = implied_base(current, change=printed.change, percent=printed.percent)
    if verdict == Verdict.UNVERIFIABLE:
        missing = printed.from_year if previous is None else printed.to_year
        explanation = f"Effectif {missing} non enregistré pour {label} : l'évolution imprimée ne peut être vérifiée."
        if implied is not None:
            figure = format_decimal(implied, 0 if printed.change is not None else 1)
            explanation += f" Elle impliquerait un effectif {printed.from_year} de {figure}."
    elif verdict == Verdict.HOLDS:
        explanation = f"{previous} → {current} ({computed_change:+d}) : l'évolution imprimée se vérifie."
    elif previous is None:  # only the cross-check of a printed change and percentage can differ here
        explanation = (
            f"Effectif {printed.from_year} non enregistré pour {label} : le pourcentage imprimé ne concorde pas "
            f"avec la variation imprimée (base déduite {format_decimal(implied, 0)})."
        )
    else:
        what = " et ".join(differs) or "l'évolution imprimée"
        explanation = f"{previous} → {current} ({computed_change:+d}) : {what} ne correspond pas aux effectifs."
        if printed.change is not None and implied is not None:
            explanation += (
                f" La variation imprimée implique un effectif {printed.from_year} de {format_decimal(implied, 0)}."
            )
    return PrintedResult(printed, check, previous, current, implied, explanation, verdict, computed_change)


# A youth count's place in the tables: (network, programme or None for the network total, year).
CountKey = tuple[int, int | None, int]


def withhold_small_counts(
    counts: Iterable[tuple[int, int | None, int, int]], owned_programme_ids, threshold: int
) -> dict[CountKey, Withheld]:
    """The counts a viewer owning ``owned_programme_ids`` may not read, from ``counts`` (network,
    programme or None for the network total, year, count).

    Each network's year is one group (its programmes' counts and its recorded total) given to
    :func:`reussite.core.numbers.suppress_small_cells`: counts below the threshold of programmes
    the viewer does not work in are withheld, and so is another count or the total when the total
    would give one away. Callers withhold these before computing anything (totals, evolutions,
    printed checks), so nothing computed from the rest can give them away either."""
    groups: dict[tuple[int, int], tuple[dict[int, int], list[int]]] = {}
    for network_id, programme_id, year, count in counts:
        cells, total = groups.setdefault((network_id, year), ({}, []))
        if programme_id is None:
            total.append(count)
        else:
            cells[programme_id] = count
    withheld: dict[CountKey, Withheld] = {}
    for (network_id, year), (cells, total) in groups.items():
        shown = suppress_small_cells(
            cells, total[0] if total else None, owned=frozenset(owned_programme_ids), threshold=threshold
        )
        for programme_id in shown.withheld:
            withheld[(network_id, programme_id, year)] = shown.cells[programme_id]
        if shown.total_withheld:
            withheld[(network_id, None, year)] = shown.total
    return withheld


def build_youth_table(
    programmes: list[tuple[int, str]],
    counts: list[tuple[int | None, int, int]],
    printed: list[Printed],
    hidden: dict[tuple[int | None, int], int] | None = None,
) -> YouthTable:
    """Build the table from ``programmes`` (id, label), ``counts`` (programme id or None, year, count).

    ``hidden``: the counts withheld from the viewer, (programme id or None, year): count; they are
    in no cell, total or evolution, and printed checks that need them say so without a figure."""
    hidden_by_row: dict[int | None, dict[int, int]] = {}
    for (programme_id, year), count in (hidden or {}).items():
        hidden_by_row.setdefault(programme_id, {})[year] = count
    by_programme: dict[int, dict[int, int]] = {pid: {} for pid, _ in programmes}
    recorded_totals: dict[int, int] = {}
    for programme_id, year, count in counts:
        if programme_id is None:
            recorded_totals[year] = count
        elif programme_id in by_programme:
            by_programme[programme_id][year] = count
    years = sorted({year for _, year, _ in counts})

    totals: dict[int, int | None] = {}
    sums: set[int] = set()
    mismatches = {}
    for year in years:
        per_programme = [by_programme[pid].get(year) for pid, _ in programmes]
        complete = bool(programmes) and all(c is not None for c in per_programme)
        if complete:
            total = sum(per_programme)
            totals[year] = total
            sums.add(year)
            if year in recorded_totals and recorded_totals[year] != total:
                mismatches[year] = (recorded_totals[year], total)
        else:
            totals[year] = recorded_totals.get(year)

    printed_by_row: dict[int | None, list[Printed]] = {}
    for item in printed:
        printed_by_row.setdefault(item.programme_id, []).append(item)

    rows = []
    for pid, label in programmes:
        row = Row(pid, label, _with_evolutions(by_programme[pid], years))
        row.printed = [_check(p, by_programme[pid], label, hidden_by_row.get(pid)) for p in printed_by_row.get(pid, [])]
        rows.append(row)
    total_row = Row(None, "Total du réseau", _with_evolutions(totals, years, sums))
    total_row.printed = [_check(p, totals, "le réseau", hidden_by_row.get(None)) for p in printed_by_row.get(None, [])]

    notes = _implied_total_notes(rows, totals, recorded_totals)
    return YouthTable(years, rows, total_row, mismatches, notes)


def _implied_total_notes(rows: list[Row], totals: dict[int, int | None], recorded: dict[int, int]) -> list[str]:
    """The counts the per-programme printed evolutions imply must add up to the network total of
    the earlier year: checked against the known total while the programmes' earlier counts are
    unknown, and against the recorded total once they are (e.g. computed from the parcours), since
    printed figures that contradict each other cannot all hold whatever the programmes' counts."""
    notes = []
    groups: dict[tuple[int, int], list[PrintedResult]] = {}
    for row in rows:
        for result in row.printed:
            groups.setdefault((result.printed.from_year, result.printed.to_year), []).append(result)
    for (from_year, to_year), results in sorted(groups.items()):
        if len(results) != len(rows) or any(r.implied_previous is None for r in results):
            continue
        implied_sum = sum(r.implied_previous for r in results)
        total = recorded.get(from_year) if any(r.previous is not None for r in results) else totals.get(from_year)
        if total is None:
            continue
        rounded = format_decimal(implied_sum, 1)
        if round(implied_sum) == total:
            notes.append(
                f"Les évolutions {from_year}→{to_year} imprimées par programme impliquent un total "
                f"{from_year} de {rounded}, cohérent avec le total enregistré ({total})."
            )
        else:
            notes.append(
                f"Les évolutions {from_year}→{to_year} imprimées par programme impliquent un total "
                f"{from_year} de {rounded} jeunes, alors que le total enregistré est de {total} : "
                f"elles ne peuvent pas toutes être exactes."
            )
    return notes


NO_QUARTIER = "quartier non renseigné"


@dataclass(frozen=True)
class QuartierCount:
    label: str
    code: str
    count: int | Withheld


@dataclass(frozen=True)
class QuartierYear:
    year: int
    rows: list[QuartierCount]
    total: int | Withheld | None  # None: the whole year withheld (its programme count is not readable)


def quartier_breakdown(
    rows: Iterable[tuple[int, int | None, str, str, int]],
    years: Iterable[int],
    *,
    owned: bool,
    readable_years: set[int],
    threshold: int,
) -> list[QuartierYear]:
    """Pure: the per-quartier youth of one programme as a viewer sees it, from ``rows`` (year,
    quartier or None, name, code, count).

    Outside the viewer's own programme, each year's quartiers are one group of
    :func:`suppress_small_cells` with the programme's count as total (it is shown on the same page),
    so no withheld cell can be derived from it; a year whose programme count the viewer may not read
    shows no quartier at all (their sum would give it away)."""
    by_year: dict[int, dict[int | None, tuple[str, str, int]]] = {}
    for year, quartier_id, name, code, count in rows:
        by_year.setdefault(year, {})[quartier_id] = (name, code, count)
    result = []
    for year in sorted(set(years)):
        found = by_year.get(year, {})
        if not owned and year not in readable_years:
            result.append(QuartierYear(year, [], None))
            continue
        cells = {key: count for key, (_name, _code, count) in found.items()}
        shown = suppress_small_cells(
            cells, sum(cells.values()), owned=frozenset(cells) if owned else frozenset(), threshold=threshold
        )
        ordered = sorted(found, key=lambda key: (key is None, found[key][0], key or 0))
        counts = [
            QuartierCount(found[key][0] if key is not None else NO_QUARTIER, found[key][1], shown.cells[key])
            for key in ordered
        ]
        result.append(QuartierYear(year, counts, shown.total))
    return result
