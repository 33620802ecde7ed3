"""Fetch the plain rows of a network's year for ``indicators.py``, in a fixed number of queries.

Sums and counts are made by the database (EPS meetings, hours, euros, attendance, grants); children
come as one narrow row each (programme, sex, birth date, level, quartier, dates, exit reason) since
their age on 31 December and their bands are computed in Python, plus their referrals of entry. The
number of queries does not depend on the size of the network (``tests/reporting/test_loaders.py``).

Callers check access first (``access.py``): these functions read the whole network, because a
programme's cells are suppressed against the whole table (``suppression.py``).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from reussite.care.models import CareInvoice, CareInvoiceLine, CareSession, HourAllocation
from reussite.coordination.models import Event, Invitation
from reussite.funding.models import Convention, FundingShare, StateAllocation
from reussite.parcours.models import (
    Child,
    Domain,
    EpsAgendaItem,
    EpsMeeting,
    ExitReason,
    IntensityProfile,
    ParcoursPeriod,
    PlanAction,
    Referral,
    ReferralReason,
    Review,
)
from reussite.territory.models import Programme, ProgrammeCarrier, Quartier, YouthCount

from .indicators import (
    OUTSIDE,
    UNKNOWN,
    ActionRow,
    CareFigures,
    Category,
    ChildRow,
    EpsFigures,
    EventRow,
    FundingRow,
    Indicators,
    YearData,
    compute,
    funder_of,
    year_bounds,
)
from .models import AnnualFigures

ZERO = Decimal(0)
INVOICED = (CareInvoice.Status.ISSUED, CareInvoice.Status.CERTIFIED, CareInvoice.Status.PAID)


def _children(network_id: int, year: int) -> list[ChildRow]:
    """One row per child followed in the year. A child's parcours are read from its periods (a child
    referred again after an exit has several); a child without any period (recorded before periods
    existed) from its own entry and exit dates."""
    first, last = year_bounds(year)
    periods = ParcoursPeriod.objects.filter(programme__network_id=network_id, entered_on__lte=last).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gte=first)
    )
    own_dates = (
        Q(entered_on__lte=last)
        & (Q(exited_on__isnull=True) | Q(exited_on__gte=first))
        & ~Exists(ParcoursPeriod.objects.filter(child=OuterRef("pk")))
    )
    children = Child.objects.filter(programme__network_id=network_id).filter(
        own_dates | Q(pk__in=periods.values("child_id"))
    )
    # The latest period of each child overlapping the year.
    period_of = {}
    for child_id, programme_id, entered_on, exited_on, reason_id in periods.order_by(
        "child_id", "entered_on", "pk"
    ).values_list("child_id", "programme_id", "entered_on", "exited_on", "exit_reason_id"):
        period_of[child_id] = (programme_id, entered_on, exited_on, reason_id)
    referrals = defaultdict(list)  # child -> [(date, pk, source)], by date
    for pk, child_id, day, source in (
        Referral.objects.filter(child__in=children.values("pk"), date__lte=last)
        .order_by("child_id", "date", "pk")
        .values_list("pk", "child_id", "date", "source")
    ):
        referrals[child_id].append((day, pk, source))
    reasons = defaultdict(list)
    for referral_id, reason_id in Referral.reasons.through.objects.filter(
        referral__child__in=children.values("pk"), referral__date__lte=last
    ).values_list("referral_id", "referralreason_id"):
        reasons[referral_id].append(reason_id)
    profiles = {}
    for child_id, profile in (
        Review.objects.filter(child__in=children.values("pk"), date__lte=last, intensity_profile__isnull=False)
        .order_by("child_id", "date", "pk")
        .values_list("child_id", "intensity_profile")
    ):
        profiles[child_id] = profile  # ordered: the latest review of the year or before wins
    rows = []
    for (
        pk,
        programme_id,
        sex,
        birth_date,
        level,
        quartier_id,
        entered_on,
        exited_on,
        reason_id,
    ) in children.order_by().values_list(
        "pk",
        "programme_id",
        "sex",
        "birth_date",
        "school_level",
        "household__quartier_id",
        "entered_on",
        "exited_on",
        "exit_reason_id",
    ):
        if pk in period_of:
            programme_id, entered_on, exited_on, reason_id = period_of[pk]
        # The referral of entry: the latest on or before the entry.
        entry = [r for r in referrals[pk] if r[0] <= entered_on]
        referral_id, source = (entry[-1][1], entry[-1][2]) if entry else (None, None)
        rows.append(
            ChildRow(
                programme_id,
                sex,
                birth_date,
                level,
                quartier_id,
                entered_on,
                exited_on,
                reason_id,
                referral_source=source,
                referral_reason_ids=tuple(sorted(reasons.get(referral_id, ()))),
                intensity_profile=profiles.get(pk),
            )
        )
    return rows


def _actions(network_id: int, year: int) -> list[ActionRow]:
    first, last = year_bounds(year)
    actions = (
        PlanAction.objects.filter(objective__axis__child__programme__network_id=network_id, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .exclude(status=PlanAction.Status.CANCELLED)
        .order_by()
        .values_list("objective__axis__child__programme_id", "domain", "kind")
    )
    return [ActionRow(*values) for values in actions]


def _eps(network_id: int, year: int) -> dict[int, EpsFigures]:
    first, last = year_bounds(year)
    meetings = dict(
        EpsMeeting.objects.filter(programme__network_id=network_id, date__range=(first, last))
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    items = (
        EpsAgendaItem.objects.filter(meeting__programme__network_id=network_id, meeting__date__range=(first, last))
        .order_by()
        .values("meeting__programme_id")
        .annotate(children=Count("child_id", distinct=True), decisions=Count("pk", filter=~Q(decision="")))
    )
    examined = {row["meeting__programme_id"]: row for row in items}
    return {
        p: EpsFigures(
            meetings=n,
            children_examined=examined.get(p, {}).get("children", 0),
            decisions=examined.get(p, {}).get("decisions", 0),
        )
        for p, n in meetings.items()
    }


def _care(network_id: int, year: int) -> dict[int, CareFigures]:
    first, last = year_bounds(year)
    allocated = dict(
        HourAllocation.objects.filter(budget__network_id=network_id, budget__year=year)
        .order_by()
        .values("programme_id")
        .annotate(h=Sum("hours"))
        .values_list("programme_id", "h")
    )
    sessions = {
        row["referral__child__programme_id"]: row
        for row in CareSession.objects.filter(
            referral__child__programme__network_id=network_id,
            date__range=(first, last),
            attendance=CareSession.Attendance.ATTENDED,
        )
        .order_by()
        .values("referral__child__programme_id")
        .annotate(minutes=Sum("duration_minutes"), children=Count("referral__child_id", distinct=True))
    }
    invoiced = dict(
        CareInvoiceLine.objects.filter(
            session__referral__child__programme__network_id=network_id,
            date__range=(first, last),
            invoice__status__in=INVOICED,
        )
        .order_by()
        .values("session__referral__child__programme_id")
        .annotate(total=Sum("amount"))
        .values_list("session__referral__child__programme_id", "total")
    )
    result = {}
    for p in set(allocated) | set(sessions) | set(invoiced):
        done = sessions.get(p, {})
        result[p] = CareFigures(
            allocated_hours=allocated.get(p) or ZERO,
            hours_done=(Decimal(done.get("minutes") or 0) / 60).quantize(Decimal("0.01")),
            children=done.get("children", 0),
            invoiced=invoiced.get(p) or ZERO,
        )
    return result


def _events(network_id: int, year: int) -> tuple[list[EventRow], dict[int, int]]:
    first, last = year_bounds(year)
    events = (
        Event.objects.filter(network_id=network_id, date__range=(first, last))
        .order_by()
        .values("pk", "kind__label")
        .annotate(invited=Count("invitations"), attended=Count("invitations", filter=Q(invitations__attended=True)))
    )
    rows = [EventRow(e["kind__label"], e["invited"], e["attended"]) for e in events]
    by_programme = dict(
        Invitation.objects.filter(
            event__network_id=network_id, event__date__range=(first, last), attended=True, programme__isnull=False
        )
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    return rows, by_programme


def _funding(network_id: int, year: int, annual: list[AnnualFigures]) -> list[FundingRow]:
    """Shares of the conventions and State allocations, attributed to the programme the party carries
    (the métropole's and other parties' to the network), and the grants entered per programme."""
    first, last = year_bounds(year)
    # The organisation that carried the programme in the year, else the one that carries it now.
    carried = {}
    for organisation_id, programme_id, start, end in ProgrammeCarrier.objects.filter(
        programme__network_id=network_id
    ).values_list("organisation_id", "programme_id", "valid_from", "valid_until"):
        in_year = (start is None or start <= last) and (end is None or end >= first)
        if in_year or (end is None and organisation_id not in carried):
            carried[organisation_id] = programme_id
    live = ~Q(funding_year__convention__status=Convention.Status.DRAFT)
    rows = []
    shares = (
        FundingShare.objects.filter(live, funding_year__convention__network_id=network_id, funding_year__year=year)
        .exclude(amount__isnull=True)
        .values_list("party__organisation_id", "party__organisation__kind", "amount")
    )
    for organisation_id, kind, amount in shares:
        rows.append(FundingRow(carried.get(organisation_id), funder_of(kind), amount))
    allocations = StateAllocation.objects.filter(party__convention__network_id=network_id, year=year).exclude(
        party__convention__status=Convention.Status.DRAFT
    )
    for organisation_id, amount in allocations.values_list("party__organisation_id", "amount"):
        rows.append(FundingRow(carried.get(organisation_id), "state", amount))
    for figures in annual:
        for funder, amount, in_kind in (
            ("caf", figures.caf_amount, False),
            ("departement", figures.departement_amount, False),
            ("other", figures.other_amount, False),
            ("other", figures.in_kind_amount, True),
        ):
            if amount:
                rows.append(FundingRow(figures.programme_id, funder, amount, in_kind=in_kind))
    return rows


def load_year(network_id: int, year: int) -> YearData:
    """Every row the indicators of ``year`` need, for the whole network."""
    programmes = {
        p.pk: p.commune.name
        for p in Programme.objects.filter(network_id=network_id).select_related("commune").order_by("commune__name")
    }
    annual = list(AnnualFigures.objects.filter(programme__network_id=network_id, year=year))
    events, attendance = _events(network_id, year)
    quartiers = [
        Category(q.pk, q.name) for q in Quartier.objects.filter(commune__network_id=network_id).order_by("name")
    ] + [Category(OUTSIDE, "Hors quartier prioritaire")]
    return YearData(
        year=year,
        programmes=programmes,
        children=_children(network_id, year),
        levels=[Category(value, str(label)) for value, label in Child.Level.choices],
        quartiers=quartiers,
        sources=[Category(value, str(label)) for value, label in Referral.Source.choices]
        + [Category(UNKNOWN, "Non renseignée")],
        reasons=[
            Category(pk, label)
            for pk, label in ReferralReason.objects.filter(network_id=network_id).values_list("pk", "label")
        ]
        + [Category(UNKNOWN, "Non renseigné")],
        exit_reasons=[
            Category(pk, label)
            for pk, label in ExitReason.objects.filter(network_id=network_id).values_list("pk", "label")
        ]
        + [Category(UNKNOWN, "Non renseigné")],
        profiles=[Category(value, str(label)) for value, label in IntensityProfile.choices]
        + [Category(UNKNOWN, "Sans bilan fixant un profil")],
        domains=[Category(value, str(label)) for value, label in Domain.choices],
        actions=_actions(network_id, year),
        eps=_eps(network_id, year),
        care=_care(network_id, year),
        events=events,
        attendance_by_programme=attendance,
        funding=_funding(network_id, year, annual),
        staff_fte={f.programme_id: f.staff_fte for f in annual},
        youth_identified=dict(
            YouthCount.objects.filter(network_id=network_id, year=year, programme__isnull=False).values_list(
                "programme_id", "count"
            )
        ),
    )


def load_indicators(network_id: int, year: int) -> Indicators:
    return compute(load_year(network_id, year))
