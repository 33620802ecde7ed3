"""Business operations of the funding app, each inside one transaction (nothing half-saved).

Every refusal raises ``django.core.exceptions.ValidationError`` with a French message that names the
field and the rule; views show it as is, tests and other apps (documents, import) can call these
functions directly.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from reussite.core.date_bounds import check_date
from reussite.core.formatting import format_decimal, format_eur
from reussite.core.money import exact_share, percent
from reussite.core.numbering import next_number
from reussite.territory.models import Organisation, ProgrammeCarrier, YouthCount

from . import computations as comp
from .models import (
    Amendment,
    AmendmentChange,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionParty,
    ConventionStatusChange,
    FundingShare,
    FundingYear,
    Grant,
    GrantEnvelope,
    GrantPayment,
    MoneyEvolution,
    Payment,
    StateAllocation,
    StateConvention,
    StateConventionStatusChange,
)

S = Convention.Status
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.APPROVED},
    S.APPROVED: {S.DRAFT, S.SIGNED},
    S.SIGNED: {S.NOTIFIED, S.SUSPENDED, S.TERMINATED},
    S.NOTIFIED: {S.IN_FORCE, S.SUSPENDED, S.TERMINATED},
    S.IN_FORCE: {S.EXPIRED, S.SUSPENDED, S.TERMINATED},
    S.SUSPENDED: {S.IN_FORCE, S.EXPIRED, S.TERMINATED},
    S.EXPIRED: set(),
    S.TERMINATED: set(),
}


def allowed_transitions(convention: Convention) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS[convention.status]]


def _label(status) -> str:
    return str(S(status).label)


@transaction.atomic
def change_status(
    convention: Convention,
    new_status: str,
    *,
    on: datetime.date | None,
    by=None,
    reason: str = "",
    caused_by: StateConvention | None = None,
    is_demo: bool = False,
) -> ConventionStatusChange:
    """Move the convention to ``new_status`` on date ``on`` and record it in its history.

    Preconditions: approved needs every party's approval and at least one coordinator and one
    paying party; signed sets the signature date (``on``) when missing; notified likewise sets the
    notification date. ``on`` may be None only for demo history whose dates the seeds do not give.
    """
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if new_status not in S.values:
        raise ValidationError({"status": f"Statut : « {new_status} » n'est pas un statut de convention."})
    if new_status not in TRANSITIONS[convention.status]:
        raise ValidationError(
            {"status": f"Statut : passage de « {_label(convention.status)} » à « {_label(new_status)} » impossible."}
        )
    if on is None and not is_demo:
        raise ValidationError({"effective_date": "Date d'effet : ce champ est obligatoire."})
    parties = list(convention.parties.select_related("organisation"))
    if new_status == S.APPROVED:
        roles = {p.role for p in parties}
        if ConventionParty.Role.COORDINATOR not in roles or ConventionParty.Role.PAYING not in roles:
            raise ValidationError(
                {"status": "Statut : une convention approuvée a au moins un coordinateur et une partie versante."}
            )
        missing = [p.name for p in parties if not p.has_approved]
        if missing:
            raise ValidationError(
                {"status": "Statut : approbation manquante de " + ", ".join(missing) + " (délibération à enregistrer)."}
            )
    _check_history_order(convention, on)
    update = ["status", "updated_at"]
    if new_status in (S.SIGNED, S.NOTIFIED):
        # A signature or a notification is recorded once it happened: never in the future.
        check_date(on, "effective_date", "Date d'effet")
    if new_status == S.SIGNED and convention.signature_date is None:
        convention.signature_date = on
        update.append("signature_date")
    if new_status == S.NOTIFIED and convention.notification_date is None:
        convention.notification_date = on
        update.append("notification_date")
    if new_status in (S.SIGNED, S.NOTIFIED):
        problems = comp.convention_date_problems(
            convention.signature_date, convention.notification_date, [(p.name, p.approval_date) for p in parties]
        )
        if problems:
            label = {"signature_date": "Date de signature", "notification_date": "Date de notification"}
            raise ValidationError({"effective_date": [f"{label[f]} : {rule}" for f, rule in problems.items()]})
    change = ConventionStatusChange.objects.create(
        convention=convention,
        from_status=convention.status,
        to_status=new_status,
        effective_date=on,
        reason=reason,
        caused_by=caused_by,
        recorded_by=by,
        is_demo=is_demo,
    )
    convention.status = new_status
    convention.save(update_fields=update)
    return change


def _check_history_order(convention: Convention, on: datetime.date | None) -> None:
    """A status change is not dated before the last dated change of the history (out of order).

    The creation entry is left out: it is dated the day the draft was entered in the platform, while
    an existing convention entered afterwards was approved and signed earlier."""
    if on is None:
        return
    last = (
        convention.status_changes.exclude(effective_date__isnull=True)
        .exclude(from_status="")
        .order_by("-effective_date")
        .values_list("effective_date", flat=True)
        .first()
    )
    if rule := comp.before_rule(on, last, "le dernier changement de statut de l'historique"):
        raise ValidationError({"effective_date": f"Date d'effet : {rule}"})


CREATION_REASON = "Création du projet de convention."


@transaction.atomic
def create_convention(
    convention: Convention,
    *,
    by=None,
    on: datetime.date | None = None,
    reason: str = CREATION_REASON,
    is_demo: bool = False,
    record_creation: bool = True,
) -> Convention:
    """Save a new convention as a draft and open its status history (dated ``on``, default today).

    ``record_creation=False`` is for an imported convention whose history does not record its creation.
    """
    convention.status = S.DRAFT
    convention.save()
    if record_creation:
        ConventionStatusChange.objects.create(
            convention=convention,
            from_status="",
            to_status=S.DRAFT,
            effective_date=on if on is not None or is_demo else timezone.localdate(),
            reason=reason,
            recorded_by=by,
            is_demo=is_demo,
        )
    return convention


@transaction.atomic
def record_party_approval(party: ConventionParty, *, reference: str, date: datetime.date | None, body: str = ""):
    """Record a party's approving deliberation (reference and date; the registry links it later)."""
    if not reference.strip() and date is None:
        raise ValidationError(
            {"approval_reference": "Délibération d'approbation : indiquer au moins sa référence ou sa date."}
        )
    check_date(date, "approval_date", "Date de la délibération d'approbation")
    signed = Convention.objects.values_list("signature_date", flat=True).get(pk=party.convention_id)
    if rule := comp.approval_after_signature(date, signed):
        raise ValidationError({"approval_date": f"Date de la délibération d'approbation : {rule}"})
    party.approval_reference = reference.strip()
    party.approval_date = date
    if body:
        party.approval_body = body
    party.has_approved = True
    party.save(update_fields=["approval_reference", "approval_date", "approval_body", "has_approved"])
    return party


