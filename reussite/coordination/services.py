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
from reussite.funding import actuals
from reussite.territory.models import ProgrammeCarrier

from . import ics
from .files import checked_content_type
from .models import Event, EventCost, EventSeries, Feedback, Invitation, ProviderRate, Resource
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


@transaction.atomic
def create_event(*, network, kind, title, date, organiser, programmes=(), **fields) -> Event:
    _check_event_fields(network, organiser, fields.get("provider"), programmes)
    event = Event(network=network, kind=kind, title=title.strip(), date=date, organiser=organiser, **fields)
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
    **fields,
) -> EventSeries:
    """A recurring series and its generated events."""
    _check_event_fields(network, organiser, None, programmes)
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


def _invitation_mail(invitation: Invitation) -> EmailMessage:
    event = invitation.event
    body = (
        f"Bonjour,\n\nVous êtes invité·e : {event.kind.label} — {event.title}, "
        f"le {format_long_date(event.date)} de {event.start_time:%H:%M} à {event.end_time:%H:%M}"
        f"{', ' + event.place if event.place else ''}.\n\n"
        "Répondez depuis la page de l'événement dans Réussite. L'invitation est jointe pour votre agenda.\n"
    )
    message = EmailMessage(
        subject=f"Invitation : {event.title} ({event.date:%d/%m/%Y})",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach("invitation.ics", ics.calendar_bytes([event], method="REQUEST"), "text/calendar; method=REQUEST")
    return message


@transaction.atomic
def invite(event: Event, memberships) -> list[Invitation]:
    """Invite the users of ``memberships`` (already scoped by the caller to the event's network);
    each receives an e-mail with the ``.ics``. Someone already invited is not invited twice."""
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
    if answer not in (Invitation.Reply.YES, Invitation.Reply.NO):
        raise ValidationError({"reply": "Réponse : choisissez oui ou non."})
    invitation.reply = answer
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "replied_at"])
    return invitation


@transaction.atomic
def record_attendance(event: Event, present_ids: set[int]) -> None:
    """Attendance on the day: the invitations in ``present_ids`` were there, the others were not."""
    ids = set(event.invitations.values_list("pk", flat=True))
    if not present_ids <= ids:
        raise ValidationError({"present": "Présents : invitation inconnue pour cet événement."})
    event.invitations.filter(pk__in=present_ids).update(attended=True)
    event.invitations.exclude(pk__in=present_ids).update(attended=False)


# --- Costs ----------------------------------------------------------------------------------------


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
def add_resource(*, network, title, kind, upload=None, link="", event=None, programmes=(), **fields) -> Resource:
    """A document (checked: size and real type) or a link shared with ``network``."""
    if not upload and not link:
        raise ValidationError({"file": "Fichier : joignez un fichier ou indiquez un lien."})
    if event is not None and event.network_id != network.pk:
        raise ValidationError({"event": "Présenté lors de : événement inconnu."})
    if any(p.network_id != network.pk for p in programmes):
        raise ValidationError({"audience_programmes": "Programmes destinataires : programme inconnu."})
    resource = Resource(network=network, title=title.strip(), kind=kind, link=link, event=event, **fields)
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
