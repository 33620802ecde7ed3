"""The indicators of a year, as pure functions over plain rows (no ORM; ``loaders.py`` fetches them).

Everything is kept **per programme**, so that a network's figure is the sum of its programmes' where
the indicator adds up (counts, hours, euros, FTE) and is recomputed from the pooled rows where it
does not (mean and median durations). Small-cell suppression is applied when a viewer is known
(``presentation.py``), never here.

Definitions (docs/reporting.md):

- a child is **followed** in year Y when their parcours overlaps Y: entered on or before 31 December
  Y and not exited before 1 January Y; **new**: entered in Y; **continuing**: entered before Y;
  **exited**: left in Y;
- age band: the age on 31 December Y (the State survey's bands 2–5, 6–10, 11–16, 17+);
- referral source and reasons: those of the child's latest referral on or before their entry;
- durations: completed months from entry to exit, of the parcours that ended in Y.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from reussite.parcours.identity import AGE_BANDS, age_band, age_on, months_between

UNKNOWN = "unknown"
OUTSIDE = "outside"  # a household outside the priority areas
DURATION_BUCKETS = [
    ("0-5", "moins de 6 mois", 0, 5),
    ("6-11", "6 à 11 mois", 6, 11),
    ("12-23", "12 à 23 mois", 12, 23),
    ("24+", "24 mois et plus", 24, None),
]


class ChildRow(NamedTuple):
    """What the indicators need of a child: no name, no birth date beyond the age it gives. A named
    tuple, not a frozen dataclass: built five times faster (a network's year is thousands of rows, the
    dashboards read three years)."""

    programme_id: int
    sex: str
    birth_date: datetime.date
    school_level: str
    quartier_id: int | None
    entered_on: datetime.date | None
    exited_on: datetime.date | None
    exit_reason_id: int | None = None
    referral_source: str | None = None
    referral_reason_ids: tuple[int, ...] = ()
    intensity_profile: int | None = None  # of the latest review on or before 31 December


@dataclass(frozen=True)
class ActionRow:
    """An action of a child's plan running during the year."""

    programme_id: int
    domain: str
    kind: str  # individual, collective


@dataclass(frozen=True)
class Category:
    key: Hashable
    label: str


@dataclass
class Breakdown:
    """Counts per programme and category; ``additive``: the categories add up to the row total."""

    key: str
    label: str
    categories: list[Category]
    counts: dict[int, dict[Hashable, int]]
    row_totals: dict[int, int]
    additive: bool = True
    people: bool = True  # counts of children: small cells are suppressed outside their programme

    def network_counts(self) -> dict[Hashable, int]:
        return {c.key: sum(row.get(c.key, 0) for row in self.counts.values()) for c in self.categories}

    @property
    def network_total(self) -> int:
        return sum(self.row_totals.values())


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def is_followed(row: ChildRow, year: int) -> bool:
    first, last = year_bounds(year)
    return row.entered_on is not None and row.entered_on <= last and (row.exited_on is None or row.exited_on >= first)


def followed(rows: Iterable[ChildRow], year: int) -> list[ChildRow]:
    first, last = year_bounds(year)  # ``is_followed``, the bounds computed once
    return [
        row
        for row in rows
        if row.entered_on is not None and row.entered_on <= last and (row.exited_on is None or row.exited_on >= first)
    ]


def follow_status(row: ChildRow, year: int) -> str:
    """``new`` (entered in the year) or ``continuing`` (entered before); exits are counted apart."""
    return "new" if row.entered_on.year == year else "continuing"


def _breakdown(key, label, categories, rows, programme_ids, classify, *, additive=True, totals=None):
    counts: dict[int, dict[Hashable, int]] = {p: {} for p in programme_ids}
    # (programme, category) -> children, counted in one pass (by ``Counter`` itself when every row has
    # one category: same counts, same order of first appearance, a loop in C rather than in Python).
    classified = [classify(row) for row in rows]
    if any(issubclass(kind, tuple) for kind in set(map(type, classified))):
        pairs: Counter = Counter()
        for row, keys in zip(rows, classified, strict=True):
            if isinstance(keys, tuple):
                pairs.update((row.programme_id, cat) for cat in keys)
            else:
                pairs[row.programme_id, keys] += 1
    else:
        pairs = Counter(zip([row.programme_id for row in rows], classified, strict=True))
    for (programme_id, cat), n in pairs.items():
        counts.setdefault(programme_id, {})[cat] = n
    known = {c.key for c in categories}
    # A value the labels do not know (a new choice) still counts, under its own key.
    extra = sorted({cat for row in counts.values() for cat in row if cat not in known}, key=str)
    categories = list(categories) + [Category(cat, str(cat)) for cat in extra]
    if totals is None:
        totals = Counter(row.programme_id for row in rows)
    row_totals = {p: totals.get(p, 0) for p in counts}
    return Breakdown(key, label, categories, counts, row_totals, additive=additive)