# --- Article 7: the State conventions -------------------------------------------------------------

STATE_TO_CONVENTION = {
    StateConvention.Status.SUSPENDED: S.SUSPENDED,
    StateConvention.Status.TERMINATED: S.TERMINATED,
}


@transaction.atomic
def change_state_convention_status(
    state_convention: StateConvention, new_status: str, *, on: datetime.date, by=None, reason: str = ""
) -> ConventionStatusChange | None:
    """Change a State convention's status; by Article 7, suspending or ending it suspends or ends the
    convention ("la présente convention se verrait appliquer le même régime"), and reinstating the
    last suspended one puts a convention suspended for that reason back in force.

    Returns the convention's status change it caused, if any.
    """
    state_convention = (
        StateConvention.objects.select_for_update(of=("self",))
        .select_related("party__convention")
        .get(pk=state_convention.pk)
    )
    if new_status not in StateConvention.Status.values:
        raise ValidationError({"status": f"Statut : « {new_status} » n'est pas un statut de convention État."})
    if new_status == state_convention.status:
        raise ValidationError({"status": "Statut : la convention État a déjà ce statut."})
    if state_convention.status in (StateConvention.Status.TERMINATED, StateConvention.Status.EXPIRED):
        raise ValidationError({"status": "Statut : une convention État résiliée ou échue ne change plus de statut."})
    if on is None:
        raise ValidationError({"effective_date": "Date d'effet : ce champ est obligatoire."})
    StateConventionStatusChange.objects.create(
        state_convention=state_convention,
        from_status=state_convention.status,
        to_status=new_status,
        effective_date=on,
        reason=reason,
        recorded_by=by,
    )
    state_convention.status = new_status
    state_convention.save(update_fields=["status"])

    convention = state_convention.party.convention
    party_name = state_convention.party.name
    target = STATE_TO_CONVENTION.get(new_status)
    if target is not None:
        if target in TRANSITIONS[convention.status]:
            verb = "suspendue" if target == S.SUSPENDED else "résiliée"
            return change_status(
                convention,
                target,
                on=on,
                by=by,
                reason=f"Article 7 : convention avec l'État de {party_name} {verb}. {reason}".strip(),
                caused_by=state_convention,
            )
        return None
    if new_status == StateConvention.Status.IN_FORCE and convention.status == S.SUSPENDED:
        still_suspended = StateConvention.objects.filter(
            party__convention=convention, status=StateConvention.Status.SUSPENDED
        ).exists()
        last = convention.status_changes.order_by("-recorded_at", "-id").first()
        if not still_suspended and last is not None and last.caused_by_id is not None:
            return change_status(
                convention,
                S.IN_FORCE,
                on=on,
                by=by,
                reason=f"Article 7 : convention avec l'État de {party_name} de nouveau en vigueur.",
                caused_by=state_convention,
            )
    return None


# --- The split ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareData:
    """One party's share as typed on the funding page or read from a JSON file.

    ``amount`` is read for a contribution only (default: its ``fixed_amount``); key shares' amounts are
    computed by :func:`compute_split`.
    """

    party: ConventionParty
    kind: str
    fixed_amount: Decimal | None = None
    key_percent: Decimal | None = None
    key_count: int | None = None
    amount: Decimal | None = None
    printed_amount: Decimal | None = None
    printed_percent: Decimal | None = None


