"""Pure computations of the funding app (no ORM): the split by key, the consistency panel, the
execution report in the shape of the CERFA 15059 financial report.

Inputs are plain values (Decimal, int, None for "à définir"); outputs are dataclasses the templates,
the API and the document renderers read. Every percentage is computed from stored amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reussite.core.formatting import format_eur, format_percent
from reussite.core.money import AllocationError, allocate_largest_remainder, percent
from reussite.core.numbers import PrintedCheck, Verdict, check_printed, decimal_places

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
                percent_check=check_printed(s.printed_percent, pct) if s.printed_percent is not None else None,
            )
        )

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
                    f"{_printed_percent(check.computed_at_printed_precision)} à la précision imprimée."
                )
            checks.append(Check(f"Pourcentage imprimé — {row.name}", check.verdict, detail))
    printed_percents = [r.printed_percent for r in share_rows if r.printed_percent is not None]
    if printed_percents:
        total_printed = sum(printed_percents, ZERO)
        holds = total_printed == 100
        checks.append(
            Check(
                "Total des pourcentages imprimés",
                Verdict.HOLDS if holds else Verdict.DIFFERS,
                f"Les pourcentages imprimés totalisent {_printed_percent(total_printed)}"
                + ("." if holds else ", pas 100 %."),
            )
        )
    return Panel(year, total_cost, line_rows, share_rows, shared_total, checks)


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
