"""Operations of the coordination (each inside a transaction; bad input raises a French
``ValidationError`` naming the field, and nothing is half saved)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from reussite.core.formatting import format_long_date
from reussite.core.money import round_half_up
from reussite.core.roles import Role
from reussite.funding import actuals
from reussite.territory.models import ProgrammeCarrier

from . import ics
from .files import checked_content_type
from .models import Event, EventCost, EventSeries, Feedback, Invitation, ProviderRate, Resource, roles_text
from .recurrence import MonthlyRule, occurrences

MAX_SERIES_EVENTS = 60


def _check_event_fields(network, organiser, provider=None, programmes=()):
    """Every organisation or programme attached to an event belongs to its network (an id from
    another network answers like an unknown one)."""
    if organiser.network_id != network.pk:
        raise ValidationError({"organiser": "Organisateur : organisation inconnue."})
    if provider is not None and provider.network_id != network.pk:
        raise ValidationError({"provider": "Intervenant : organisation inconnue."})
    if any(p.network_id != network.pk for p in programmes):
        raise ValidationError({"audience_programmes": "Programmes invités : programme inconnu."})


def _check_roles(roles, field="audience_roles"):
    known = {str(value) for value in Role.values}
    if any(str(role) not in known for role in roles):
        raise ValidationError({field: "Rôles destinataires : rôle inconnu."})
    return roles_text(roles)


@transaction.atomic
def create_event(*, network, kind, title, date, organiser, programmes=(), roles=(), **fields) -> Event:
    _check_event_fields(network, organiser, fields.get("provider"), programmes)
    event = Event(
        network=network,
        kind=kind,
        title=title.strip(),
        date=date,
        organiser=organiser,
        audience_roles=_check_roles(roles),
        **fields,
    )
    event.full_clean()
    event.save()
    event.audience_programmes.set(programmes)
    return event


@transaction.atomic
def create_series(
    *,
    network,
    kind,
    title,
    first_date,
    last_date,
    organiser,
    interval_months=2,
    weekday=1,
    week_of_month=2,
    programmes=(),
    roles=(),
    **fields,
) -> EventSeries:
    """A recurring series and its generated events."""
    _check_event_fields(network, organiser, None, programmes)
    audience_roles = _check_roles(roles)
    if last_date < first_date:
        raise ValidationError({"last_date": "Jusqu'au : la date de fin ne peut précéder la date de début."})
    series = EventSeries(
        network=network,
        kind=kind,
        title=title.strip(),
        first_date=first_date,
        last_date=last_date,
        organiser=organiser,
        interval_months=interval_months,
        weekday=weekday,
        week_of_month=week_of_month,
        **fields,
    )
    series.full_clean()
    rule = MonthlyRule(interval_months, weekday, week_of_month)
    dates = occurrences(rule, first_date, last_date)
    if not dates:
        raise ValidationError({"last_date": "Jusqu'au : aucune date de la série ne tombe dans cette période."})
    if len(dates) > MAX_SERIES_EVENTS:
        raise ValidationError({"last_date": f"Jusqu'au : une série compte au plus {MAX_SERIES_EVENTS} dates."})
    series.save()
    for day in dates:
        event = Event(
            network=network,
            kind=kind,
            series=series,
            title=series.title,
            date=day,
            start_time=series.start_time,
            end_time=series.end_time,
            place=series.place,
            organiser=organiser,
            audience_roles=audience_roles,
            is_demo=series.is_demo,
        )
        event.full_clean()
        event.save()
        event.audience_programmes.set(programmes)
    return series


def _programme_carried_by(organisation, day):
    carrier = (
        ProgrammeCarrier.objects.valid_on(day).filter(organisation=organisation).select_related("programme").first()
    )
    return carrier.programme if carrier else None


def _when(event: Event) -> str:
    return (
        f"le {format_long_date(event.date)} de {event.start_time:%H:%M} à {event.end_time:%H:%M}"
        f"{', ' + event.place if event.place else ''}{', ' + event.video_link if event.video_link else ''}"
    )


def _mail(invitation: Invitation, subject: str, body: str, method: str) -> EmailMessage:
    """A message to one invited person with the event as an ``.ics`` (``REQUEST``: new or changed, the
    calendar adds or replaces it by its UID and SEQUENCE; ``CANCEL``: it removes it)."""
    event = invitation.event
    message = EmailMessage(
        subject=f"{subject} : {event.title} ({event.date:%d/%m/%Y})",
        body=f"Bonjour,\n\n{body}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach("invitation.ics", ics.calendar_bytes([event], method=method), f"text/calendar; method={method}")
    return message


def _invitation_mail(invitation: Invitation) -> EmailMessage:
    event = invitation.event
    body = (
        f"Vous êtes invité·e : {event.kind.label} — {event.title}, {_when(event)}.\n\n"
        "Répondez depuis la page de l'événement dans Réussite. L'invitation est jointe pour votre agenda."
    )
    return _mail(invitation, "Invitation", body, "REQUEST")


def _notify(event: Event, build) -> int:
    """Send ``build(invitation)`` to every invited person of ``event``, after commit (a rolled-back
    change sends nothing). Returns how many are told."""
    invitations = list(event.invitations.select_related("event__kind"))
    for invitation in invitations:
        transaction.on_commit(lambda inv=invitation: build(inv).send())
    return len(invitations)


@transaction.atomic
def invite(event: Event, memberships) -> list[Invitation]:
    """Invite the users of ``memberships`` (already scoped by the caller to the event's network);
    each receives an e-mail with the ``.ics``. Someone already invited is not invited twice."""
    _refuse_if_cancelled(event, "memberships")
    created = []
    for membership in memberships:
        user, org = membership.user, membership.organisation
        if org.network_id != event.network_id:
            raise ValidationError({"memberships": "Invités : personne inconnue."})
        if not user.email:
            raise ValidationError({"memberships": "Invités : une personne choisie n'a pas d'adresse électronique."})
        if event.invitations.filter(email__iexact=user.email).exists():
            continue
        programme = _programme_carried_by(org, event.date)
        created.append(
            Invitation.objects.create(
                event=event,
                user=user,
                full_name=user.get_full_name() or user.username,
                email=user.email,
                organisation=org,
                programme=programme,
            )
        )
    now = timezone.now()
    for invitation in created:
        # Sent after commit: a rolled-back invitation sends nothing.
        transaction.on_commit(lambda inv=invitation: _invitation_mail(inv).send())
        invitation.sent_at = now
        invitation.save(update_fields=["sent_at"])
    return created


@transaction.atomic
def reply(invitation: Invitation, answer: str) -> Invitation:
    _refuse_if_cancelled(invitation.event, "reply")
    if answer not in (Invitation.Reply.YES, Invitation.Reply.NO):
        raise ValidationError({"reply": "Réponse : choisissez oui ou non."})
    invitation.reply = answer
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "replied_at"])
    return invitation


@transaction.atomic
def record_attendance(event: Event, present_ids: set[int]) -> None:
    """Attendance on the day: the invitations in ``present_ids`` were there, the others were not."""
    _refuse_if_cancelled(event, "present")
    ids = set(event.invitations.values_list("pk", flat=True))
    if not present_ids <= ids:
        raise ValidationError({"present": "Présents : invitation inconnue pour cet événement."})
    event.invitations.filter(pk__in=present_ids).update(attended=True)
    event.invitations.exclude(pk__in=present_ids).update(attended=False)


# --- Changes, cancellation, minutes ----------------------------------------------------------------

# A change of these is told to the invited people (with the updated .ics); other fields are not.
PRACTICAL_FIELDS = ("title", "date", "start_time", "end_time", "place", "video_link")
EDITABLE_FIELDS = (*PRACTICAL_FIELDS, "kind", "provider", "speaker", "agenda")


def _refuse_if_cancelled(event: Event, field: str) -> None:
    if event.is_cancelled:
        raise ValidationError({field: "Événement : il est annulé."})


@transaction.atomic
def update_event(event: Event, *, programmes=None, roles=None, **fields) -> tuple[Event, int]:
    """Change an event (one date of a series stays in its series). When its date, times, place, link or
    title change, every invited person receives the updated ``.ics`` (same UID, higher SEQUENCE).
    Returns the event and how many people were told."""
    event = Event.objects.select_for_update(of=("self",)).select_related("kind").get(pk=event.pk)
    _refuse_if_cancelled(event, "title")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    _check_event_fields(event.network, event.organiser, fields.get("provider", event.provider), programmes or ())
    before = {name: getattr(event, name) for name in (*EDITABLE_FIELDS, "audience_roles")}
    old_action, old_year = event.kind.action_kind, event.date.year
    for name, value in fields.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    if roles is not None:
        event.audience_roles = _check_roles(roles)
    practical = any(getattr(event, name) != before[name] for name in PRACTICAL_FIELDS)
    if practical:
        event.sequence += 1
    event.full_clean()
    event.save()
    if programmes is not None:
        event.audience_programmes.set(programmes)
    if hasattr(event, "cost") and (old_action != event.kind.action_kind or old_year != event.date.year):
        # The cost moves to another year or budget line: both lines' actuals follow.
        if old_action is not None:
            actuals.refresh_actual(event.network_id, old_year, old_action.code)
        _feed_actuals(event)
    told = 0
    if practical:
        told = _notify(
            event,
            lambda inv: _mail(
                inv,
                "Modification",
                f"L'événement auquel vous êtes invité·e change : {event.kind.label} — {event.title}, "
                f"désormais {_when(event)}.\n\nL'invitation mise à jour est jointe pour votre agenda.",
                "REQUEST",
            ),
        )
    return event, told


@transaction.atomic
def cancel_event(event: Event, reason: str) -> int:
    """Cancel an event: it stays (history), marked cancelled; every invited person receives a
    cancellation (``.ics`` with ``METHOD:CANCEL``) so their calendar removes it. Returns how many."""
    event = Event.objects.select_for_update(of=("self",)).select_related("kind").get(pk=event.pk)
    _refuse_if_cancelled(event, "reason")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Motif : indiquez pourquoi l'événement est annulé."})
    if len(reason) > 300:
        raise ValidationError({"reason": "Motif : 300 caractères au plus."})
    event.cancelled_at = timezone.now()
    event.cancellation_reason = reason
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "cancellation_reason", "sequence"])
    return _notify(
        event,
        lambda inv: _mail(
            inv,
            "Annulation",
            f"L'événement auquel vous étiez invité·e est annulé : {event.kind.label} — {event.title}, "
            f"{_when(event)}.\nMotif : {event.cancellation_reason}",
            "CANCEL",
        ),
    )


@transaction.atomic
def cancel_series(series: EventSeries, reason: str, *, from_date: datetime.date) -> tuple[int, int]:
    """Cancel the dates of ``series`` from ``from_date`` on (those already cancelled stay as they
    are; past dates are history): each as ``cancel_event``. Returns (dates cancelled, people told)."""
    upcoming = list(series.events.filter(date__gte=from_date, cancelled_at__isnull=True).order_by("date"))
    if not upcoming:
        raise ValidationError({"reason": "Série : aucune date à venir à annuler."})
    told = sum(cancel_event(event, reason) for event in upcoming)
    return len(upcoming), told


@transaction.atomic
def record_minutes(event: Event, minutes: str) -> Event:
    """The minutes (compte rendu) of an event; a parcours-analysis workshop names children only by
    their pseudonymous code (the form says so; no child data is stored here)."""
    minutes = (minutes or "").strip()
    if len(minutes) > 20000:
        raise ValidationError({"minutes": "Compte rendu : 20 000 caractères au plus."})
    event.minutes = minutes
    event.save(update_fields=["minutes"])
    return event


# --- Costs ----------------------------------------------------------------------------------------


@transaction.atomic
def add_rate(
    *, network, provider, unit: str, amount: Decimal, valid_from: datetime.date, contract_reference: str = ""
) -> ProviderRate:
    """A provider's new dated rate: it applies to the costs recorded afterwards for events from
    ``valid_from`` (a recorded cost keeps the rate it copied)."""
    if provider.network_id != network.pk:
        raise ValidationError({"provider": "Prestataire : organisation inconnue."})
    if amount is None or amount < 0:
        raise ValidationError({"amount": "Tarif : il ne peut pas être négatif."})
    if ProviderRate.objects.filter(provider=provider, unit=unit, valid_from=valid_from).exists():
        raise ValidationError(
            {"valid_from": f"Applicable à partir du : ce prestataire a déjà un tarif {unit_label(unit)} à cette date."}
        )
    rate = ProviderRate(
        provider=provider,
        unit=unit,
        amount=amount,
        valid_from=valid_from,
        contract_reference=contract_reference.strip(),
    )
    rate.full_clean()
    rate.save()
    return rate


def unit_label(unit: str) -> str:
    return str(dict(ProviderRate.Unit.choices).get(unit, unit))


def rate_at(provider, unit: str, day: datetime.date) -> ProviderRate | None:
    return (
        ProviderRate.objects.filter(provider=provider, unit=unit, valid_from__lte=day).order_by("-valid_from").first()
    )


@transaction.atomic
def record_cost(event: Event, *, provider, unit: str, quantity: Decimal, invoice_reference: str = "", is_demo=False):
    """The cost of an event at the provider's rate in force on the event's date."""
    if provider.network_id != event.network_id:
        raise ValidationError({"provider": "Prestataire : organisation inconnue."})
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": "Quantité : elle doit être positive."})
    rate = rate_at(provider, unit, event.date)
    if rate is None:
        raise ValidationError(
            {"unit": f"Unité : aucun tarif de ce prestataire n'est en vigueur le {event.date:%d/%m/%Y}."}
        )
    cost, _ = EventCost.objects.update_or_create(
        event=event,
        defaults={
            "provider": provider,
            "unit": unit,
            "quantity": quantity,
            "rate": rate.amount,
            "amount": round_half_up(rate.amount * quantity),
            "invoice_reference": invoice_reference.strip(),
            "is_demo": is_demo,
        },
    )
    _feed_actuals(event)
    return cost


@transaction.atomic
def mark_paid(cost: EventCost, paid_on: datetime.date | None, invoice_reference: str | None = None) -> EventCost:
    """Record (or, with ``None``, cancel) the payment; the convention's actuals follow."""
    if paid_on is not None and paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Payé le : la date ne peut pas être dans le futur."})
    if paid_on is not None and paid_on.year < 2000:
        raise ValidationError({"paid_on": "Payé le : date invalide."})
    cost.paid_on = paid_on
    if invoice_reference is not None:
        cost.invoice_reference = invoice_reference.strip()
    cost.save(update_fields=["paid_on", "invoice_reference"])
    _feed_actuals(cost.event)
    return cost


def _feed_actuals(event: Event) -> None:
    action = event.kind.action_kind
    if action is not None:
        actuals.refresh_actual(event.network_id, event.date.year, action.code)


@actuals.actuals_provider("coordination.event_costs")
def paid_event_costs(network_id: int, year: int, action_kind_code: str) -> Decimal:
    """Paid costs of the events of that year whose kind feeds that action (by the event's date)."""
    total = EventCost.objects.filter(
        event__network_id=network_id,
        event__date__year=year,
        event__kind__action_kind__code=action_kind_code,
        paid_on__isnull=False,
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


# --- Resource library -----------------------------------------------------------------------------


@transaction.atomic
def add_resource(
    *, network, title, kind, upload=None, link="", event=None, programmes=(), roles=(), **fields
) -> Resource:
    """A document (checked: size and real type) or a link shared with ``network``."""
    if not upload and not link:
        raise ValidationError({"file": "Fichier : joignez un fichier ou indiquez un lien."})
    if event is not None and event.network_id != network.pk:
        raise ValidationError({"event": "Présenté lors de : événement inconnu."})
    if any(p.network_id != network.pk for p in programmes):
        raise ValidationError({"audience_programmes": "Programmes destinataires : programme inconnu."})
    resource = Resource(
        network=network,
        title=title.strip(),
        kind=kind,
        link=link,
        event=event,
        audience_roles=_check_roles(roles),
        **fields,
    )
    if upload:
        resource.content_type = checked_content_type(upload)
        resource.size = upload.size
        resource.file_label = upload.name[-200:]
        resource.file = upload
    resource.full_clean()
    resource.save()
    resource.audience_programmes.set(programmes)
    return resource


# --- Satisfaction ---------------------------------------------------------------------------------


@transaction.atomic
def give_feedback(invitation: Invitation, score, comment: str = "") -> Feedback:
    """The invited person's opinion, once they attended an event whose kind is a training or an
    analyse de la pratique session (kinds that feed a budget line); given again, it is replaced."""
    if invitation.event.kind.action_kind_id is None:
        raise ValidationError({"score": "Satisfaction : ce type d'événement n'est pas évalué."})
    if invitation.attended is not True:
        raise ValidationError({"score": "Satisfaction : seules les personnes présentes donnent leur avis."})
    if score not in (1, 2, 3, 4, 5):
        raise ValidationError({"score": "Satisfaction : une note de 1 à 5 est attendue."})
    feedback, _ = Feedback.objects.update_or_create(
        invitation=invitation, defaults={"score": score, "comment": comment.strip()[:2000]}
    )
    return feedback