@transaction.atomic
def save_funding_year(funding_year: FundingYear, shares: list[ShareData]) -> FundingYear:
    """Store the year's funding and its shares (parties left out lose theirs), then compute the split."""
    funding_year.save()
    existing = {s.party_id: s for s in funding_year.shares.all()}
    kept = set()
    for data in shares:
        share = existing.get(data.party.pk) or FundingShare(funding_year=funding_year, party=data.party)
        share.kind = data.kind
        share.fixed_amount = data.fixed_amount
        share.key_percent = data.key_percent
        if data.key_count is not None:
            share.key_count = data.key_count
        share.printed_amount = data.printed_amount
        share.printed_percent = data.printed_percent
        if share.kind == FundingShare.Kind.CONTRIBUTION:
            share.amount = data.amount if data.amount is not None else data.fixed_amount
        share.save()
        kept.add(data.party.pk)
    for party_id, share in existing.items():
        if party_id not in kept:
            share.delete()
    compute_split(funding_year)
    return funding_year


def _programme_counts(funding_year: FundingYear, parties: list[ConventionParty]) -> dict[int, int | None]:
    """Youth identified in the reference year for the programme each party carries during the year."""
    start, end = datetime.date(funding_year.year, 1, 1), datetime.date(funding_year.year, 12, 31)
    carriers = ProgrammeCarrier.objects.filter(organisation_id__in=[p.organisation_id for p in parties]).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    )
    programmes_by_org: dict[int, set[int]] = {}
    for carrier in carriers:
        programmes_by_org.setdefault(carrier.organisation_id, set()).add(carrier.programme_id)
    counts = dict(
        YouthCount.objects.filter(
            year=funding_year.count_year, programme_id__in={pid for s in programmes_by_org.values() for pid in s}
        ).values_list("programme_id", "count")
    )
    result = {}
    for party in parties:
        programme_ids = programmes_by_org.get(party.organisation_id, set())
        known = [counts[pid] for pid in programme_ids if pid in counts]
        result[party.pk] = sum(known) if known else None
    return result


@transaction.atomic
def compute_split(funding_year: FundingYear) -> list[FundingShare]:
    """Compute and store the amount of every key share of the year (contributions keep theirs)."""
    funding_year = (
        FundingYear.objects.select_for_update(of=("self",)).select_related("convention").get(pk=funding_year.pk)
    )
    shares = list(
        funding_year.shares.filter(kind=FundingShare.Kind.KEY).select_related("party__organisation").order_by("id")
    )
    if funding_year.key_kind == FundingYear.KeyKind.PRO_RATA:
        if funding_year.count_year is None:
            raise ValidationError({"count_year": "Année de référence des effectifs : obligatoire pour le prorata."})
        counts = _programme_counts(funding_year, [s.party for s in shares])
        for share in shares:
            share.key_count = counts[share.party_id]
    inputs = [
        comp.ShareInput(key=s.party.name, fixed_amount=s.fixed_amount, percent=s.key_percent, count=s.key_count)
        for s in shares
    ]
    try:
        amounts = comp.compute_split(
            funding_year.key_kind, funding_year.shared_total, inputs, funding_year.convention.unit
        )
    except comp.SplitError as error:
        raise ValidationError({"shared_total": str(error)}) from error
    for share in shares:
        share.amount = amounts[share.party.name]
    FundingShare.objects.bulk_update(shares, ["amount", "key_count"])
    funding_year.computed_at = timezone.now()
    funding_year.save(update_fields=["computed_at"])
    return shares


def share_basis(funding_year: FundingYear, share: FundingShare, all_shares: list[FundingShare]) -> str:
    """The basis of calculation of a share, in words, as printed on the call for funds."""
    convention = funding_year.convention
    name = share.party.name
    key_shares = [s for s in all_shares if s.kind == FundingShare.Kind.KEY]
    if share.kind == FundingShare.Kind.CONTRIBUTION:
        return f"Contribution fixe de {name} pour {funding_year.year} : {format_eur(share.amount)}."
    total = funding_year.shared_total
    pct = percent(share.amount, total, places=2) if total else None
    of_total = f" sur {format_eur(total)} répartis entre les parties versantes" if total else ""
    share_pct = f" ({format_decimal(pct, 2)} %)" if pct is not None else ""
    if funding_year.key_kind == FundingYear.KeyKind.FIXED:
        return (
            f"Part de {name} pour {funding_year.year}, montant fixé par la convention {convention.reference} : "
            f"{format_eur(share.amount)}{of_total}{share_pct}."
        )
    unit = "à l'euro" if convention.unit == 1 else "au centime"
    if funding_year.key_kind == FundingYear.KeyKind.PERCENT:
        weights = [s.key_percent for s in key_shares]
        exact = exact_share(total, weights, key_shares.index(share))
        return (
            f"Part de {name} pour {funding_year.year} : {format_decimal(share.key_percent, 2)} % de "
            f"{format_eur(total)} = {format_eur(Decimal(exact.numerator) / Decimal(exact.denominator))}, "
            f"arrondi {unit} par la méthode du plus fort reste : {format_eur(share.amount)}."
        )
    weights = [s.key_count for s in key_shares]
    exact = exact_share(total, weights, key_shares.index(share))
    count_total = sum(w for w in weights if w is not None)
    return (
        f"Part de {name} pour {funding_year.year}, au prorata des jeunes identifiés en {funding_year.count_year} : "
        f"{format_eur(total)} × {share.key_count} / {count_total} = "
        f"{format_eur(Decimal(exact.numerator) / Decimal(exact.denominator))}, arrondi {unit} par la méthode "
        f"du plus fort reste : {format_eur(share.amount)}."
    )


