"""What the care pages read: the dashboard's figures per territory (one query) and the scoped lists
with their filters. Every queryset starts from ``scoped``."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from reussite.accounts.scoping import scoped
from reussite.core.money import round_cent

from .dashboard import TerritoryYear, with_projection
from .models import CareInvoice, CareInvoiceLine, CareReferral, CareSession, HourAllocation, HourOverrun

INVOICED = [CareInvoice.Status.ISSUED, CareInvoice.Status.CERTIFIED, CareInvoice.Status.PAID]


def _sum(queryset, field, output):
    total = queryset.order_by().values("_group").annotate(s=Sum(field)).values("s")
    return Coalesce(Subquery(total, output_field=output), Value(0), output_field=output)


def _of_outer(model, path):
    """``model`` rows of the outer row (``path`` = OuterRef("pk")), grouped as one for ``_sum``."""
    return model.objects.filter(**{path: OuterRef("pk")}).annotate(_group=Value(1, output_field=IntegerField()))


def allocation_figures(user, year: int | None = None):
    """Scoped allocations annotated with what the dashboard shows (subqueries: no join blows up)."""
    hours = DecimalField(max_digits=12, decimal_places=1)
    money = DecimalField(max_digits=14, decimal_places=2)
    allocations = scoped(user, HourAllocation).select_related("budget__rate", "programme")
    if year:
        allocations = allocations.filter(budget__year=year)
    lines = _of_outer(CareInvoiceLine, "session__referral__allocation")
    return allocations.annotate(
        overrun_hours=_sum(_of_outer(HourOverrun, "allocation"), "hours", hours),
        committed_hours=_sum(_of_outer(CareReferral, "allocation"), "requested_hours", hours),
        consumed_minutes=_sum(
            _of_outer(CareSession, "referral__allocation").filter(attendance=CareSession.Attendance.ATTENDED),
            "duration_minutes",
            IntegerField(),
        ),
        invoiced=_sum(lines.filter(invoice__status__in=INVOICED), "amount", money),
        paid=_sum(lines.filter(invoice__status=CareInvoice.Status.PAID), "amount", money),
    ).order_by("-budget__year", "programme__name")


def territory_rows(user, year: int | None, today: datetime.date, allocations=None) -> list[TerritoryYear]:
    """One row per scoped allocation (of ``year``; or the given ``allocations`` queryset)."""
    allocations = allocation_figures(user, year) if allocations is None else allocations
    return [
        with_projection(
            TerritoryYear(
                programme=a.programme.name,
                year=a.budget.year,
                hourly_rate=a.budget.rate.hourly_amount,
                allocated=a.hours + a.overrun_hours,
                committed=a.committed_hours,
                consumed=Decimal(a.consumed_minutes) / Decimal(60),
                invoiced=round_cent(a.invoiced),
                paid=round_cent(a.paid),
                key=a.pk,
            ),
            today,
        )
        for a in allocations
    ]


def budget_years(user) -> list[int]:
    return sorted(set(scoped(user, HourAllocation).values_list("budget__year", flat=True)), reverse=True)


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    psychologist: int | None = None
    programme: int | None = None
    status: str = ""
    attendance: str = ""
    month: int | None = None
    overdue: bool = False

    @classmethod
    def from_params(cls, params) -> "Filters":
        return cls(
            year=_int(params.get("annee"), 2000, 2100),
            psychologist=_int(params.get("psychologue")),
            programme=_int(params.get("programme")),
            status=params.get("statut", "") if params.get("statut") in CareInvoice.Status.values else "",
            attendance=params.get("presence", "") if params.get("presence") in CareSession.Attendance.values else "",
            month=_int(params.get("mois"), 1, 12),
            overdue=params.get("retard") == "1",
        )


def _int(value, low=1, high=2**63 - 1):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def referrals(user, filters: Filters):
    rows = scoped(user, CareReferral)
    if filters.year:
        rows = rows.filter(referred_on__year=filters.year)
    if filters.psychologist:
        rows = rows.filter(psychologist_id=filters.psychologist)
    if filters.programme:
        rows = rows.filter(allocation__programme_id=filters.programme)
    return referrals_with_consumption(rows).order_by("-referred_on", "-pk")


def referrals_with_consumption(referrals):
    """Referrals with their child, psychologist, territory and minutes of attended sessions."""
    attended = _of_outer(CareSession, "referral").filter(attendance=CareSession.Attendance.ATTENDED)
    return referrals.select_related("child", "psychologist", "allocation__programme", "allocation__budget").annotate(
        consumed_minutes=_sum(attended, "duration_minutes", IntegerField())
    )


def sessions(user, filters: Filters):
    rows = scoped(user, CareSession)
    if filters.year:
        rows = rows.filter(date__year=filters.year)
    if filters.month:
        rows = rows.filter(date__month=filters.month)
    if filters.psychologist:
        rows = rows.filter(referral__psychologist_id=filters.psychologist)
    if filters.programme:
        rows = rows.filter(referral__allocation__programme_id=filters.programme)
    if filters.attendance:
        rows = rows.filter(attendance=filters.attendance)
    return rows.order_by("-date", "-pk")


def invoices(user, filters: Filters, today: datetime.date):
    rows = scoped(user, CareInvoice).select_related("psychologist")
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.month:
        rows = rows.filter(month=filters.month)
    if filters.psychologist:
        rows = rows.filter(psychologist_id=filters.psychologist)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.overdue:
        rows = rows.filter(status__in=[CareInvoice.Status.ISSUED, CareInvoice.Status.CERTIFIED], due_on__lt=today)
    return rows.order_by("-year", "-month", "psychologist__full_name", "pk")
