"""Pure computations of the funding app (no ORM): the split by key, the consistency panel, the
execution report in the shape of the CERFA 15059 financial report.

Inputs are plain values (Decimal, int, None for "à définir"); outputs are dataclasses the templates,
the API and the document renderers read. Every percentage is computed from stored amounts.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from reussite.core.formatting import format_decimal, format_eur, format_percent
from reussite.core.money import AllocationError, allocate_largest_remainder, percent, round_half_up
from reussite.core.numbers import PrintedCheck, Verdict, check_printed, decimal_places, implied_base

FIXED, PERCENT, PRO_RATA = "fixed", "percent", "pro_rata"
ZERO = Decimal(0)


class SplitError(ValueError):
    """The split cannot be computed; the French message names the party or field and the rule."""


@dataclass(frozen=True)
class ShareInput:
    key: str  # stable, distinct: the tie-break of the largest remainder (the party's name)
    fixed_amount: Decimal | None = None
    percent: Decimal | None = None
    count: int | None = None


def compute_split(
    key_kind: str, shared_total: Decimal | None, shares: Sequence[ShareInput], unit: Decimal
) -> dict[str, Decimal | None]:
    """Amount per share key. Fixed key: the fixed amounts (None stays "à définir"). Percentages and
    pro rata: the shared total split by largest remainder to ``unit`` (see reussite.core.money)."""
    keys = [s.key for s in shares]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        # Shares are keyed by party name (it also orders ties): two parties may not share one.
        raise SplitError(f"Parties versantes : plusieurs parties portent le nom « {duplicates[0]} » ; distinguez-les.")
    if key_kind == FIXED:
        return {s.key: s.fixed_amount for s in shares}
    if shared_total is None:
        raise SplitError("Montant réparti entre les parties versantes : il doit être défini pour calculer la clé.")
    if not shares:
        raise SplitError("Clé de répartition : aucune partie versante n'a de part dans la clé.")
    if key_kind == PERCENT:
        missing = [s.key for s in shares if s.percent is None]
        if missing:
            raise SplitError(f"Pourcentage de la clé : à saisir pour {', '.join(missing)}.")
        total_percent = sum((s.percent for s in shares), ZERO)
        if total_percent != 100:
            raise SplitError(
                f"Pourcentages de la clé : ils totalisent {format_percent(total_percent, 2)}, ils doivent "
                "totaliser 100 %."
            )
        weights = [s.percent for s in shares]
    elif key_kind == PRO_RATA:
        missing = [s.key for s in shares if s.count is None]
        if missing:
            raise SplitError(f"Effectif de référence : aucun effectif enregistré pour {', '.join(missing)}.")
        weights = [s.count for s in shares]
    else:
        raise SplitError(f"Clé de répartition : type inconnu « {key_kind} ».")
    try:
        parts = allocate_largest_remainder(shared_total, weights, unit, keys=[s.key for s in shares])
    except AllocationError as error:
        raise SplitError(str(error)) from error
    return {s.key: part for s, part in zip(shares, parts, strict=True)}


@dataclass(frozen=True)
class Check:
    label: str
    verdict: Verdict
    detail: str

    @property
    def holds(self) -> bool:
        return self.verdict == Verdict.HOLDS


@dataclass(frozen=True)
class LineRow:
    name: str
    amount: Decimal | None
    printed: Decimal | None
    percent_of_cost: Decimal | None

    @property
    def printed_differs(self) -> bool:
        return self.printed is not None and self.printed != self.amount


@dataclass(frozen=True)
class ShareRow:
    name: str
    is_contribution: bool
    amount: Decimal | None
    percent_of_shared: Decimal | None  # exact (28 significant digits)
    percent_of_cost: Decimal | None
    printed_amount: Decimal | None
    printed_percent: Decimal | None
    percent_check: PrintedCheck | None
    # The printed percentage holds as the largest-remainder rounding of the shares, not as its own
    # half-up rounding (the document rounded the percentages so that they add up to 100 %).
    percent_by_largest_remainder: bool = False

    @property
    def printed_amount_differs(self) -> bool:
        return self.printed_amount is not None and self.printed_amount != self.amount

    @property
    def percent_is_exact_at_2(self) -> bool:
        return self.percent_of_shared is not None and self.percent_of_shared == round(self.percent_of_shared, 2)


@dataclass
class Panel:
    year: int
    total_cost: Decimal | None
    lines: list[LineRow]
    shares: list[ShareRow]
    shared_total: Decimal | None
    checks: list[Check] = field(default_factory=list)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.verdict == Verdict.DIFFERS]

    @property
    def unknowns(self) -> list[Check]:
        return [c for c in self.checks if c.verdict == Verdict.UNVERIFIABLE]


def _sum_known(values):
    known = [v for v in values if v is not None]
    return sum(known, ZERO), len(known) != len(values)


def _eur(value):
    return format_eur(value) if value is not None else "à définir"


@dataclass(frozen=True)
class LineInput:
    name: str
    amount: Decimal | None
    printed: Decimal | None = None


@dataclass(frozen=True)
class PanelShareInput:
    name: str
    is_contribution: bool
    amount: Decimal | None
    printed_amount: Decimal | None = None
    printed_percent: Decimal | None = None


def build_panel(
    year: int,
    total_cost: Decimal | None,
    lines: Sequence[LineInput],
    shares: Sequence[PanelShareInput],
    shared_total: Decimal | None,
    printed_total_cost: Decimal | None = None,
    printed_shared_total: Decimal | None = None,
) -> Panel:
    """The consistency panel of one year: lines vs cost, shares vs shared total, funding vs cost,
    every printed figure beside the computed one with a verdict."""
    checks: list[Check] = []
    line_rows = [LineRow(li.name, li.amount, li.printed, percent(li.amount, total_cost)) for li in lines]
    key_shares = [s for s in shares if not s.is_contribution]
    share_rows = []
    for s in shares:
        base = None if s.is_contribution else shared_total
        pct = percent(s.amount, base)
        share_rows.append(
            ShareRow(
                name=s.name,
                is_contribution=s.is_contribution,
                amount=s.amount,
                percent_of_shared=pct,
                percent_of_cost=percent(s.amount, total_cost),
                printed_amount=s.printed_amount,
                printed_percent=s.printed_percent,
                percent_check=None,
            )
        )
    share_rows = _check_printed_percents(share_rows, shared_total)

    # 1. Lines add up to the cost.
    lines_sum, lines_unknown = _sum_known([li.amount for li in lines])
    if total_cost is None:
        checks.append(Check("Coût prévisionnel", Verdict.UNVERIFIABLE, "Le coût prévisionnel est à définir."))
    elif not lines:
        checks.append(Check("Lignes budgétaires", Verdict.UNVERIFIABLE, "Aucune ligne budgétaire saisie."))
    elif lines_unknown:
        checks.append(
            Check(
                "Les lignes font le coût",
                Verdict.UNVERIFIABLE,
                f"Lignes connues : {format_eur(lines_sum)} sur un coût de {format_eur(total_cost)} ; "
                "des lignes sont à définir.",
            )
        )
    else:
        holds = lines_sum == total_cost
        checks.append(
            Check(
                "Les lignes font le coût",
                Verdict.HOLDS if holds else Verdict.DIFFERS,
                f"Somme des lignes {format_eur(lines_sum)} "
                + ("= " if holds else "≠ ")
                + f"coût prévisionnel {format_eur(total_cost)}"
                + ("" if holds else f" (écart {format_eur(lines_sum - total_cost)})")
                + ".",
            )
        )

    # 2. Key shares add up to the shared total.
    shares_sum, shares_unknown = _sum_known([s.amount for s in key_shares])
    if key_shares:
        if shared_total is None:
            checks.append(
                Check(
                    "Les parts font le montant réparti",
                    Verdict.UNVERIFIABLE,
                    f"Le montant réparti est à définir ; parts connues : {format_eur(shares_sum)}.",
                )
            )
        elif shares_unknown:
            missing = [s.name for s in key_shares if s.amount is None]
            checks.append(
                Check(
                    "Les parts font le montant réparti",
                    Verdict.UNVERIFIABLE,
                    f"Parts connues {format_eur(shares_sum)} sur {format_eur(shared_total)} ; à définir : "
                    + ", ".join(missing)
                    + ".",
                )
            )
        else:
            holds = shares_sum == shared_total
            checks.append(
                Check(
                    "Les parts font le montant réparti",
                    Verdict.HOLDS if holds else Verdict.DIFFERS,
                    f"Somme des parts {format_eur(shares_sum)} "
                    + ("= " if holds else "≠ ")
                    + f"montant réparti {format_eur(shared_total)}.",
                )
            )

    # 3. Funding covers the cost.
    funding_sum, funding_unknown = _sum_known([s.amount for s in shares])
    if total_cost is not None and shares:
        gap = total_cost - funding_sum
        if funding_unknown:
            missing = [s.name for s in shares if s.amount is None]
            checks.append(
                Check(
                    "Le financement couvre le coût",
                    Verdict.UNVERIFIABLE,
                    f"Financements connus {format_eur(funding_sum)} sur un coût de {format_eur(total_cost)} : "
                    f"reste {format_eur(gap)} à répartir entre les parts à définir ({', '.join(missing)}).",
                )
            )
        elif gap == 0:
            checks.append(
                Check(
                    "Le financement couvre le coût",
                    Verdict.HOLDS,
                    f"Financements {format_eur(funding_sum)} = coût {format_eur(total_cost)}.",
                )
            )
        else:
            what = "manque" if gap > 0 else "excède"
            checks.append(
                Check(
                    "Le financement couvre le coût",
                    Verdict.DIFFERS,
                    f"Financements {format_eur(funding_sum)} pour un coût de {format_eur(total_cost)} : "
                    f"il {what} {format_eur(abs(gap))}.",
                )
            )

    # 4. Printed figures beside the computed ones.
    if printed_total_cost is not None:
        holds = printed_total_cost == total_cost
        checks.append(
            Check(
                "Coût imprimé",
                Verdict.HOLDS if holds else Verdict.DIFFERS,
                f"Imprimé {format_eur(printed_total_cost)}, enregistré {_eur(total_cost)}.",
            )
        )
    if printed_shared_total is not None:
        holds = printed_shared_total == shares_sum and not shares_unknown
        checks.append(
            Check(
                "Total imprimé des parts",
                Verdict.HOLDS if holds else Verdict.DIFFERS,
                f"Imprimé {format_eur(printed_shared_total)}, somme des parts calculée {format_eur(shares_sum)}.",
            )
        )
    for row in line_rows:
        if row.printed is not None:
            checks.append(
                Check(
                    f"Montant imprimé — {row.name}",
                    Verdict.DIFFERS if row.printed_differs else Verdict.HOLDS,
                    f"Imprimé {format_eur(row.printed)}, enregistré {_eur(row.amount)}.",
                )
            )
    for row in share_rows:
        if row.printed_amount is not None:
            checks.append(
                Check(
                    f"Montant imprimé — {row.name}",
                    Verdict.DIFFERS if row.printed_amount_differs else Verdict.HOLDS,
                    f"Imprimé {format_eur(row.printed_amount)}, calculé {_eur(row.amount)}.",
                )
            )
        if row.percent_check is not None:
            check = row.percent_check
            if check.verdict == Verdict.UNVERIFIABLE:
                detail = f"Imprimé {format_percent(check.printed, 0)} ; la part ou le montant réparti est à définir."
            else:
                detail = (
                    f"Imprimé {_printed_percent(check.printed)}, calculé {_exact_percent(check.computed)} "
                    f"({format_eur(row.amount)} / {format_eur(shared_total)}), soit "
                    f"{_printed_percent(check.computed_at_printed_precision)} à la précision imprimée"
                    + (
                        f", ou {_printed_percent(check.printed)} arrondi par la méthode du plus fort reste "
                        "(les pourcentages font alors 100 %)."
                        if row.percent_by_largest_remainder
                        else "."
                    )
                )
            checks.append(Check(f"Pourcentage imprimé — {row.name}", check.verdict, detail))
    total_check = _printed_percents_total(share_rows)
    if total_check is not None:
        checks.append(total_check)
    return Panel(year, total_cost, line_rows, share_rows, shared_total, checks)


def admissible_roundings(amounts: Sequence[Decimal], places: int) -> list[frozenset[Decimal]]:
    """Every value each share's percentage takes in a largest-remainder rounding to ``places``
    decimals of the exact shares ``amount / sum(amounts)`` (the percentages then add up to exactly
    100 %).

    A share above the cut-off remainder is rounded up, one below it down; shares whose remainder
    equals the cut-off (a tie) may go either way, since the document's tie-break is not known: both
    values are admissible. A share whose exact percentage stops at ``places`` has one value.
    """
    total = sum(amounts, ZERO)
    if total <= 0 or any(a < 0 for a in amounts):
        return [frozenset() for _ in amounts]
    units = 100 * 10**places
    exact = [Fraction(a) * units / Fraction(total) for a in amounts]
    floors = [e.numerator // e.denominator for e in exact]
    remainders = [e - f for e, f in zip(exact, floors, strict=True)]
    left = units - sum(floors)
    step = Decimal(1).scaleb(-places)
    if left == 0:
        return [frozenset({f * step}) for f in floors]
    ordered = sorted(remainders, reverse=True)
    cutoff = ordered[left - 1]
    # The cut-off is shared by a tie when the next remainder equals it (or a larger one sits beyond).
    tied = left < len(ordered) and ordered[left] == cutoff
    result = []
    for floor, remainder in zip(floors, remainders, strict=True):
        if remainder == 0:
            values = {floor}
        elif remainder > cutoff or (remainder == cutoff and not tied):
            values = {floor + 1}
        elif remainder == cutoff:
            values = {floor, floor + 1}
        else:
            values = {floor}
        result.append(frozenset(v * step for v in values))
    return result


def _check_printed_percents(rows: list[ShareRow], shared_total: Decimal | None) -> list[ShareRow]:
    """Check each printed percentage of a key share like the split itself is made: a printed figure
    holds when it is the half-up rounding of the exact share at the printed precision, or the value
    a largest-remainder rounding of the exact shares gives it (so that a "15 %" printed to make the
    percentages add up to 100 % is not flagged). The largest remainder needs every key share: when
    one is "à définir", only the half-up rounding is tried."""
    key_rows = [r for r in rows if not r.is_contribution]
    all_known = (
        shared_total is not None
        and bool(key_rows)
        and all(r.amount is not None for r in key_rows)
        and sum((r.amount for r in key_rows), ZERO) == shared_total
    )
    admissible: dict[int, list[frozenset[Decimal]]] = {}
    checked = []
    for row in rows:
        if row.printed_percent is None:
            checked.append(row)
            continue
        check = check_printed(row.printed_percent, row.percent_of_shared)
        if check.verdict == Verdict.DIFFERS and all_known and not row.is_contribution:
            places = decimal_places(row.printed_percent)
            if places not in admissible:
                admissible[places] = admissible_roundings([r.amount for r in key_rows], places)
            if row.printed_percent in admissible[places][key_rows.index(row)]:
                check = PrintedCheck(check.printed, check.computed, Verdict.HOLDS)
                row = replace(row, percent_by_largest_remainder=True)
        checked.append(replace(row, percent_check=check))
    return checked


def _printed_percents_total(rows: list[ShareRow]) -> Check | None:
    """The printed percentages of the key shares against 100 %: only when every key share prints one
    (a document printing some parties' percentages says nothing of the others' total); a total that
    misses 100 % only through the rounding of percentages that each hold is no contradiction."""
    key_rows = [r for r in rows if not r.is_contribution]
    printed = [r for r in key_rows if r.printed_percent is not None]
    if not printed:
        return None
    total = sum((r.printed_percent for r in printed), ZERO)
    label = "Total des pourcentages imprimés"
    if len(printed) < len(key_rows):
        if total > 100:
            return Check(
                label,
                Verdict.DIFFERS,
                f"Les pourcentages imprimés de {len(printed)} parties sur {len(key_rows)} totalisent déjà "
                f"{_printed_percent(total)}, plus de 100 %.",
            )
        return Check(
            label,
            Verdict.UNVERIFIABLE,
            f"Pourcentages imprimés pour {len(printed)} parties sur {len(key_rows)} "
            f"({_printed_percent(total)}) : le total des autres n'est pas imprimé.",
        )
    if total == 100:
        return Check(label, Verdict.HOLDS, f"Les pourcentages imprimés totalisent {_printed_percent(total)}.")
    if all(r.percent_check is not None and r.percent_check.verdict == Verdict.HOLDS for r in printed):
        return Check(
            label,
            Verdict.HOLDS,
            f"Les pourcentages imprimés totalisent {_printed_percent(total)} : écart dû aux arrondis, chaque "
            "pourcentage imprimé est juste.",
        )
    return Check(label, Verdict.DIFFERS, f"Les pourcentages imprimés totalisent {_printed_percent(total)}, pas 100 %.")


def _printed_percent(value: Decimal) -> str:
    return format_percent(value, decimal_places(value))


def _exact_percent(value: Decimal | None) -> str:
    """An exact percentage: as many decimals as needed up to 4, with "≈" if it does not stop there."""
    if value is None:
        return "—"
    rounded = round(value, 4)
    places = min(4, max(0, -rounded.normalize().as_tuple().exponent))
    text = format_percent(value, places)
    return text if rounded == value else f"≈ {text}"


@dataclass(frozen=True)
class ExecutionRow:
    name: str
    planned: Decimal | None
    actual: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.planned is None or self.actual is None:
            return None
        return self.actual - self.planned

    @property
    def gap_percent(self) -> Decimal | None:
        return percent(self.gap, self.planned) if self.gap is not None else None


@dataclass
class ExecutionReport:
    """Planned vs actual in the shape of the CERFA 15059 financial report (compte rendu financier):
    charges (budget lines) and resources (funders), each with planned, actual, gap in € and %."""

    year: int
    charges: list[ExecutionRow]
    resources: list[ExecutionRow]

    @staticmethod
    def _total(rows, label):
        planned, planned_unknown = _sum_known([r.planned for r in rows])
        actual, actual_unknown = _sum_known([r.actual for r in rows])
        return ExecutionRow(label, None if planned_unknown else planned, None if actual_unknown else actual)

    @property
    def charges_total(self) -> ExecutionRow:
        return self._total(self.charges, "Total des charges")

    @property
    def resources_total(self) -> ExecutionRow:
        return self._total(self.resources, "Total des ressources")


def build_execution(year: int, charges: Sequence[tuple], resources: Sequence[tuple]) -> ExecutionReport:
    """``charges`` and ``resources``: ``(name, planned, actual)`` tuples."""
    return ExecutionReport(year, [ExecutionRow(*c) for c in charges], [ExecutionRow(*r) for r in resources])


# --- Dates that make sense ------------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def before_rule(value: datetime.date | None, earlier: datetime.date | None, what: str) -> str | None:
    """The broken rule when ``value`` precedes ``earlier`` (the date of ``what``), else None.

    ``what`` completes "elle ne peut précéder …" ("la signature de la convention")."""
    if value is None or earlier is None or value >= earlier:
        return None
    return f"elle ne peut précéder {what} ({_day(earlier)}, ici {_day(value)})."


def convention_date_problems(
    signature_date: datetime.date | None,
    notification_date: datetime.date | None,
    approvals: Sequence[tuple[str, datetime.date | None]],
) -> dict[str, str]:
    """Field → French rule for the dates of a convention that contradict each other: a party approves
    the convention before it is signed (the deliberation authorises the signatory), and the
    convention is notified after its signature. ``approvals``: (party name, approval date)."""
    problems: dict[str, str] = {}
    dated = [(name, day) for name, day in approvals if day is not None]
    if dated and signature_date is not None:
        name, latest = max(dated, key=lambda item: item[1])
        if rule := before_rule(signature_date, latest, f"l'approbation de la convention par {name}"):
            problems["signature_date"] = rule
    if rule := before_rule(notification_date, signature_date, "la signature de la convention"):
        problems["notification_date"] = rule
    return problems


def approval_after_signature(approval_date: datetime.date | None, signature_date: datetime.date | None) -> str | None:
    """The rule an approving deliberation dated after the convention's signature breaks, or None."""
    if approval_date is None or signature_date is None or approval_date <= signature_date:
        return None
    return (
        f"elle ne peut suivre la signature de la convention ({_day(signature_date)}, ici {_day(approval_date)}) : "
        "la délibération autorise la signature."
    )