# --- Calls for funds ------------------------------------------------------------------------------


CALL_SERIES = "funding.call_for_funds"  # numbered per issuing organisation and year


@dataclass
class IssueResult:
    created: list[CallForFunds] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # French reasons, one per party not called


def _issuer(convention: Convention) -> ConventionParty:
    coordinator = convention.parties.filter(role=ConventionParty.Role.COORDINATOR).order_by("position", "id").first()
    if coordinator is None:
        raise ValidationError({"party": "Appel de fonds : la convention n'a pas de coordinateur pour l'émettre."})
    return coordinator


@transaction.atomic
def issue_calls_for_funds(
    convention: Convention,
    year: int,
    *,
    issue_date: datetime.date,
    due_date: datetime.date | None = None,
    by=None,
    is_demo: bool = False,
) -> IssueResult:
    """Issue one call for funds per paying party for ``year`` (those already called are skipped).

    Refused before notification or when the convention is suspended, ended or expired. A share still
    "à définir" is not called (reported in ``skipped``). When the convention caps the shares by the
    State allocation, the amount called is the smaller of the share and the allocation recorded.
    """
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if not convention.accepts_calls_for_funds:
        raise ValidationError(
            {
                "status": "Appel de fonds : la convention doit être notifiée ou en vigueur "
                f"(statut actuel : « {convention.get_status_display()} »)."
            }
        )
    if year not in convention.years:
        raise ValidationError({"year": f"Exercice : {year} n'est pas couvert par la convention."})
    unsigned = convention.amendments.exclude(status=Amendment.Status.SIGNED).order_by("number").first()
    if unsigned is not None:
        raise ValidationError(
            {
                "status": f"Appel de fonds : l'avenant n° {unsigned.number} n'est pas signé ; les montants qu'il "
                "modifie ne peuvent être appelés avant sa signature."
            }
        )
    if issue_date is None:
        raise ValidationError({"issue_date": "Date d'émission : ce champ est obligatoire."})
    if convention.notification_date and issue_date < convention.notification_date:
        raise ValidationError(
            {"issue_date": "Date d'émission : elle ne peut précéder la notification de la convention."}
        )
    due_date = due_date or issue_date + datetime.timedelta(days=convention.payment_delay_days)
    if due_date < issue_date:
        raise ValidationError({"due_date": "Date d'échéance : elle ne peut précéder la date d'émission."})
    try:
        funding_year = convention.funding_years.get(year=year)
    except FundingYear.DoesNotExist as error:
        raise ValidationError({"year": f"Exercice : aucun financement n'est défini pour {year}."}) from error
    issuer = _issuer(convention)
    all_shares = list(funding_year.shares.select_related("party__organisation").order_by("party__position", "id"))
    already = set(convention.calls_for_funds.filter(year=year).values_list("party_id", flat=True))
    allocations = dict(
        StateAllocation.objects.filter(party__convention=convention, year=year).values_list("party_id", "amount")
    )
    result = IssueResult()
    for share in all_shares:
        party = share.party
        if not party.is_paying:
            continue
        if party.pk in already:
            result.skipped.append(f"{party.name} : appel de fonds {year} déjà émis.")
            continue
        if share.amount is None:
            result.skipped.append(f"{party.name} : part {year} à définir, aucun appel émis.")
            continue
        amount, allocation = share.amount, None
        basis = share_basis(funding_year, share, all_shares)
        if convention.capped_by_state_allocation:
            allocation = allocations.get(party.pk)
            if allocation is not None and allocation < amount:
                amount = allocation
                basis += f" Montant plafonné à la dotation de l'État {year} de {party.name} : {format_eur(allocation)}."
            elif allocation is None:
                basis += " Dotation de l'État non enregistrée : part appelée en totalité."
        if amount == 0:
            result.skipped.append(f"{party.name} : montant nul, aucun appel émis.")
            continue
        number = next_number(CALL_SERIES, issuer.organisation_id, issue_date.year)
        result.created.append(
            CallForFunds.objects.create(
                convention=convention,
                party=party,
                year=year,
                issuer=issuer.organisation,
                number_year=issue_date.year,
                number=number,
                issue_date=issue_date,
                due_date=due_date,
                share_amount=share.amount,
                state_allocation=allocation,
                amount=amount,
                basis=basis,
                is_demo=is_demo,
                created_by=by,
            )
        )
    return result


def paid_total(call: CallForFunds) -> Decimal:
    paid = getattr(call, "paid_total", None)
    if paid is None:
        paid = call.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return paid


