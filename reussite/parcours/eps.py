"""The *équipe pluridisciplinaire de soutien* (EPS): members bound by the confidentiality charter,
meetings, an agenda of children and a decision per child. Operations, each in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reussite.accounts.scoping import CHANGE, get_scope, scoped
from reussite.territory.scoping import coordinated_programme_ids

from .models import Child, EpsAgendaItem, EpsMeeting, EpsMember


def eps_programmes(user):
    from reussite.territory.models import Programme

    return Programme.objects.filter(pk__in=coordinated_programme_ids(get_scope(user))).select_related("commune")


def _check_programme(user, programme):
    if programme.pk not in coordinated_programme_ids(get_scope(user)):
        raise ValidationError({"programme": "Programme inconnu."})


@transaction.atomic
def add_member(
    user,
    *,
    programme,
    full_name: str,
    organisation_name: str,
    function: str,
    charter_signed_on: datetime.date,
    valid_from: datetime.date,
) -> EpsMember:
    """A member sits in the EPS only once bound by the confidentiality charter."""
    _check_programme(user, programme)
    errors = {}
    if charter_signed_on > timezone.localdate():
        errors["charter_signed_on"] = "La date de signature de la charte ne peut être dans le futur."
    if charter_signed_on > valid_from:
        errors["valid_from"] = "Un membre ne siège qu'après avoir signé la charte de confidentialité."
    if errors:
        raise ValidationError(errors)
    return EpsMember.objects.create(
        programme=programme,
        full_name=full_name.strip(),
        organisation_name=organisation_name.strip(),
        function=function.strip(),
        charter_signed_on=charter_signed_on,
        valid_from=valid_from,
    )


@transaction.atomic
def create_meeting(user, *, programme, date: datetime.date, place: str) -> EpsMeeting:
    _check_programme(user, programme)
    return EpsMeeting.objects.create(programme=programme, date=date, place=place.strip(), created_by=user)


@transaction.atomic
def add_to_agenda(user, meeting: EpsMeeting, code: str) -> EpsAgendaItem:
    """Children are put on the agenda by their code: the form never lists the programme's names."""
    child = scoped(user, Child, CHANGE).filter(programme_id=meeting.programme_id, code=code.strip().upper()).first()
    if child is None:
        raise ValidationError({"code": "Aucun enfant de ce programme ne porte ce code."})
    if meeting.items.filter(child=child).exists():
        raise ValidationError({"code": "Cet enfant est déjà à l'ordre du jour."})
    return EpsAgendaItem.objects.create(meeting=meeting, child=child)


@transaction.atomic
def record_decision(user, item: EpsAgendaItem, *, decision: str, note: str) -> EpsAgendaItem:
    if decision not in EpsAgendaItem.Decision.values:
        raise ValidationError({"decision": "Choisissez une décision."})
    if item.meeting.date > timezone.localdate():
        raise ValidationError({"decision": "La décision se prend en séance : la réunion n'a pas encore eu lieu."})
    item.decision = decision
    item.note = note.strip()
    item.save(update_fields=["decision", "note"])
    return item


@transaction.atomic
def save_minutes(user, meeting: EpsMeeting, minutes: str) -> EpsMeeting:
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    return meeting


def members_on(programme, day: datetime.date):
    return (
        EpsMember.objects.filter(programme=programme, valid_from__lte=day)
        .exclude(valid_until__lt=day)
        .order_by("full_name")
    )