# --- Evolutions over the years --------------------------------------------------------------------


@dataclass(frozen=True)
class EvolutionRow:
    """One year of a series (a cost, a party's share) with its change from the year before."""

    year: int
    amount: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.amount is None or self.previous is None:
            return None
        return self.amount - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        """Exact (28 significant digits); None when the previous amount is unknown or zero."""
        return percent(self.change, self.previous) if self.change is not None and self.previous else None


def series_evolutions(series: Sequence[tuple[int, Decimal | None]]) -> list[EvolutionRow]:
    """Each year of ``(year, amount)`` with the amount of the year before (None when not in the series)."""
    amounts = dict(series)
    return [EvolutionRow(year, amount, amounts.get(year - 1)) for year, amount in sorted(series)]


@dataclass(frozen=True)
class EvolutionCheck:
    """A printed evolution against the figures: the base it implies and the verdicts."""

    derived_base: Decimal | None  # the previous amount the printed change or percentage implies
    base_is_exact: bool
    previous: Decimal | None  # the previous amount known (recorded, or printed)
    computed_change: Decimal | None
    computed_percent: Decimal | None  # exact
    places: int  # decimals of the printed percentage (2 by default)
    checks: list[Check]

    @property
    def verdict(self) -> Verdict:
        verdicts = {c.verdict for c in self.checks}
        if Verdict.DIFFERS in verdicts:
            return Verdict.DIFFERS
        return Verdict.UNVERIFIABLE if Verdict.UNVERIFIABLE in verdicts or not verdicts else Verdict.HOLDS

    @property
    def computed_percent_shown(self) -> str:
        """The computed percentage at the printed precision ("+3,26 %" beside a printed "+ 3,26 %")."""
        if self.computed_percent is None:
            return "—"
        return format_percent(self.computed_percent, self.places, signed=True)