SEX_LABELS = [Category("F", "Filles"), Category("M", "Garçons")]
STATUS_LABELS = [Category("new", "Nouveaux entrants"), Category("continuing", "Poursuivant leur parcours")]
AGE_LABELS = [Category(code, label) for code, label, _low, _high in AGE_BANDS] + [Category(UNKNOWN, "Autre âge")]


def children_breakdowns(
    rows: Sequence[ChildRow],
    year: int,
    programme_ids: Iterable[int],
    *,
    levels: Sequence[Category],
    quartiers: Sequence[Category],
    sources: Sequence[Category],
    reasons: Sequence[Category],
    exit_reasons: Sequence[Category],
    profiles: Sequence[Category] = (),
    only: Collection[str] | None = None,
) -> dict[str, Breakdown]:
    """The children followed in ``year`` by status, sex, age band, school level, quartier, referral
    source and reason, and the exits of the year by reason, per programme (``only``: just these keys)."""
    programme_ids = list(programme_ids)
    in_year = followed(rows, year)
    _first, last = year_bounds(year)
    exits = [row for row in in_year if row.exited_on is not None and row.exited_on.year == year]
    totals = Counter(row.programme_id for row in in_year)  # the row totals of the breakdowns of in_year
    specs = {
        "status": lambda: _breakdown(
            "status",
            "Enfants suivis",
            STATUS_LABELS,
            in_year,
            programme_ids,
            lambda r: follow_status(r, year),
            totals=totals,
        ),
        "sex": lambda: _breakdown(
            "sex", "Par sexe", SEX_LABELS, in_year, programme_ids, lambda r: r.sex, totals=totals
        ),
        "age": lambda: _breakdown(
            "age",
            "Par tranche d'âge (au 31 décembre)",
            AGE_LABELS,
            in_year,
            programme_ids,
            lambda r: age_band(age_on(r.birth_date, last)) or UNKNOWN,
            totals=totals,
        ),
        "level": lambda: _breakdown(
            "level", "Par niveau scolaire", levels, in_year, programme_ids, lambda r: r.school_level, totals=totals
        ),
        "quartier": lambda: _breakdown(
            "quartier",
            "Par quartier de résidence",
            quartiers,
            in_year,
            programme_ids,
            lambda r: r.quartier_id or OUTSIDE,
            totals=totals,
        ),
        "source": lambda: _breakdown(
            "source",
            "Par origine de la saisine",
            sources,
            in_year,
            programme_ids,
            lambda r: r.referral_source or UNKNOWN,
            totals=totals,
        ),
        "reason": lambda: _breakdown(
            "reason",
            "Par motif de saisine (un enfant peut en avoir plusieurs)",
            reasons,
            in_year,
            programme_ids,
            lambda r: tuple(r.referral_reason_ids) or (UNKNOWN,),
            additive=False,
            totals=totals,
        ),
        "profile": lambda: _breakdown(
            "profile",
            "Par profil d'intensité (dernier bilan de l'année ou avant)",
            profiles,
            in_year,
            programme_ids,
            lambda r: r.intensity_profile or UNKNOWN,
            totals=totals,
        ),
        "exit_reason": lambda: _breakdown(
            "exit_reason",
            "Sorties de l'année par motif",
            exit_reasons,
            exits,
            programme_ids,
            lambda r: r.exit_reason_id or UNKNOWN,
        ),
        "duration": lambda: _breakdown(
            "duration",
            "Durée des parcours terminés dans l'année",
            [Category(code, label) for code, label, _low, _high in DURATION_BUCKETS],
            exits,
            programme_ids,
            lambda r: duration_bucket(months_between(r.entered_on, r.exited_on)),
        ),
    }
    result = [spec() for key, spec in specs.items() if only is None or key in only]
    exited = Counter(row.programme_id for row in exits)
    for breakdown in result:
        if breakdown.key in ("exit_reason", "duration"):
            breakdown.row_totals = {p: exited.get(p, 0) for p in breakdown.counts}
    return {b.key: b for b in result}