@transaction.atomic
def record_payment(
    call: CallForFunds,
    *,
    amount: Decimal,
    paid_on: datetime.date,
    reference: str = "",
    by=None,
    is_demo: bool = False,
) -> Payment:
    """Record a partial or whole payment; more than the balance is refused."""
    call = CallForFunds.objects.select_for_update().get(pk=call.pk)
    if call.cancelled:
        raise ValidationError({"amount": "Paiement : cet appel de fonds est annulé."})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Montant : il doit être strictement positif."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "Montant : au centime près (deux décimales au plus)."})
    if paid_on is None:
        raise ValidationError({"paid_on": "Date de paiement : ce champ est obligatoire."})
    check_date(paid_on, "paid_on", "Date de paiement")  # a payment is recorded once made: not in the future
    if paid_on < call.issue_date:
        raise ValidationError({"paid_on": "Date de paiement : elle ne peut précéder l'émission de l'appel de fonds."})
    balance = call.amount - paid_total(call)
    if amount > balance:
        raise ValidationError(
            {
                "amount": f"Montant : {format_eur(amount)} dépasse le solde restant dû de l'appel de fonds "
                f"({format_eur(balance)})."
            }
        )
    return Payment.objects.create(
        call=call, amount=amount, paid_on=paid_on, reference=reference.strip(), recorded_by=by, is_demo=is_demo
    )


@transaction.atomic
def set_actual(line: BudgetLine, amount: Decimal | None) -> BudgetLine:
    """Enter the actual amount of a budget line (later fed by invoices and training costs)."""
    if amount is not None and amount < 0:
        raise ValidationError({"actual_amount": "Montant réalisé : il ne peut pas être négatif."})
    line.actual_amount = amount
    line.save(update_fields=["actual_amount"])
    return line


# --- Read models: panel and execution -------------------------------------------------------------


def panel_for(funding_year: FundingYear, lines: list[BudgetLine], shares: list[FundingShare]) -> comp.Panel:
    return comp.build_panel(
        funding_year.year,
        funding_year.total_cost,
        [comp.LineInput(li.name, li.planned_amount, li.printed_amount) for li in lines],
        [
            comp.PanelShareInput(
                s.party.name, s.kind == FundingShare.Kind.CONTRIBUTION, s.amount, s.printed_amount, s.printed_percent
            )
            for s in shares
        ],
        funding_year.shared_total,
        funding_year.printed_total_cost,
        funding_year.printed_shared_total,
    )


def execution_for(
    year: int, lines: list[BudgetLine], shares: list[FundingShare], received: dict[int, Decimal]
) -> comp.ExecutionReport:
    """Charges: budget lines planned vs actual; resources: each funder's share vs what it paid
    (``received``: party id → payments received for the year's calls). A contribution's actual is not
    tracked here (None: "non suivi")."""
    return comp.build_execution(
        year,
        [(li.name, li.planned_amount, li.actual_amount) for li in lines],
        [
            (
                s.party.name,
                s.amount,
                None if s.kind == FundingShare.Kind.CONTRIBUTION else received.get(s.party_id, Decimal(0)),
            )
            for s in shares
        ],
    )


# --- Evolutions over the years ------------------------------------------------------------------


@dataclass
class EvolutionSeries:
    label: str
    rows: list[comp.EvolutionRow]


@dataclass
class PrintedEvolutionCheck:
    evolution: MoneyEvolution
    current: Decimal | None
    check: comp.EvolutionCheck


@dataclass
class Evolutions:
    series: list[EvolutionSeries]
    printed: list[PrintedEvolutionCheck]


def _amounts_by_year(
    convention: Convention,
    funding_years: list[FundingYear] | None = None,
    shares: list[FundingShare] | None = None,
):
    """(year → cost, year → shared total, (party id, year) → share amount) of the convention
    (``funding_years``: all of them, and ``shares``: all of theirs, each with its ``funding_year`` set,
    when the caller has already read them)."""
    years = funding_years if funding_years is not None else list(convention.funding_years.order_by("year"))
    if shares is not None:
        amounts = [(s.party_id, s.funding_year.year, s.amount) for s in shares]
    else:
        amounts = FundingShare.objects.filter(funding_year__convention=convention).values_list(
            "party_id", "funding_year__year", "amount"
        )
    return (
        {fy.year: fy.total_cost for fy in years},
        {fy.year: fy.shared_total for fy in years},
        {(party, year): amount for party, year, amount in amounts},
    )