def _signed_eur(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_eur(value)


def check_evolution(
    current: Decimal | None,
    *,
    printed_percent: Decimal | None = None,
    printed_change: Decimal | None = None,
    recorded_previous: Decimal | None = None,
    printed_previous: Decimal | None = None,
    places: int | None = None,
    year: int | None = None,
) -> EvolutionCheck:
    """Check an evolution printed as a percentage and/or an absolute change.

    The base (the previous amount) is derived from what is printed: ``current − change`` (exact), or
    ``current / (1 + percent / 100)`` (rounded to the cent). It is compared with the previous amount
    the platform knows: the one recorded for the year before, else the one the document prints.
    When none is known and both a change and a percentage are printed, they are checked against
    each other (the percentage of the change on the base the change implies).
    """
    if places is None:
        places = decimal_places(printed_percent) if printed_percent is not None else 2
    what = f"Montant {year}" if year else "Montant"
    previous_label = f"montant {year - 1} enregistré" if year else "montant précédent enregistré"
    checks: list[Check] = []
    if current is None:
        checks.append(
            Check("Évolution imprimée", Verdict.UNVERIFIABLE, f"{what} à définir : la base ne peut être déduite.")
        )
        return EvolutionCheck(None, False, None, None, None, places, checks)
    derived = implied_base(current, change=printed_change, percent=printed_percent)
    exact = derived is not None and derived == round(derived, 2)
    if derived is not None and printed_change is None:
        derived = round_half_up(derived)
    previous = recorded_previous if recorded_previous is not None else printed_previous
    if recorded_previous is not None and printed_previous is not None and recorded_previous != printed_previous:
        checks.append(
            Check(
                "Montant précédent imprimé",
                Verdict.DIFFERS,
                f"Imprimé {format_eur(printed_previous)}, {previous_label} {format_eur(recorded_previous)}.",
            )
        )
    if previous is None:
        computed_change = computed_percent = None
        if printed_change is not None and printed_percent is not None:
            implied = percent(printed_change, derived) if derived else None
            check = check_printed(printed_percent, implied)
            checks.append(
                Check(
                    "Variation et pourcentage imprimés",
                    check.verdict,
                    f"Une variation de {_signed_eur(printed_change)} sur la base déduite {format_eur(derived)} fait "
                    f"{format_percent(implied, places, signed=True) if implied is not None else '—'} ; imprimé "
                    f"{format_percent(printed_percent, places, signed=True)}.",
                )
            )
            computed_change, computed_percent = printed_change, implied
        base = "—" if derived is None else ("" if exact else "≈ ") + format_eur(derived)
        checks.append(
            Check(
                "Base de l'évolution",
                Verdict.UNVERIFIABLE,
                f"Base déduite de l'évolution imprimée : {base} ; aucun montant précédent n'est connu pour la "
                "comparer.",
            )
        )
        return EvolutionCheck(derived, exact, None, computed_change, computed_percent, places, checks)
    computed_change = current - previous
    computed_percent = percent(computed_change, previous) if previous else None
    source = previous_label if recorded_previous is not None else "montant précédent imprimé"
    if printed_change is not None:
        holds = printed_change == computed_change
        checks.append(
            Check(
                "Variation imprimée",
                Verdict.HOLDS if holds else Verdict.DIFFERS,
                f"Imprimé {_signed_eur(printed_change)} (base déduite {format_eur(derived)}), calculé "
                f"{_signed_eur(computed_change)} depuis le {source} {format_eur(previous)}.",
            )
        )
    if printed_percent is not None:
        check = check_printed(printed_percent, computed_percent)
        if check.verdict == Verdict.UNVERIFIABLE:
            detail = f"Imprimé {format_percent(printed_percent, places, signed=True)} ; le {source} est nul."
        else:
            detail = (
                f"Imprimé {format_percent(printed_percent, places, signed=True)}, calculé "
                f"{format_percent(computed_percent, places, signed=True)} depuis le {source} "
                f"{format_eur(previous)}"
                + (f" (base déduite {'' if exact else '≈ '}{format_eur(derived)})." if printed_change is None else ".")
            )
        checks.append(Check("Pourcentage d'évolution imprimé", check.verdict, detail))
    return EvolutionCheck(derived, exact, previous, computed_change, computed_percent, places, checks)


# --- Grants (outgoing money) ----------------------------------------------------------------------

RATE, KEY = "rate", "key"


@dataclass(frozen=True)
class GrantInput:
    key: str  # the beneficiary's name as printed (distinct in an envelope; the split's tie-break)
    units: Decimal | None = None
    fixed_amount: Decimal | None = None
    weight: Decimal | None = None
    printed_amount: Decimal | None = None


@dataclass(frozen=True)
class GrantRow:
    name: str
    amount: Decimal | None  # what the rule gives (capped by the ceiling)
    by_rule: Decimal | None  # before the ceiling
    printed_amount: Decimal | None
    advance: Decimal | None
    balance: Decimal | None

    @property
    def capped(self) -> bool:
        return self.by_rule is not None and self.amount is not None and self.amount < self.by_rule

    @property
    def printed_differs(self) -> bool:
        return self.printed_amount is not None and self.amount is not None and self.printed_amount != self.amount


@dataclass
class GrantPanel:
    rows: list[GrantRow]
    total_granted: Decimal
    total_amount: Decimal | None
    checks: list[Check] = field(default_factory=list)

    @property
    def balance_left(self) -> Decimal | None:
        return None if self.total_amount is None else self.total_amount - self.total_granted

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.verdict == Verdict.DIFFERS]