KIND_LABELS = [Category("individual", "Actions individuelles"), Category("collective", "Actions collectives")]


def action_breakdowns(
    actions: Sequence[ActionRow], programme_ids: Iterable[int], domains: Sequence[Category]
) -> dict[str, Breakdown]:
    """Actions of the plans running in the year, by domain and by kind (individual or collective)."""
    programme_ids = list(programme_ids)
    by_domain = _breakdown("action_domain", "Actions par domaine", domains, actions, programme_ids, lambda a: a.domain)
    by_kind = _breakdown(
        "action_kind", "Actions individuelles ou collectives", KIND_LABELS, actions, programme_ids, lambda a: a.kind
    )
    return {b.key: b for b in (by_domain, by_kind)}


def duration_bucket(months: int) -> str:
    for code, _label, low, high in DURATION_BUCKETS:
        if months >= low and (high is None or months <= high):
            return code
    raise ValueError(months)


@dataclass(frozen=True)
class DurationSummary:
    count: int
    mean_months: Decimal | None
    median_months: Decimal | None


def duration_summary(months: Sequence[int]) -> DurationSummary:
    """Mean and median of completed months (one decimal, half-up), or None without parcours."""
    if not months:
        return DurationSummary(0, None, None)
    tenth = Decimal("0.1")
    mean = (Decimal(sum(months)) / Decimal(len(months))).quantize(tenth, rounding="ROUND_HALF_UP")
    median = Decimal(str(statistics.median(months))).quantize(tenth, rounding="ROUND_HALF_UP")
    return DurationSummary(len(months), mean, median)


def completed_durations(rows: Iterable[ChildRow], year: int) -> dict[int, list[int]]:
    """Completed months of each parcours that ended in ``year``, per programme."""
    result: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row.entered_on and row.exited_on and row.exited_on.year == year:
            result[row.programme_id].append(months_between(row.entered_on, row.exited_on))
    return dict(result)


# ---------------------------------------------------------------- figures the DB already summed


@dataclass(frozen=True)
class EpsFigures:
    meetings: int = 0  # meetings of the programme's EPS held in the year
    children_examined: int = 0  # distinct children on their agendas
    decisions: int = 0  # agenda items with a decision taken


@dataclass(frozen=True)
class CareFigures:
    allocated_hours: Decimal = Decimal(0)
    hours_done: Decimal = Decimal(0)  # sessions held (attended), in hours
    children: int = 0  # children with a session held in the year
    invoiced: Decimal = Decimal(0)  # euros of issued, certified or paid invoice lines


@dataclass(frozen=True)
class EventRow:
    """A coordination event of the year: network-wide, so it has no programme."""

    kind: str
    invited: int
    attended: int


