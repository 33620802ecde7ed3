"""The indicators as a viewer reads them: the State survey's sections, small cells suppressed, and the
completeness check. Pages, XLSX, CSV, the API, dashboards and the PDF all read these (pure: no ORM).

A programme's figures come from the row of that programme in the network table, suppressed for the
viewer (``suppression.py``); the network's are the totals of the same table, so no page gives away
what another withholds.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from reussite.core.numbers import Withheld, evolution_percent

from .indicators import FUNDERS, Breakdown, Indicators
from .suppression import SuppressedTable, suppress_table

Value = int | Decimal | str | None | Withheld


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    value: Value
    unit: str = "count"  # count, eur, hours, fte, months, percent
    level: int = 0  # 1: a detail of the line above (« dont »)


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line]
    note: str = ""


@dataclass(frozen=True)
class Missing:
    """Something the survey lacks, and where to enter it (a URL name and its arguments)."""

    text: str
    url_name: str
    args: tuple = ()
    link_text: str = "Saisir"
    url: str = ""  # filled by the caller (``queries.py``): this module does not resolve URLs


@dataclass
class Survey:
    year: int
    programme_id: int | None  # None: the network
    title: str
    sections: list[Section]
    missing: list[Missing] = field(default_factory=list)
    owned: bool = False

    def lines(self):
        for section in self.sections:
            for line in section.lines:
                yield section, line

    def value(self, key: str) -> Value:
        return next((line.value for _s, line in self.lines() if line.key == key), None)


class Viewer:
    """Who reads: the programmes they own, the threshold; suppresses each table once."""

    def __init__(
        self,
        indicators: Indicators,
        owned: Collection[int],
        threshold: int,
        youth_withheld: dict[int | None, Withheld] | None = None,
    ):
        self.indicators = indicators
        self.owned = frozenset(owned) & frozenset(indicators.programmes)
        self.threshold = threshold
        # The youth counts the referential withholds from this viewer (``territory.queries``, keyed
        # by programme, None for the network's recorded total): the same marks here.
        self.youth_withheld = youth_withheld or {}
        self._tables: dict[str, SuppressedTable] = {}

    def youth_identified(self, programme_id: int | None) -> Value:
        counts = self.indicators.youth_identified
        if programme_id is not None:
            return self.youth_withheld.get(programme_id, counts.get(programme_id))
        if self.youth_withheld:
            # The referential sums only the counts it shows: a full sum beside it would give a
            # withheld count away.
            return Withheld(self.threshold, primary=False)
        return _sum_known(counts.values())

    def table(self, breakdown: Breakdown) -> SuppressedTable:
        if breakdown.key not in self._tables:
            self._tables[breakdown.key] = suppress_table(
                breakdown.counts,
                [c.key for c in breakdown.categories],
                row_totals=breakdown.row_totals,
                owned=self.owned,
                threshold=self.threshold,
                additive=breakdown.additive,
            )
        return self._tables[breakdown.key]

    def people(self, key: str, counts: dict[int, int]) -> SuppressedTable:
        """A count of children per programme shown alone (EPS, psychologist): one column."""
        if key not in self._tables:
            programmes = self.indicators.programmes
            self._tables[key] = suppress_table(
                {p: {key: counts.get(p, 0)} for p in programmes},
                [key],
                row_totals={p: counts.get(p, 0) for p in programmes},
                owned=self.owned,
                threshold=self.threshold,
                additive=False,
            )
        return self._tables[key]

    def breakdown_lines(self, breakdown: Breakdown, programme_id: int | None, *, skip_empty=False) -> list[Line]:
        table = self.table(breakdown)
        column_sums = breakdown.network_counts()
        shown = table.cells[programme_id] if programme_id is not None else table.column_totals
        lines = []
        for category in breakdown.categories:
            if skip_empty and not column_sums.get(category.key):
                continue
            lines.append(Line(f"{breakdown.key}.{category.key}", category.label, shown[category.key], level=1))
        return lines

    def breakdown_total(self, breakdown: Breakdown, programme_id: int | None) -> Value:
        table = self.table(breakdown)
        return table.row_totals[programme_id] if programme_id is not None else table.grand_total

    def people_value(self, key: str, counts: dict[int, int], programme_id: int | None) -> Value:
        table = self.people(key, counts)
        return table.cells[programme_id][key] if programme_id is not None else table.column_totals[key]


def survey(indicators: Indicators, programme_id: int | None, viewer: Viewer) -> Survey:
    """The State survey's sections for a programme (or the network, ``programme_id=None``)."""
    i = indicators
    b = i.breakdowns
    p = programme_id
    name = i.programmes[p] if p is not None else "Réseau (consolidation des programmes)"
    status = b["status"]
    status_shown = viewer.table(status)
    sections = [
        Section(
            "public",
            "Public suivi",
            [
                Line(
                    "youth_identified",
                    "Jeunes identifiés (effectif enregistré)",
                    viewer.youth_identified(p),
                ),
                Line("followed", "Enfants suivis dans l'année", viewer.breakdown_total(status, p)),
                Line(
                    "followed.new",
                    "dont nouveaux entrants",
                    (status_shown.cells[p] if p is not None else status_shown.column_totals)["new"],
                    level=1,
                ),
                Line(
                    "followed.continuing",
                    "dont poursuivant un parcours commencé avant",
                    (status_shown.cells[p] if p is not None else status_shown.column_totals)["continuing"],
                    level=1,
                ),
                Line("exited", "Sorties dans l'année", viewer.breakdown_total(b["exit_reason"], p)),
            ],
        ),
    ]
    for key, skip_empty in (
        ("sex", False),
        ("age", False),
        ("level", False),
        ("quartier", True),
        ("source", False),
        ("reason", True),
        ("profile", False),
        ("exit_reason", True),
        ("action_domain", False),
        ("action_kind", False),
    ):
        breakdown = b[key]
        note = (
            "Un enfant peut avoir plusieurs motifs : les lignes ne s'additionnent pas."
            if not breakdown.additive
            else ""
        )
        sections.append(
            Section(key, breakdown.label, viewer.breakdown_lines(breakdown, p, skip_empty=skip_empty), note)
        )
    duration = i.duration(p)
    duration_lines = viewer.breakdown_lines(b["duration"], p)
    # A mean over fewer than the threshold gives little away, but it is of a few children: like them,
    # it is shown to the programme's owners only.
    small = duration.count < viewer.threshold and not (p is not None and p in viewer.owned)
    hidden = Withheld(viewer.threshold, primary=True)
    sections.append(
        Section(
            "duration",
            "Durée des parcours terminés dans l'année (mois révolus)",
            [
                Line("duration.count", "Parcours terminés", viewer.breakdown_total(b["exit_reason"], p)),
                Line("duration.mean", "Durée moyenne", hidden if small else duration.mean_months, "months"),
                Line("duration.median", "Durée médiane", hidden if small else duration.median_months, "months"),
                *duration_lines,
            ],
        )
    )
    eps = i.eps_total(p)  # meetings are not people: shown as they are
    sections.append(
        Section(
            "eps",
            "Équipe pluridisciplinaire de soutien (EPS)",
            [
                Line("eps.meetings", "Réunions de l'EPS", eps.meetings),
                Line(
                    "eps.children",
                    "Enfants examinés",
                    viewer.people_value("eps.children", {k: v.children_examined for k, v in i.eps.items()}, p),
                ),
                Line(
                    "eps.decisions",
                    "Décisions prises",
                    viewer.people_value("eps.decisions", {k: v.decisions for k, v in i.eps.items()}, p),
                ),
            ],
        )
    )
    care = i.care_total(p)
    sections.append(
        Section(
            "care",
            "Soutien psychologique",
            [
                Line("care.allocated", "Heures allouées", care.allocated_hours, "hours"),
                Line("care.done", "Heures de séances réalisées", care.hours_done, "hours"),
                Line(
                    "care.children",
                    "Enfants ayant eu au moins une séance",
                    viewer.people_value("care.children", {k: v.children for k, v in i.care.items()}, p),
                ),
                Line("care.invoiced", "Montant facturé par les psychologues", care.invoiced, "eur"),
            ],
        )
    )
    event_lines = []
    if p is None:
        for kind in i.events:
            event_lines += [
                Line(f"events.{kind.kind}.count", f"{kind.kind} : séances", kind.events),
                Line(f"events.{kind.kind}.invited", "invitations", kind.invited, level=1),
                Line(f"events.{kind.kind}.attended", "présences", kind.attended, level=1),
            ]
    event_lines.append(
        Line(
            "events.attendance",
            "Présences de professionnels" + (" du programme" if p is not None else " (tous programmes)"),
            i.attendance_by_programme.get(p, 0) if p is not None else sum(i.attendance_by_programme.values()),
        )
    )
    sections.append(Section("events", "Coordination, formations et réunions du réseau", event_lines))
    sections.append(
        Section("staff", "Personnel", [Line("staff.fte", "Équivalents temps plein (ETP)", i.fte(p), "fte")])
    )
    budget = i.budget(p)
    money = [Line(f"budget.{key}", label, budget.by_funder[key], "eur") for key, label in FUNDERS]
    money.append(Line("budget.total", "Total des financements", budget.total, "eur"))
    money.append(Line("budget.in_kind", "Contributions en nature valorisées (à part)", budget.in_kind_total, "eur"))
    note = (
        "Parts des conventions du réseau versées par l'organisation qui porte le programme, dotations de l'État, "
        "et financements saisis pour le programme."
        if p is not None
        else "Parts des conventions (dont la métropole), dotations de l'État et financements saisis par programme."
    )
    sections.append(Section("budget", "Budget par financeur", money, note))
    return Survey(i.year, p, name, sections, owned=p is not None and p in viewer.owned)