def instalments(
    amount: Decimal | None, advance_percent: Decimal | None, threshold: Decimal | None, unit: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """(advance, balance) of a grant: the advance is ``advance_percent`` of the amount rounded half-up
    to ``unit``, the balance the rest. No advance (None, amount) when the decision sets none or the
    amount is not above the threshold ("versement intégral en dessous de 1 000 €")."""
    if amount is None:
        return None, None
    if advance_percent is None or (threshold is not None and amount <= threshold):
        return None, amount
    advance = round_half_up(amount * advance_percent / 100, unit)
    return advance, amount - advance


def _rule_amounts(rule, grants, unit_rate, total, unit) -> dict[str, Decimal | None]:
    if rule == RATE:
        if unit_rate is None:
            raise SplitError("Taux par unité : il doit être défini pour calculer les subventions.")
        return {g.key: None if g.units is None else round_half_up(g.units * unit_rate, unit) for g in grants}
    if rule == KEY:
        if total is None:
            raise SplitError("Enveloppe : elle doit être définie pour être répartie par une clé.")
        missing = [g.key for g in grants if g.weight is None]
        if missing:
            raise SplitError(f"Poids dans la clé : à saisir pour {', '.join(missing)}.")
        try:
            parts = allocate_largest_remainder(total, [g.weight for g in grants], unit, keys=[g.key for g in grants])
        except AllocationError as error:
            raise SplitError(str(error)) from error
        return {g.key: part for g, part in zip(grants, parts, strict=True)}
    return {g.key: g.fixed_amount for g in grants}


def _grant_rule_words(rule, g: GrantInput, row: GrantRow, unit_rate, total_amount, unit_label) -> str:
    if rule == RATE:
        units = format_decimal(g.units, decimal_places(g.units))
        return f"{units} {unit_label}(s) × {_eur(unit_rate)} = {_eur(row.by_rule)}"
    if rule == KEY:
        weight = format_decimal(g.weight, decimal_places(g.weight))
        return (
            f"part de l'enveloppe {_eur(total_amount)} au poids {weight}, arrondie au plus fort reste : "
            f"{_eur(row.by_rule)}"
        )
    return f"montant fixé {_eur(row.by_rule)}"


def build_grant_panel(
    rule: str,
    grants: Sequence[GrantInput],
    *,
    unit_rate: Decimal | None = None,
    total_amount: Decimal | None = None,
    printed_total: Decimal | None = None,
    ceiling: Decimal | None = None,
    advance_percent: Decimal | None = None,
    advance_threshold: Decimal | None = None,
    unit: Decimal = Decimal("0.01"),
    unit_label: str = "unité",
) -> GrantPanel:
    """The amounts the envelope's rule gives, capped by the ceiling, with the instalments, and every
    printed figure beside them: a printed amount that does not follow the rule, an envelope exceeded,
    a printed total that is not the sum, a fixed amount above the ceiling are flagged."""
    names = [g.key for g in grants]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SplitError(f"Bénéficiaires : « {duplicates[0]} » figure deux fois ; distinguez-les.")
    by_rule = _rule_amounts(rule, grants, unit_rate, total_amount, unit)
    rows, checks = [], []
    for g in grants:
        raw = by_rule[g.key]
        amount = raw
        if rule != FIXED and raw is not None and ceiling is not None and raw > ceiling:
            amount = ceiling
        advance, balance = instalments(amount, advance_percent, advance_threshold, unit)
        rows.append(GrantRow(g.key, amount, raw, g.printed_amount, advance, balance))
    for g, row in zip(grants, rows, strict=True):
        if row.amount is None:
            if rule == RATE:
                checks.append(
                    Check(f"Subvention — {row.name}", Verdict.UNVERIFIABLE, f"Nombre de {unit_label}s non précisé.")
                )
            continue
        how = _grant_rule_words(rule, g, row, unit_rate, total_amount, unit_label)
        if row.capped:
            how += f", plafonnée à {_eur(ceiling)}"
        if row.printed_amount is not None:
            checks.append(
                Check(
                    f"Montant imprimé — {row.name}",
                    Verdict.DIFFERS if row.printed_differs else Verdict.HOLDS,
                    f"Imprimé {_eur(row.printed_amount)} ; selon la règle : {how}."
                    + (" Le montant imprimé ne suit pas la règle." if row.printed_differs else ""),
                )
            )
        if rule == FIXED and ceiling is not None and row.amount > ceiling:
            checks.append(
                Check(
                    f"Plafond — {row.name}",
                    Verdict.DIFFERS,
                    f"{_eur(row.amount)} dépasse le plafond par bénéficiaire de {_eur(ceiling)}.",
                )
            )
    granted, unknown = _sum_known([r.amount for r in rows])
    if total_amount is not None:
        left = total_amount - granted
        if left < 0:
            checks.append(
                Check(
                    "Enveloppe",
                    Verdict.DIFFERS,
                    f"Subventions {_eur(granted)} pour une enveloppe de {_eur(total_amount)} : elles la dépassent de "
                    f"{_eur(-left)}.",
                )
            )
        else:
            checks.append(
                Check(
                    "Enveloppe",
                    Verdict.UNVERIFIABLE if unknown else Verdict.HOLDS,
                    f"Subventions {_eur(granted)} sur une enveloppe de {_eur(total_amount)} : reste {_eur(left)}"
                    + (" (des montants sont à définir)." if unknown else "."),
                )
            )
    if printed_total is not None:
        printed_sum, printed_unknown = _sum_known([g.printed_amount for g in grants])
        holds = printed_total == granted and not unknown
        detail = f"Imprimé {_eur(printed_total)}, somme des subventions selon la règle {_eur(granted)}"
        if not printed_unknown and printed_sum != printed_total:
            detail += f", somme des montants imprimés {_eur(printed_sum)}"
        checks.append(Check("Total imprimé", Verdict.HOLDS if holds else Verdict.DIFFERS, detail + "."))
    return GrantPanel(rows, granted, total_amount, checks)