@dataclass(frozen=True)
class EventKindFigures:
    kind: str
    events: int
    invited: int
    attended: int

    @property
    def attendance_rate(self) -> Decimal | None:
        if not self.invited:
            return None
        return (Decimal(self.attended) * 100 / Decimal(self.invited)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")


def events_by_kind(events: Iterable[EventRow]) -> list[EventKindFigures]:
    grouped: dict[str, list[EventRow]] = defaultdict(list)
    for event in events:
        grouped[event.kind].append(event)
    return [
        EventKindFigures(kind, len(rows), sum(r.invited for r in rows), sum(r.attended for r in rows))
        for kind, rows in sorted(grouped.items())
    ]


# ---------------------------------------------------------------- money

FUNDERS = [
    ("state", "État"),
    ("communes", "Communes (et leurs CCAS, caisses des écoles)"),
    ("metropole", "Métropole"),
    ("caf", "CAF"),
    ("departement", "Département"),
    ("other", "Autres financeurs"),
]
FUNDER_OF_KIND = {
    "state": "state",
    "metropole": "metropole",
    "ccas": "communes",
    "commune": "communes",
    "caisse_des_ecoles": "communes",
}


@dataclass(frozen=True)
class FundingRow:
    """An amount a funder gives a programme (or the network, ``programme_id=None``) in the year."""

    programme_id: int | None
    funder: str  # a key of FUNDERS
    amount: Decimal
    in_kind: bool = False


def funder_of(organisation_kind: str) -> str:
    return FUNDER_OF_KIND.get(organisation_kind, "other")


@dataclass(frozen=True)
class Budget:
    by_funder: dict[str, Decimal]  # every key of FUNDERS, 0 when nothing recorded
    in_kind: dict[str, Decimal]
    total: Decimal
    in_kind_total: Decimal


def budget_by_funder(rows: Iterable[FundingRow]) -> Budget:
    """Amounts per funder (cash) and in-kind contributions apart."""
    cash = {key: Decimal(0) for key, _label in FUNDERS}
    in_kind = {key: Decimal(0) for key, _label in FUNDERS}
    for row in rows:
        target = in_kind if row.in_kind else cash
        target[row.funder] = target.get(row.funder, Decimal(0)) + row.amount
    return Budget(cash, in_kind, sum(cash.values(), Decimal(0)), sum(in_kind.values(), Decimal(0)))


# ---------------------------------------------------------------- the whole set


@dataclass
class YearData:
    """The plain rows of a network and a year, as ``loaders.load_year`` fetches them."""

    year: int
    programmes: dict[int, str]  # id -> name, in display order
    children: list[ChildRow]
    levels: list[Category]
    quartiers: list[Category]
    sources: list[Category]
    reasons: list[Category]
    exit_reasons: list[Category]
    profiles: list[Category]
    domains: list[Category]
    actions: list[ActionRow]
    eps: dict[int, EpsFigures]
    care: dict[int, CareFigures]
    events: list[EventRow]
    attendance_by_programme: dict[int, int]  # participants present, per programme they came from
    funding: list[FundingRow]
    staff_fte: dict[int, Decimal | None]
    youth_identified: dict[int, int]


@dataclass
class Indicators:
    """Every indicator of a year, per programme (``programme_id``) so that the network sums them."""

    year: int
    programmes: dict[int, str]
    breakdowns: dict[str, Breakdown]
    durations: dict[int, list[int]]
    eps: dict[int, EpsFigures]
    care: dict[int, CareFigures]
    events: list[EventKindFigures]
    attendance_by_programme: dict[int, int]
    funding: list[FundingRow]
    staff_fte: dict[int, Decimal | None]
    youth_identified: dict[int, int]

    def duration(self, programme_id: int | None = None) -> DurationSummary:
        """Of one programme, or of the network (pooled, not averaged)."""
        if programme_id is not None:
            return duration_summary(self.durations.get(programme_id, []))
        return duration_summary([m for months in self.durations.values() for m in months])

    def budget(self, programme_id: int | None = None) -> Budget:
        """A programme's funding, or the network's (every row, network-wide amounts included)."""
        if programme_id is None:
            return budget_by_funder(self.funding)
        return budget_by_funder(row for row in self.funding if row.programme_id == programme_id)

    def eps_total(self, programme_id: int | None = None) -> EpsFigures:
        return _sum_figures(EpsFigures, self.eps, programme_id)

    def care_total(self, programme_id: int | None = None) -> CareFigures:
        return _sum_figures(CareFigures, self.care, programme_id)

    def fte(self, programme_id: int | None = None) -> Decimal | None:
        """FTE of a programme, or their sum (None when no programme entered it)."""
        values = [self.staff_fte.get(programme_id)] if programme_id is not None else list(self.staff_fte.values())
        known = [v for v in values if v is not None]
        return sum(known, Decimal(0)) if known else None


def _sum_figures(kind, figures: dict, programme_id: int | None):
    if programme_id is not None:
        return figures.get(programme_id, kind())
    fields = kind.__dataclass_fields__
    return kind(**{name: sum((getattr(f, name) for f in figures.values()), fields[name].default) for name in fields})


def compute(data: YearData) -> Indicators:
    """Every indicator of ``data``'s year."""
    programme_ids = list(data.programmes)
    return Indicators(
        year=data.year,
        programmes=data.programmes,
        breakdowns=children_breakdowns(
            data.children,
            data.year,
            programme_ids,
            levels=data.levels,
            quartiers=data.quartiers,
            sources=data.sources,
            reasons=data.reasons,
            exit_reasons=data.exit_reasons,
            profiles=data.profiles,
        )
        | action_breakdowns(data.actions, programme_ids, data.domains),
        durations=completed_durations(data.children, data.year),
        eps=data.eps,
        care=data.care,
        events=events_by_kind(data.events),
        attendance_by_programme=data.attendance_by_programme,
        funding=data.funding,
        staff_fte=data.staff_fte,
        youth_identified=data.youth_identified,
    )