def evolutions_for(
    convention: Convention,
    parties: list[ConventionParty] | None = None,
    funding_years: list[FundingYear] | None = None,
    all_shares: list[FundingShare] | None = None,
) -> Evolutions:
    """The convention's cost, shared total and each party's share over its years, with changes in €
    and %, and every printed evolution checked against them (the base derived and compared).
    ``parties``, ``funding_years`` and ``all_shares`` (all of the convention's, each share with its
    ``funding_year`` set), when the caller has them already."""
    parties = parties if parties is not None else list(convention.parties.select_related("organisation"))
    costs, shared, shares = _amounts_by_year(convention, funding_years, all_shares)
    series = [
        EvolutionSeries("Coût prévisionnel", comp.series_evolutions(sorted(costs.items()))),
        EvolutionSeries("Montant réparti", comp.series_evolutions(sorted(shared.items()))),
    ]
    for party in parties:
        party_series = sorted((year, amount) for (pid, year), amount in shares.items() if pid == party.pk)
        if party_series:
            series.append(EvolutionSeries(f"Part de {party.name}", comp.series_evolutions(party_series)))
    printed = []
    parties_by_id = {p.pk: p for p in parties}
    for evolution in convention.money_evolutions.select_related("source").order_by("year", "subject", "id"):
        if evolution.party_id in parties_by_id:  # its party, read already (not joined again)
            evolution.party = parties_by_id[evolution.party_id]
        values = {
            MoneyEvolution.Subject.TOTAL_COST: costs,
            MoneyEvolution.Subject.SHARED_TOTAL: shared,
        }.get(evolution.subject)
        if values is None:
            current = shares.get((evolution.party_id, evolution.year))
            previous = shares.get((evolution.party_id, evolution.year - 1))
        else:
            current, previous = values.get(evolution.year), values.get(evolution.year - 1)
        check = comp.check_evolution(
            current,
            printed_percent=evolution.printed_percent,
            printed_change=evolution.printed_change,
            recorded_previous=previous,
            printed_previous=evolution.printed_previous,
            places=evolution.percent_places,
            year=evolution.year,
        )
        printed.append(PrintedEvolutionCheck(evolution, current, check))
    return Evolutions(series, printed)


@transaction.atomic
def record_money_evolution(evolution: MoneyEvolution) -> MoneyEvolution:
    """Store a printed evolution: its year within the convention, a party for a share only."""
    convention = evolution.convention
    if evolution.year not in convention.years:
        raise ValidationError({"year": f"Année : {evolution.year} n'est pas couverte par la convention."})
    if evolution.printed_percent is None and evolution.printed_change is None:
        raise ValidationError(
            {"printed_percent": "Évolution imprimée : saisir un pourcentage, une variation en euros, ou les deux."}
        )
    if evolution.subject == MoneyEvolution.Subject.SHARE:
        if evolution.party_id is None or evolution.party.convention_id != convention.pk:
            raise ValidationError({"party": "Partie : choisir une partie de la convention."})
    else:
        evolution.party = None
    if evolution.printed_percent is not None and evolution.printed_percent <= -100:
        raise ValidationError({"printed_percent": "Évolution imprimée (%) : une baisse ne dépasse pas 100 %."})
    evolution.full_clean()
    evolution.save()
    return evolution


# --- Amendments (avenants) ------------------------------------------------------------------------

AMENDMENT_SERIES = "funding.amendment"  # numbered per convention (owner: the convention)
BEFORE_SIGNATURE = (S.DRAFT, S.APPROVED)


def requires_amendment(convention: Convention) -> bool:
    """Once signed, a convention's amounts, parties and articles change only by an avenant."""
    return convention.status not in BEFORE_SIGNATURE


def open_amendment(convention: Convention) -> Amendment | None:
    return convention.amendments.filter(status=Amendment.Status.DRAFT).order_by("-number").first()


