"""Operations on psychological-support hours (each in one transaction; refusals in French)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope
from reussite.core.money import AllocationError, to_decimal
from reussite.core.numbering import next_number
from reussite.funding import actuals
from reussite.parcours.consents import Purpose
from reussite.parcours.identity import age_on
from reussite.parcours.services import require_consent
from reussite.territory.models import Network, Programme
from reussite.territory.scoping import coordinated_programme_ids

from . import hours as hours_math
from .billing import Rate, due_date, rate_for, session_amount
from .hours import format_hours
from .models import (
    CareInvoice,
    CareInvoiceLine,
    CareRate,
    CareReferral,
    CareSession,
    HourAllocation,
    HourBudget,
    HourMovement,
    HourOverrun,
    Psychologist,
    cap_on,
    rate_on,
)


def _require_metropole(user, network_id: int) -> None:
    if network_id not in get_scope(user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR):
        raise ValidationError("Seule la coordination métropolitaine du réseau répartit et déplace les heures.")


def _as_validation_error(exc: AllocationError) -> ValidationError:
    return ValidationError(str(exc))


@transaction.atomic
def allocate_hours(
    user,
    network: Network,
    year: int,
    amount,
    weights: Mapping[Programme, Decimal],
    unit=hours_math.HOUR,
    budget_line=None,
) -> HourBudget:
    """Turn a year's budget (a convention's line, or an amount entered directly) into hours per programme.

    The rate is the one in force on 1 January of the year; the hours are split by ``weights``
    (youth identified, fixed shares or percentages) with the largest-remainder engine.
    """
    _require_metropole(user, network.pk)
    if budget_line is not None:
        if budget_line.convention.network_id != network.pk or budget_line.year != year:
            raise ValidationError("Ligne budgétaire : elle doit être du réseau et de l'année répartis.")
        amount = budget_line.planned_amount
        if amount is None:
            raise ValidationError("Ligne budgétaire : son montant prévu n'est pas encore défini.")
    if any(p.network_id != network.pk for p in weights):
        raise ValidationError("Programmes : ils doivent tous appartenir au réseau.")
    rate = rate_on(network.pk, datetime.date(year, 1, 1))
    if rate is None:
        raise ValidationError(f"Tarif : aucun tarif n'est en vigueur au 1er janvier {year}.")
    if HourBudget.objects.filter(network=network, year=year).exists():
        raise ValidationError("Année : les heures de cette année sont déjà réparties.")
    programmes = sorted(weights, key=lambda p: p.pk)
    try:
        amount = to_decimal(amount, "budget")
        total = hours_math.hours_for_budget(amount, rate.hourly_amount, unit)
        split = hours_math.split_hours(total, [weights[p] for p in programmes], unit, keys=[p.pk for p in programmes])
    except AllocationError as exc:
        raise _as_validation_error(exc) from exc
    budget = HourBudget.objects.create(
        network=network, year=year, amount=amount, budget_line=budget_line, rate=rate, unit=unit, total_hours=total
    )
    HourAllocation.objects.bulk_create(
        HourAllocation(budget=budget, programme=p, weight=weights[p], initial_hours=h, hours=h)
        for p, h in zip(programmes, split, strict=True)
    )
    return budget


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Motif : il est obligatoire pour tout mouvement d'heures.")
    return reason


@transaction.atomic
def transfer_hours(user, source: HourAllocation, target: HourAllocation, hours, reason: str) -> HourMovement:
    """Move hours between two territories of the same year, keeping the total (métropole only)."""
    _require_metropole(user, source.budget.network_id)
    reason = _clean_reason(reason)
    if source.budget_id != target.budget_id:
        raise ValidationError("Transfert : les deux territoires doivent relever de la même année.")
    locked = {a.pk: a for a in HourAllocation.objects.select_for_update().filter(budget_id=source.budget_id)}
    try:
        moved = hours_math.transfer({pk: a.hours for pk, a in locked.items()}, source.pk, target.pk, hours)
    except AllocationError as exc:
        raise _as_validation_error(exc) from exc
    for pk in (source.pk, target.pk):
        locked[pk].hours = moved[pk]
        locked[pk].save(update_fields=["hours"])
    return HourMovement.objects.create(
        budget_id=source.budget_id,
        kind=HourMovement.Kind.TRANSFER,
        source=locked[source.pk],
        target=locked[target.pk],
        hours=to_decimal(hours, "heures"),
        reason=reason,
        approved_by=user,
    )


@transaction.atomic
def adjust_hours(user, allocation: HourAllocation, delta, reason: str) -> HourMovement:
    """Add (or remove, negative) hours of one territory, e.g. after an amendment (métropole only)."""
    _require_metropole(user, allocation.budget.network_id)
    reason = _clean_reason(reason)
    delta = to_decimal(delta, "heures")
    locked = HourAllocation.objects.select_for_update().get(pk=allocation.pk)
    if delta == 0:
        raise ValidationError("Heures : un ajustement non nul est attendu.")
    if locked.hours + delta < 0:
        raise ValidationError(f"Heures : le territoire n'a que {locked.hours} h, il ne peut en perdre {-delta}.")
    locked.hours += delta
    locked.save(update_fields=["hours"])
    return HourMovement.objects.create(
        budget_id=locked.budget_id,
        kind=HourMovement.Kind.ADJUSTMENT,
        target=locked,
        hours=delta,
        reason=reason,
        approved_by=user,
    )


@transaction.atomic
def approve_overrun(user, allocation: HourAllocation, hours, reason: str) -> HourOverrun:
    """The métropole lets a territory commit ``hours`` beyond what it has left (recorded, with reason)."""
    _require_metropole(user, allocation.budget.network_id)
    reason = _clean_reason(reason)
    hours = to_decimal(hours, "heures")
    if hours <= 0:
        raise ValidationError("Heures : un dépassement strictement positif est attendu.")
    return HourOverrun.objects.create(allocation=allocation, hours=hours, reason=reason, approved_by=user)


def approved_hours(allocation: HourAllocation) -> Decimal:
    """Hours a territory may use: allocated + the overruns the métropole approved."""
    overruns = allocation.overruns.aggregate(s=Sum("hours"))["s"] or Decimal(0)
    return allocation.hours + overruns


def remaining_hours(allocation: HourAllocation) -> Decimal:
    """Hours a territory may still commit: allocated + approved overruns − already referred."""
    committed = allocation.referrals.aggregate(s=Sum("requested_hours"))["s"] or Decimal(0)
    return approved_hours(allocation) - committed


def minutes_to_hours(minutes) -> Decimal:
    return Decimal(minutes or 0) / Decimal(60)


def consumed_hours(sessions) -> Decimal:
    """Hours that ``sessions`` consumed: attended ones only (a missed session is neither used nor paid)."""
    minutes = sessions.filter(attendance=CareSession.Attendance.ATTENDED).aggregate(m=Sum("duration_minutes"))["m"]
    return minutes_to_hours(minutes)


CARE_AGE_MIN, CARE_AGE_MAX = 2, 12  # convention art. 5: children aged 2 to 12


@transaction.atomic
def refer_to_psychologist(user, child, psychologist: Psychologist, hours, day: datetime.date) -> CareReferral:
    """Refer ``child`` to ``psychologist`` for ``hours`` on ``day`` (the child's programme coordination).

    Refused, each with its reason: outside 2–12 on that day, no valid consent for the referral to a
    psychologist, a psychologist not agreed that day or not serving the programme, no hours
    allocated for the year, or not enough hours left (unless the métropole recorded an overrun).
    """
    if child.programme_id not in coordinated_programme_ids(get_scope(user)):
        raise ValidationError("Seule la coordination du programme de l'enfant peut l'orienter vers un psychologue.")
    hours = to_decimal(hours, "heures demandées")
    if hours <= 0 or hours % Decimal("0.5"):
        raise ValidationError("Heures demandées : un nombre positif d'heures ou de demi-heures est attendu.")
    age = age_on(child.birth_date, day)
    if not CARE_AGE_MIN <= age <= CARE_AGE_MAX:
        raise ValidationError(
            f"Âge : le soutien psychologique est réservé aux enfants de {CARE_AGE_MIN} à {CARE_AGE_MAX} ans ; "
            f"l'enfant a {age} ans le {day:%d/%m/%Y}."
        )
    require_consent(child, Purpose.PSYCHOLOGIST, day)
    if psychologist.network_id != child.programme.network_id or not psychologist.is_agreed_on(day):
        raise ValidationError("Psychologue : il ou elle n'est pas conventionné·e par la métropole à cette date.")
    if not psychologist.programmes.filter(pk=child.programme_id).exists():
        raise ValidationError("Psychologue : il ou elle n'intervient pas sur le territoire de ce programme.")
    allocation = (
        HourAllocation.objects.select_for_update(of=("self",))
        .filter(budget__year=day.year, programme_id=child.programme_id)
        .first()
    )
    if allocation is None:
        raise ValidationError(f"Heures : aucune heure n'est allouée à ce territoire pour {day.year}.")
    left = remaining_hours(allocation)
    if hours > left:
        raise ValidationError(
            f"Heures : il reste {left} h au territoire pour {day.year}, moins que les {hours} h demandées "
            "(un dépassement doit être approuvé par la métropole)."
        )
    return CareReferral.objects.create(
        child=child,
        psychologist=psychologist,
        allocation=allocation,
        requested_hours=hours,
        referred_on=day,
        referred_by=user,
    )


def _own_psychologist(user, referral_or_psychologist) -> Psychologist:
    psychologist = getattr(referral_or_psychologist, "psychologist", referral_or_psychologist)
    if psychologist.user_id is None or psychologist.user_id != user.pk:
        raise ValidationError("Seul·e le ou la psychologue concerné·e enregistre ses séances et ses factures.")
    return psychologist


@transaction.atomic
def record_session(user, referral: CareReferral, date, duration_minutes, with_whom, attendance) -> CareSession:
    """The psychologist records a session of a referral made to them (never any clinical content)."""
    psychologist = _own_psychologist(user, referral)
    if date < referral.referred_on:
        raise ValidationError("Date : la séance ne peut précéder l'orientation.")
    if date > timezone.localdate():
        raise ValidationError("Date : une séance future ne peut être enregistrée.")
    if not psychologist.is_agreed_on(date):
        raise ValidationError("Date : le ou la psychologue n'était pas conventionné·e ce jour-là.")
    cap = cap_on(psychologist.network_id, date)
    if cap is not None and attendance == CareSession.Attendance.ATTENDED:
        done = CareSession.objects.filter(
            referral__child_id=referral.child_id, date__year=date.year, attendance=CareSession.Attendance.ATTENDED
        ).count()
        if done >= cap.sessions_per_child_year:
            raise ValidationError(
                f"Plafond : {cap.sessions_per_child_year} séances par enfant et par an sont déjà atteintes."
            )
    if attendance == CareSession.Attendance.ATTENDED:
        _require_hours_left(referral, duration_minutes)
    session = CareSession(
        referral=referral,
        date=date,
        duration_minutes=duration_minutes,
        with_whom=with_whom,
        attendance=attendance,
        recorded_by=user,
    )
    session.full_clean(exclude=["referral", "recorded_by"])
    session.save()
    return session


def _require_hours_left(referral: CareReferral, duration_minutes) -> None:
    """Sessions never consume more than the referral's hours nor the territory's (allocated + approved
    overruns). The allocation row is locked first, so two sessions recorded at the same time on the
    same territory are checked one after the other (no lost update)."""
    allocation = HourAllocation.objects.select_for_update(of=("self",)).get(pk=referral.allocation_id)
    hours = Decimal(duration_minutes or 0) / Decimal(60)
    used = consumed_hours(CareSession.objects.filter(referral=referral))
    if used + hours > referral.requested_hours:
        raise ValidationError(
            {
                "duration_minutes": f"Durée : l'orientation prévoit {format_hours(referral.requested_hours)} h, "
                f"dont {format_hours(used)} h déjà réalisées ; cette séance la dépasserait."
            }
        )
    used = consumed_hours(CareSession.objects.filter(referral__allocation=allocation))
    allowed = approved_hours(allocation)
    if used + hours > allowed:
        raise ValidationError(
            {
                "duration_minutes": f"Durée : le territoire dispose de {format_hours(allowed)} h pour "
                f"{referral.referred_on.year}, dont {format_hours(used)} h déjà réalisées ; cette séance "
                "les dépasserait (un dépassement doit être approuvé par la métropole)."
            }
        )


def _rates(network_id: int) -> list[Rate]:
    return [Rate(r.valid_from, r.unit, r.amount) for r in CareRate.objects.filter(network_id=network_id)]


@transaction.atomic
def build_invoice(user, psychologist: Psychologist, year: int, month: int) -> CareInvoice:
    """The month's draft invoice from the attended sessions not yet invoiced (each at its day's rate)."""
    _own_psychologist(user, psychologist)
    if not 1 <= month <= 12:
        raise ValidationError("Mois : entre 1 et 12.")
    if CareInvoice.objects.filter(psychologist=psychologist, year=year, month=month).exists():
        raise ValidationError("Facture : ce mois a déjà sa facture.")
    sessions = list(
        CareSession.objects.filter(
            referral__psychologist=psychologist,
            date__year=year,
            date__month=month,
            attendance=CareSession.Attendance.ATTENDED,
            invoice_line__isnull=True,
        )
        .select_related("referral__child")
        .order_by("date", "pk")
    )
    if not sessions:
        raise ValidationError("Facture : aucune séance réalisée à facturer ce mois-là.")
    rates = _rates(psychologist.network_id)
    lines = []
    for session in sessions:
        rate = rate_for(rates, session.date)
        if rate is None:
            raise ValidationError(f"Tarif : aucun tarif n'est en vigueur le {session.date:%d/%m/%Y}.")
        lines.append((session, session_amount(rate, session.duration_minutes)))
    invoice = CareInvoice.objects.create(
        psychologist=psychologist, year=year, month=month, total=sum(amount for _, amount in lines)
    )
    CareInvoiceLine.objects.bulk_create(
        CareInvoiceLine(
            invoice=invoice,
            session=session,
            child_code=session.referral.child.code,
            date=session.date,
            duration_minutes=session.duration_minutes,
            amount=amount,
        )
        for session, amount in lines
    )
    return invoice


INVOICE_SERIES = "care.invoice"


def _locked_invoice(invoice: CareInvoice, expected: str) -> CareInvoice:
    locked = CareInvoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if locked.status != expected:
        raise ValidationError(f"Statut : la facture est « {locked.get_status_display()} ».")
    return locked


@transaction.atomic
def issue_invoice(user, invoice: CareInvoice, day: datetime.date | None = None) -> CareInvoice:
    """Number the draft (gapless per psychologist and year) and send it: the 30-day delay starts."""
    _own_psychologist(user, invoice.psychologist)
    invoice = _locked_invoice(invoice, CareInvoice.Status.DRAFT)
    day = day or timezone.localdate()
    invoice.number = next_number(INVOICE_SERIES, invoice.psychologist_id, invoice.year)
    invoice.status = CareInvoice.Status.ISSUED
    invoice.issued_on = day
    invoice.due_on = due_date(day)
    invoice.save(update_fields=["number", "status", "issued_on", "due_on"])
    return invoice


def _require_metropole_staff(user, network_id: int) -> None:
    if network_id not in get_scope(user).metropole_network_ids_for(Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER):
        raise ValidationError("Seule la métropole certifie le service fait et enregistre le paiement.")


@transaction.atomic
def certify_invoice(user, invoice: CareInvoice, day: datetime.date | None = None) -> CareInvoice:
    _require_metropole_staff(user, invoice.psychologist.network_id)
    invoice = _locked_invoice(invoice, CareInvoice.Status.ISSUED)
    invoice.status = CareInvoice.Status.CERTIFIED
    invoice.certified_on = day or timezone.localdate()
    invoice.certified_by = user
    invoice.save(update_fields=["status", "certified_on", "certified_by"])
    return invoice


@transaction.atomic
def pay_invoice(user, invoice: CareInvoice, day: datetime.date) -> CareInvoice:
    _require_metropole_staff(user, invoice.psychologist.network_id)
    invoice = _locked_invoice(invoice, CareInvoice.Status.CERTIFIED)
    if day < invoice.issued_on:
        raise ValidationError("Date de paiement : elle ne peut précéder l'émission de la facture.")
    invoice.status = CareInvoice.Status.PAID
    invoice.paid_on = day
    invoice.save(update_fields=["status", "paid_on"])
    actuals.refresh_actual(invoice.psychologist.network_id, invoice.year, PSYCHOLOGICAL_SUPPORT)
    return invoice


# The budget action of the conventions that paid invoices feed (Article 5 of the 2017 convention).
PSYCHOLOGICAL_SUPPORT = "accompagnement-psychologique"


@actuals.actuals_provider("care.paid_invoices")
def paid_invoices_total(network_id: int, year: int, action_kind_code: str) -> Decimal:
    """Paid psychologists' invoices of that network for sessions of that year (the invoice's year)."""
    if action_kind_code != PSYCHOLOGICAL_SUPPORT:
        return Decimal(0)
    total = CareInvoice.objects.filter(
        psychologist__network_id=network_id, year=year, status=CareInvoice.Status.PAID
    ).aggregate(total=Sum("total"))["total"]
    return total or Decimal(0)


def overdue_invoices(queryset, day: datetime.date):
    """Issued or certified invoices past their 30-day due date."""
    return queryset.filter(
        status__in=[CareInvoice.Status.ISSUED, CareInvoice.Status.CERTIFIED], due_on__lt=day
    ).order_by("due_on")
