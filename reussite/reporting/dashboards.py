"""Dashboards per role: panels of a chart and the table of the same figures under it.

Each panel reads the indicators (suppressed for the viewer) or a handful of aggregate queries, so a
dashboard costs the same number of queries whatever the size of the network
(``tests/reporting/test_views.py``).
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.accounts.scoping import VIEW_NAMED, scoped
from reussite.core.formatting import format_eur
from reussite.funding.models import BudgetLine, CallForFunds
from reussite.parcours.models import Child, EpsAgendaItem
from reussite.territory.models import Programme

from .charts import bar_chart
from .indicators import FUNDERS, Budget
from .presentation import Viewer
from .queries import dashboard_viewers, network_budget

KINDS = {
    "metropole": "Coordination métropolitaine",
    "programme": "Coordination de programme",
    "finance": "Finances",
    "reader": "Élu·e / lecteur : chiffres du réseau",
}


@dataclass
class Panel:
    title: str
    headers: list[str]
    rows: list[list]  # first cell: the row's label
    chart: str = ""
    note: str = ""
    key: str = ""


@dataclass
class Dashboard:
    kind: str
    title: str
    year: int
    panels: list[Panel] = field(default_factory=list)
    programme: Programme | None = None


def _chart_of(panel: Panel, columns: list[int] | None = None) -> Panel:
    columns = columns or list(range(1, len(panel.headers)))
    series = [(panel.headers[c], [row[c] for row in panel.rows]) for c in columns]
    panel.chart = bar_chart(panel.title, [row[0] for row in panel.rows], series)
    return panel


def _followed_over_years(viewers: list[Viewer], year: int, programme_id: int | None = None) -> Panel:
    rows = []
    # The years before: children and exits only (``queries.dashboard_viewers``).
    for y, viewer in zip(range(year - 2, year + 1), viewers, strict=True):
        status = viewer.table(viewer.indicators.breakdowns["status"])
        exits = viewer.table(viewer.indicators.breakdowns["exit_reason"])
        if programme_id is None:
            rows.append([str(y), status.grand_total, status.column_totals["new"], exits.grand_total])
        else:
            rows.append(
                [
                    str(y),
                    status.row_totals[programme_id],
                    status.cells[programme_id]["new"],
                    exits.row_totals[programme_id],
                ]
            )
    panel = Panel(
        "Enfants suivis, entrées et sorties sur trois ans",
        ["Année", "Enfants suivis", "Nouveaux entrants", "Sorties"],
        rows,
        key="years",
    )
    return _chart_of(panel)


def _breakdown_panel(viewer: Viewer, key: str, programme_id: int | None = None, *, skip_empty=True) -> Panel:
    breakdown = viewer.indicators.breakdowns[key]
    lines = viewer.breakdown_lines(breakdown, programme_id, skip_empty=skip_empty)
    panel = Panel(breakdown.label, ["Catégorie", "Enfants"], [[line.label, line.value] for line in lines], key=key)
    return _chart_of(panel)


def _care_panel(viewer: Viewer) -> Panel:
    i = viewer.indicators
    rows = [
        [name, i.care_total(pk).allocated_hours, i.care_total(pk).hours_done, i.care_total(pk).invoiced]
        for pk, name in i.programmes.items()
    ]
    panel = Panel(
        "Soutien psychologique par territoire",
        ["Territoire", "Heures allouées", "Heures réalisées", "Montant facturé (€)"],
        rows,
        key="care",
    )
    return _chart_of(panel, [1, 2])


def _events_panel(viewer: Viewer) -> Panel:
    rows = [[k.kind, k.events, k.invited, k.attended] for k in viewer.indicators.events]
    panel = Panel(
        "Réunions et formations du réseau", ["Type", "Séances", "Invitations", "Présences"], rows, key="events"
    )
    return _chart_of(panel, [2, 3])


def _calls_panel(user, year: int) -> Panel:
    today = timezone.localdate()
    calls = (
        scoped(user, CallForFunds)
        .filter(year=year, cancelled=False)
        .with_paid()
        .select_related("party__organisation")
        .order_by("party__organisation__short_name", "number")
    )
    per_party: dict[str, list] = {}
    for call in calls:
        name = call.party.display_name or call.party.organisation.short_name
        row = per_party.setdefault(name, [name, 0, 0, 0])
        row[1] += call.amount
        row[2] += call.paid_total
        if call.due_date < today and call.paid_total < call.amount:
            row[3] += call.amount - call.paid_total
    panel = Panel(
        f"Appels de fonds {year} : appelé, reçu, en retard",
        ["Partie", "Appelé (€)", "Reçu (€)", "En retard (€)"],
        list(per_party.values()),
        key="calls",
    )
    return _chart_of(panel)


def _execution_panel(user, year: int) -> Panel:
    lines = (
        scoped(user, BudgetLine)
        .filter(year=year)
        .select_related("action_kind", "convention")
        .order_by("convention__reference", "position", "pk")
    )
    rows = [
        [
            f"{line.convention.reference} — {line.label or line.action_kind.label}",
            line.planned_amount,
            line.actual_amount,
        ]
        for line in lines
    ]
    panel = Panel(
        f"Exécution {year} par ligne budgétaire",
        ["Ligne", "Prévu (€)", "Réalisé (€)"],
        rows,
        key="execution",
    )
    return _chart_of(panel)


def _budget_panel(budget: Budget) -> Panel:
    rows = [[label, budget.by_funder[key]] for key, label in FUNDERS]
    panel = Panel(
        "Budget par financeur",
        ["Financeur", "Montant (€)"],
        rows,
        note=f"Contributions en nature valorisées, à part : {format_eur(budget.in_kind_total)}.",
        key="budget",
    )
    return _chart_of(panel)


def _caseload_panels(user, programme: Programme, viewer: Viewer) -> list[Panel]:
    """Today's caseload of a programme the user coordinates (named data, counted only)."""
    children = scoped(user, Child, VIEW_NAMED).filter(programme=programme)
    by_status = dict(children.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    caseload = _chart_of(
        Panel(
            "File active aujourd'hui",
            ["Statut", "Enfants"],
            [[str(label), by_status.get(value, 0)] for value, label in Child.Status.choices],
            key="caseload",
        )
    )
    pending = (
        EpsAgendaItem.objects.filter(
            meeting__programme=programme, meeting__date__lte=timezone.localdate(), decision="", child__in=children
        )
        .order_by()
        .count()
    )
    backlog = Panel(
        "À traiter",
        ["Quoi", "Nombre"],
        [
            ["Enfants orientés en attente d'entrée en parcours", by_status.get(Child.Status.REFERRED, 0)],
            ["Points de l'EPS sans décision (réunions passées)", pending],
        ],
        key="backlog",
    )
    loads = (
        children.filter(status=Child.Status.ACTIVE)
        .order_by()
        .values("referent__first_name", "referent__last_name", "referent__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "referent__last_name")
    )
    referents = _chart_of(
        Panel(
            "Enfants en parcours par référent",
            ["Référent", "Enfants"],
            [
                [
                    " ".join(filter(None, [r["referent__first_name"], r["referent__last_name"]]))
                    or r["referent__username"]
                    or "Sans référent",
                    r["n"],
                ]
                for r in loads
            ],
            key="referents",
        )
    )
    duration = viewer.indicators.duration(programme.pk)
    durations = _breakdown_panel(viewer, "duration", programme.pk, skip_empty=False)
    durations.note = (
        f"Parcours terminés : {duration.count} ; durée moyenne {duration.mean_months or '—'} mois, "
        f"médiane {duration.median_months or '—'} mois."
    )
    return [caseload, _chart_of(backlog), referents, durations, _breakdown_panel(viewer, "exit_reason", programme.pk)]


def build(user, kind: str, network_id: int, year: int, programme: Programme | None = None) -> Dashboard:
    board = Dashboard(kind, KINDS[kind], year, programme=programme)
    if kind == "finance":  # of the year's indicators, only the budget
        budget = network_budget(user, network_id, year)
        board.panels = [_calls_panel(user, year), _execution_panel(user, year), _budget_panel(budget)]
        return board
    viewer, years = dashboard_viewers(user, network_id, year)  # what the panels show, three years of children
    if kind == "metropole":
        board.panels = [
            _followed_over_years(years, year),
            _breakdown_panel(viewer, "age", skip_empty=False),
            _breakdown_panel(viewer, "sex", skip_empty=False),
            _breakdown_panel(viewer, "exit_reason"),
            _care_panel(viewer),
            _events_panel(viewer),
            _calls_panel(user, year),
        ]
    elif kind == "programme":
        board.panels = [
            *_caseload_panels(user, programme, viewer),
            _followed_over_years(years, year, programme.pk),
        ]
    else:
        board.panels = [
            _followed_over_years(years, year),
            _breakdown_panel(viewer, "age", skip_empty=False),
            _breakdown_panel(viewer, "sex", skip_empty=False),
            _care_panel(viewer),
            _budget_panel(viewer.indicators.budget()),
        ]
    return board


def allowed_kinds(scope, owned_programmes) -> list[str]:
    kinds = []
    if scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR):
        kinds.append("metropole")
    if owned_programmes:
        kinds.append("programme")
    if scope.metropole_network_ids_for(Role.FINANCE_OFFICER, Role.METROPOLE_COORDINATOR):
        kinds.append("finance")
    kinds.append("reader")  # every reader of the indicators sees the network's figures
    return kinds