def _fr_day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def create_amendment(convention: Convention, *, object: str, drafted_on: datetime.date, by=None) -> Amendment:
    """Open the next avenant (n° 1, 2…) of a signed convention; one in draft at a time."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if not requires_amendment(convention):
        raise ValidationError(
            {"object": "Avenant : la convention n'est pas encore signée, elle se modifie directement."}
        )
    if not object or not object.strip():
        raise ValidationError({"object": "Objet : ce champ est obligatoire."})
    if drafted_on is None:
        raise ValidationError({"drafted_on": "Date du projet : ce champ est obligatoire."})
    check_date(drafted_on, "drafted_on", "Date du projet")
    if rule := comp.before_rule(drafted_on, convention.signature_date, "la signature de la convention"):
        raise ValidationError({"drafted_on": f"Date du projet : {rule}"})
    current = open_amendment(convention)
    if current is not None:
        raise ValidationError(
            {
                "object": f"Avenant : l'avenant n° {current.number} est en projet ; le terminer avant d'en ouvrir "
                "un autre."
            }
        )
    # Numbered per convention; the counter's year is the convention's first year (one series each).
    number = next_number(AMENDMENT_SERIES, convention.pk, convention.first_year)
    return Amendment.objects.create(
        convention=convention, number=number, object=object.strip(), drafted_on=drafted_on, created_by=by
    )


@transaction.atomic
def approve_amendment(amendment: Amendment, *, on: datetime.date, reference: str = "") -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != Amendment.Status.DRAFT:
        raise ValidationError({"approval_date": "Approbation : seul un avenant en projet s'approuve."})
    if not amendment.changes.exists():
        raise ValidationError({"approval_date": "Approbation : l'avenant ne modifie encore rien."})
    if on is None:
        raise ValidationError({"approval_date": "Date d'approbation : ce champ est obligatoire."})
    check_date(on, "approval_date", "Date d'approbation")
    if rule := comp.before_rule(on, amendment.drafted_on, "le projet d'avenant"):
        raise ValidationError({"approval_date": f"Date d'approbation : {rule}"})
    amendment.status = Amendment.Status.APPROVED
    amendment.approval_date = on
    amendment.approval_reference = reference.strip()
    amendment.save(update_fields=["status", "approval_date", "approval_reference"])
    return amendment


@transaction.atomic
def sign_amendment(amendment: Amendment, *, on: datetime.date) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != Amendment.Status.APPROVED:
        raise ValidationError({"signature_date": "Signature : l'avenant doit d'abord être approuvé."})
    if on is None:
        raise ValidationError({"signature_date": "Date de signature : ce champ est obligatoire."})
    check_date(on, "signature_date", "Date de signature")
    if rule := comp.before_rule(on, amendment.approval_date, "l'approbation de l'avenant"):
        raise ValidationError({"signature_date": f"Date de signature : {rule}"})
    amendment.status = Amendment.Status.SIGNED
    amendment.signature_date = on
    amendment.save(update_fields=["status", "signature_date"])
    return amendment


def _text(value) -> str:
    if value is None:
        return "à définir"
    if isinstance(value, Decimal):
        return format_eur(value)
    return str(value)


def convention_snapshot(convention: Convention) -> dict[tuple[str, str], str]:
    """What an avenant may change, as (kind, label) → text: parties, articles, amounts of every year."""
    K = AmendmentChange.Kind
    snapshot: dict[tuple[str, str], str] = {}
    parties = list(convention.parties.select_related("organisation").order_by("position", "id"))
    names = {p.pk: p.name for p in parties}
    for party in parties:
        snapshot[(K.PARTY, f"Partie — {party.name}")] = str(party.get_role_display())
    for article in convention.articles.order_by("position"):
        # Line endings as typed in a browser (CRLF) are no change of the text.
        text = f"{article.title}\n{article.body}".replace("\r\n", "\n").replace("\r", "\n")
        snapshot[(K.ARTICLE, f"{article.number}")] = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    for fy in convention.funding_years.order_by("year"):
        snapshot[(K.AMOUNT, f"{fy.year} — coût prévisionnel")] = _text(fy.total_cost)
        snapshot[(K.AMOUNT, f"{fy.year} — montant réparti")] = _text(fy.shared_total)
        snapshot[(K.AMOUNT, f"{fy.year} — clé de répartition")] = str(fy.get_key_kind_display())
        for share in fy.shares.all():
            snapshot[(K.AMOUNT, f"{fy.year} — part de {names.get(share.party_id, '?')}")] = _text(share.amount)
    for line in convention.budget_lines.select_related("action_kind").order_by("year", "position", "id"):
        snapshot[(K.AMOUNT, f"{line.year} — ligne {line.name}")] = _text(line.planned_amount)
    return snapshot


class AmendmentRequired(ValidationError):
    """A signed convention was about to change without an avenant in draft."""


@contextmanager
def amending(convention: Convention, *, by=None):
    """Wrap a change of a convention's amounts, parties or articles (inside ``transaction.atomic``).

    Before signature: nothing special. After: the differences of :func:`convention_snapshot` are
    recorded under the avenant in draft (before → after); without one, a change that touches them
    is refused (:class:`AmendmentRequired`, the transaction rolls back), while an edit that does not
    (a signatory's name mistyped) goes through.
    """
    if not requires_amendment(convention):
        yield None
        return
    amendment = open_amendment(convention)
    before = convention_snapshot(convention)
    yield amendment
    after = convention_snapshot(convention)
    changed = [key for key in [*before, *(k for k in after if k not in before)] if before.get(key) != after.get(key)]
    if not changed:
        return
    if amendment is None:
        raise AmendmentRequired(
            "La convention est signée : ses montants, ses parties et ses articles ne se modifient que par un "
            "avenant. Ouvrir d'abord un avenant."
        )
    AmendmentChange.objects.bulk_create(
        [
            AmendmentChange(
                amendment=amendment,
                kind=kind,
                label=label,
                before=before.get((kind, label), ""),
                after=after.get((kind, label), ""),
                recorded_by=by,
            )
            for kind, label in changed
        ]
    )


# --- Grants (outgoing money) ----------------------------------------------------------------------


@dataclass(frozen=True)
class GrantData:
    """One beneficiary line of an envelope as typed (or read from a decision)."""

    name: str
    beneficiary: Organisation | None = None
    units: Decimal | None = None
    fixed_amount: Decimal | None = None
    key_weight: Decimal | None = None
    printed_amount: Decimal | None = None


def _grant_inputs(grants) -> list[comp.GrantInput]:
    return [
        comp.GrantInput(g.beneficiary_name, g.units, g.fixed_amount, g.key_weight, g.printed_amount) for g in grants
    ]


def grant_panel_for(envelope: GrantEnvelope, grants: list[Grant]) -> comp.GrantPanel:
    return comp.build_grant_panel(
        envelope.rule,
        _grant_inputs(grants),
        unit_rate=envelope.unit_rate,
        total_amount=envelope.total_amount,
        printed_total=envelope.printed_total,
        ceiling=envelope.ceiling,
        advance_percent=envelope.advance_percent,
        advance_threshold=envelope.advance_threshold,
        unit=envelope.unit,
        unit_label=envelope.unit_label or "unité",
    )


@transaction.atomic
def save_grant_envelope(envelope: GrantEnvelope, grants: list[GrantData]) -> GrantEnvelope:
    """Store the envelope and its beneficiaries (those left out lose their line unless already paid),
    then compute every amount by the envelope's rule. Refused whole, in French, when the rule cannot
    be applied."""
    if envelope.grantor_id is None or envelope.grantor.network_id != envelope.network_id:
        raise ValidationError({"grantor": "Attributaire : choisir une organisation du réseau."})
    check_date(envelope.decision_date, "decision_date", "Date de la décision")
    names = [g.name.strip() for g in grants]
    if any(not n for n in names):
        raise ValidationError({"grants": "Bénéficiaire : le nom imprimé est obligatoire."})
    outside = [g.name for g in grants if g.beneficiary is not None and g.beneficiary.network_id != envelope.network_id]
    if outside:
        raise ValidationError({"grants": f"Organisation du réseau : « {outside[0]} » n'est pas du réseau."})
    inputs = [comp.GrantInput(g.name.strip(), g.units, g.fixed_amount, g.key_weight, g.printed_amount) for g in grants]
    try:
        panel = comp.build_grant_panel(
            envelope.rule,
            inputs,
            unit_rate=envelope.unit_rate,
            total_amount=envelope.total_amount,
            ceiling=envelope.ceiling,
            unit=envelope.unit,
        )
    except comp.SplitError as error:
        raise ValidationError({"rule": str(error)}) from error
    envelope.full_clean()
    envelope.save()
    existing = {g.beneficiary_name: g for g in envelope.grants.all()}
    kept = set()
    for position, (data, row) in enumerate(zip(grants, panel.rows, strict=True), start=1):
        name = data.name.strip()
        grant = existing.get(name) or Grant(envelope=envelope, beneficiary_name=name)
        grant.position = position
        grant.beneficiary = data.beneficiary
        grant.units, grant.fixed_amount, grant.key_weight = data.units, data.fixed_amount, data.key_weight
        grant.printed_amount = data.printed_amount
        grant.amount = row.amount
        if grant.pk and grant.amount is not None:
            paid = grant.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
            if paid > grant.amount:
                raise ValidationError(
                    {"grants": f"{name} : {format_eur(paid)} déjà versés, plus que le nouveau montant."}
                )
        grant.save()
        kept.add(name)
    for name, grant in existing.items():
        if name not in kept:
            if grant.payments.exists():
                raise ValidationError({"grants": f"{name} : des versements sont enregistrés, la ligne reste."})
            grant.delete()
    return envelope


@transaction.atomic
def record_grant_payment(
    grant: Grant, *, kind: str, amount: Decimal, paid_on: datetime.date, reference: str = "", by=None
) -> GrantPayment:
    """An outgoing payment: positive, to the cent, made (not in the future, not before the decision),
    never above what is left to pay; an advance never above the advance the decision sets."""
    grant = Grant.objects.select_for_update(of=("self",)).select_related("envelope").get(pk=grant.pk)
    envelope = grant.envelope
    if kind not in GrantPayment.Kind.values:
        raise ValidationError({"kind": "Nature : avance, solde ou versement unique."})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Montant : il doit être strictement positif."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "Montant : au centime près (deux décimales au plus)."})
    if paid_on is None:
        raise ValidationError({"paid_on": "Date du versement : ce champ est obligatoire."})
    check_date(paid_on, "paid_on", "Date du versement")
    if rule := comp.before_rule(paid_on, envelope.decision_date, "la décision d'attribution"):
        raise ValidationError({"paid_on": f"Date du versement : {rule}"})
    if grant.amount is None:
        raise ValidationError({"amount": "Montant : la subvention est à définir, rien ne peut être versé."})
    paid = grant.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    left = grant.amount - paid
    if amount > left:
        raise ValidationError(
            {"amount": f"Montant : {format_eur(amount)} dépasse le reste à verser ({format_eur(left)})."}
        )
    advance, _ = comp.instalments(grant.amount, envelope.advance_percent, envelope.advance_threshold, envelope.unit)
    if kind == GrantPayment.Kind.ADVANCE:
        if advance is None:
            raise ValidationError({"kind": "Nature : la décision ne prévoit pas d'avance pour ce montant."})
        advanced = grant.payments.filter(kind=GrantPayment.Kind.ADVANCE).aggregate(total=Sum("amount"))["total"] or 0
        if advanced + amount > advance:
            raise ValidationError(
                {"amount": f"Montant : l'avance prévue est de {format_eur(advance)} ({format_eur(advanced)} versés)."}
            )
    return GrantPayment.objects.create(
        grant=grant, kind=kind, amount=amount, paid_on=paid_on, reference=reference.strip(), recorded_by=by
    )