def _sum_known(values) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


# ---------------------------------------------------------------- completeness


def completeness(indicators: Indicators, programme_id: int, *, owned: bool, annual_known: dict) -> list[Missing]:
    """What the survey of a programme lacks, with where to enter it. Counts are given to the
    programme's owners only (they may be small)."""
    i = indicators
    p = programme_id
    missing = []
    followed = i.breakdowns["status"].row_totals.get(p, 0)
    if not followed:
        missing.append(
            Missing(
                f"Aucun enfant en parcours en {i.year} : enregistrez les enfants et leur entrée en parcours.",
                "parcours:child_list",
                link_text="Ouvrir la file active",
            )
        )
    for key, what in (("source", "sans saisine enregistrée avant leur entrée"), ("exit_reason", "sortis sans motif")):
        unknown = i.breakdowns[key].counts.get(p, {}).get("unknown", 0)
        if unknown:
            count = f"{unknown} enfant(s)" if owned else "Des enfants"
            missing.append(Missing(f"{count} {what}.", "parcours:child_list", link_text="Compléter les fiches"))
    if i.youth_identified.get(p) is None:
        missing.append(
            Missing(f"Effectif de jeunes identifiés {i.year} non saisi.", "territory:youth_count_edit", (p,))
        )
    if not i.eps_total(p).meetings:
        missing.append(
            Missing(f"Aucune réunion de l'EPS enregistrée en {i.year}.", "parcours:eps_home", link_text="EPS")
        )
    known = annual_known.get(p, {})
    if known.get("staff_fte") is None:
        missing.append(
            Missing("Personnel en équivalents temps plein non saisi.", "reporting:annual_figures", (i.year, p))
        )
    grants = [label for field_name, label in GRANT_FIELDS if known.get(field_name) is None]
    if grants:
        missing.append(
            Missing(
                "Financements non renseignés (saisissez 0 s'il n'y en a pas) : " + ", ".join(grants) + ".",
                "reporting:annual_figures",
                (i.year, p),
            )
        )
    return missing


GRANT_FIELDS = [
    ("caf_amount", "CAF"),
    ("departement_amount", "département"),
    ("other_amount", "autres financeurs"),
    ("in_kind_amount", "contributions en nature"),
]


# ---------------------------------------------------------------- evolutions (annual report)


def evolution(previous: Value, current: Value) -> Decimal | None:
    """The change in percent between two shown values; None when either is withheld or unknown."""
    if not isinstance(previous, int | Decimal) or not isinstance(current, int | Decimal):
        return None
    if isinstance(previous, Decimal) or isinstance(current, Decimal):
        if previous == 0:
            return None
        return (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return evolution_percent(previous, current)
