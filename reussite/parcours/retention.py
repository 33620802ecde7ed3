"""Retention: a child's file is kept while the parcours is active and two years after the last
contact, then anonymised so that statistics survive (law of 18 January 2005; docs/parcours.md).

What survives: programme, quartier, sex, birth *year*, school level, statuses, referrals (date,
source, reasons, eligibility), consents (dates, purposes), parcours periods and exit reasons, the
plan's structure (domains, kinds, providers, dates, statuses), reviews (dates, profiles, levels),
EPS decisions. What goes: names, the exact birth date, the school, addresses, phones, household
composition, signed forms, every free text written about the child or the family.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from .models import (
    Axis,
    Child,
    Consent,
    EpsAgendaItem,
    Guardian,
    Household,
    Objective,
    ObjectiveResult,
    PlanAction,
    Referral,
    Review,
)

RETENTION_YEARS = 2
ANONYMISED = "(anonymisé)"


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def is_due(status: str, last_contact: datetime.date | None, today: datetime.date, years=RETENTION_YEARS) -> bool:
    """Pure: an active parcours is kept; any other file once ``years`` have passed since the last contact."""
    if status == Child.Status.ACTIVE or last_contact is None:
        return False
    return last_contact <= years_before(today, years)


def anonymised_birth_date(birth_date: datetime.date) -> datetime.date:
    """1 January of the birth year: the age on 31 December of any year (the survey's) is unchanged."""
    return birth_date.replace(month=1, day=1)


# Dated events of a child's file held by domains above parcours (care's sessions): they register a
# provider ``today -> (queryset, child path, date path)``, since parcours cannot import them.
_contact_sources: list = []


def contact_source(provider):
    """Register a provider of dated contacts (a decorator); see ``_contact_sources``."""
    _contact_sources.append(provider)
    return provider


def last_contacts(children, today: datetime.date) -> dict[int, datetime.date]:
    """Last contact of each child: the latest dated event of their file up to today (referrals,
    consents and revocations, entry and exit, plan, actions, reviews, EPS meetings). One query per
    kind of event, whatever the number of children."""
    ids = [c.pk for c in children]
    result: dict[int, datetime.date] = {}

    def merge(rows):
        for child_id, day in rows:
            if day is not None and day <= today and (child_id not in result or day > result[child_id]):
                result[child_id] = day

    for c in children:
        merge([(c.pk, c.entered_on), (c.pk, c.exited_on)])
    sources = [
        (Referral.objects, "child_id", "date"),
        (Consent.objects, "child_id", "given_on"),
        (Consent.objects, "child_id", "revoked_on"),
        (Axis.objects, "child_id", "opened_on"),
        (Objective.objects, "axis__child_id", "opened_on"),
        (PlanAction.objects.filter(starts_on__lte=today), "objective__axis__child_id", "starts_on"),
        (PlanAction.objects.filter(ends_on__lte=today), "objective__axis__child_id", "ends_on"),
        (Review.objects, "child_id", "date"),
        (EpsAgendaItem.objects.filter(meeting__date__lte=today), "child_id", "meeting__date"),
        *(provider(today) for provider in _contact_sources),
    ]
    for manager, child_path, date_path in sources:
        rows = (
            manager.filter(**{f"{child_path}__in": ids})
            .order_by()
            .values(child_path)
            .annotate(last=Max(date_path))
            .values_list(child_path, "last")
        )
        merge(rows)
    return result


@dataclass(frozen=True)
class Due:
    child: Child
    last_contact: datetime.date


def due_children(today: datetime.date, years=RETENTION_YEARS, batch=2000) -> list[Due]:
    """Files to anonymise on ``today``: not active, not anonymised yet, last contact ``years`` ago."""
    candidates = (
        Child.objects.filter(anonymised_on__isnull=True)
        .exclude(status=Child.Status.ACTIVE)
        .select_related("programme__commune")
        .order_by("pk")
    )
    due = []
    chunk = []
    for child in candidates.iterator(chunk_size=batch):
        chunk.append(child)
        if len(chunk) == batch:
            due.extend(_due_in(chunk, today, years))
            chunk = []
    due.extend(_due_in(chunk, today, years))
    return due


def _due_in(children, today, years):
    if not children:
        return []
    contacts = last_contacts(children, today)
    return [Due(c, contacts[c.pk]) for c in children if is_due(c.status, contacts.get(c.pk), today, years)]


ANONYMISED_FIRST_NAME = "Anonymisé"
# What an anonymised household and its adults keep of their identity: nothing.
ERASED_HOUSEHOLD = {"address": "", "postal_code": "", "city": "", "composition": ""}
ERASED_GUARDIAN = {"first_name": ANONYMISED_FIRST_NAME, "last_name": "", "phone": ""}


def erase_identity(child: Child, today: datetime.date) -> None:
    """Erase what identifies ``child`` on the instance (not saved): names (« Anonymisé » and the
    code), the exact birth date, the school, the exit note; mark it anonymised on ``today``. Also
    used by the demo's historical cohorts (``demo.load_history``), created in this very state."""
    child.first_name = ANONYMISED_FIRST_NAME
    child.last_name = child.code
    child.birth_date = anonymised_birth_date(child.birth_date)
    child.school = None
    child.exit_note = ""
    child.anonymised_on = today
    child.fill_derived()


@transaction.atomic
def anonymise(child: Child, today: datetime.date) -> None:
    """Erase what identifies the child and their family; keep what the statistics count.

    A household shared with a sibling whose file is still kept is erased with the last of them.
    """
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.anonymised_on is not None:
        return
    evidences = list(Consent.objects.filter(child=child).exclude(evidence="").values_list("evidence", flat=True))
    erase_identity(child, today)
    child.save()  # fill_derived: match and search keys from the code, never the former names
    Referral.objects.filter(child=child).update(referrer="")
    Consent.objects.filter(child=child).update(evidence="", revocation_note="")
    EpsAgendaItem.objects.filter(child=child).update(note="")
    Axis.objects.filter(child=child).update(title=ANONYMISED)
    Objective.objects.filter(axis__child=child).update(title=ANONYMISED)
    PlanAction.objects.filter(objective__axis__child=child).update(title=ANONYMISED)
    Review.objects.filter(child=child).update(summary="")
    ObjectiveResult.objects.filter(review__child=child).update(comment="")
    if not Child.objects.filter(household_id=child.household_id, anonymised_on__isnull=True).exists():
        Household.objects.filter(pk=child.household_id).update(**ERASED_HOUSEHOLD)
        Guardian.objects.filter(household_id=child.household_id).update(**ERASED_GUARDIAN)
    storage = Consent._meta.get_field("evidence").storage
    # The signed forms go once the transaction holds: a rollback must not leave a form without a file.
    transaction.on_commit(lambda: [storage.delete(name) for name in evidences if storage.exists(name)])
