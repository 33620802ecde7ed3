"""Operations on psychological-support hours (each in one transaction; refusals in French)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope
from reussite.core.money import AllocationError, to_decimal
from reussite.parcours.consents import Purpose
from reussite.parcours.identity import age_on
from reussite.parcours.services import require_consent
from reussite.territory.models import Network, Programme
from reussite.territory.scoping import coordinated_programme_ids

from . import hours as hours_math
from .models import CareReferral, HourAllocation, HourBudget, HourMovement, HourOverrun, Psychologist, rate_on


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


def remaining_hours(allocation: HourAllocation) -> Decimal:
    """Hours a territory may still commit: allocated + approved overruns − already referred."""
    committed = allocation.referrals.aggregate(s=Sum("requested_hours"))["s"] or Decimal(0)
    overruns = allocation.overruns.aggregate(s=Sum("hours"))["s"] or Decimal(0)
    return allocation.hours + overruns - committed


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
        HourAllocation.objects.select_for_update()
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
