"""Business operations on registers, each inside one transaction: all saved, or nothing.

Every refusal is a :class:`django.core.exceptions.ValidationError` keyed by the field concerned,
with a French message naming the rule.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from reussite.core.date_bounds import check_date, in_future_years
from reussite.core.formatting import format_short_date as _fr
from reussite.core.numbering import next_number

from . import rules_engine as engine
from .models import AgendaItem, Attendance, Body, Deliberation, Member, Proxy, Sitting

DELIBERATION_SERIES = "governance.deliberation"  # numbered per body and year

Status = Attendance.Status
_UNCHANGED = object()


def _violation(error: engine.RuleViolation) -> ValidationError:
    return ValidationError({error.field: error.message})


def _mandate_text(member: Member) -> str:
    start = _fr(member.mandate_start) if member.mandate_start else "date inconnue"
    end = _fr(member.mandate_end) if member.mandate_end else "en cours"
    return f"mandat du {start} au {end}" if member.mandate_end else f"mandat depuis le {start}"


def _unknown_member(field: str, label: str) -> ValidationError:
    """The answer for an id that is not a member of the body, whether it exists elsewhere or not:
    it must not name, nor reveal the existence of, a member of another body."""
    return ValidationError({field: f"{label} : membre inconnu de cette instance."})


def _check_in_office(member: Member | None, body: Body, day: datetime.date, field: str, label: str):
    if member is None:
        return
    if member.body_id != body.pk:
        raise _unknown_member(field, label)
    if not member.in_office_on(day):
        raise ValidationError(
            {
                field: f"{label} : {member.short_label} n'est pas en mandat le {_fr(day)} ({_mandate_text(member)}) ; "
                f"seuls les membres en exercice siègent."
            }
        )


@transaction.atomic
def prepare_sitting(
    body: Body,
    *,
    date: datetime.date,
    convened_on: datetime.date,
    place: str = "",
    starts_at: datetime.time | None = None,
    president: Member | None = None,
    secretary: Member | None = None,
    second_convocation: bool = False,
    items: Iterable[tuple[str, str] | str] = (),
) -> Sitting:
    """Create a sitting and its agenda after checking the convocation delay and the officers' mandates."""
    # Sittings are prepared ahead, not years ahead; a convocation never precedes its sitting (below).
    check_date(date, "date", "Date de la séance", latest=in_future_years(2))
    check_date(convened_on, "convened_on", "Date de convocation", latest=in_future_years(2))
    try:
        engine.check_convocation(convened_on, date, body.rules, second=second_convocation)
    except engine.RuleViolation as error:
        raise _violation(error) from error
    _check_in_office(president, body, date, "president", "Président de séance")
    _check_in_office(secretary, body, date, "secretary", "Secrétaire de séance")
    in_office = Member.objects.filter(body=body).in_office_on(date).count()
    if not in_office:
        raise ValidationError(
            {"date": f"Date de la séance : « {body.name} » n'a aucun membre en exercice le {_fr(date)}."}
        )
    sitting = Sitting.objects.create(
        body=body,
        date=date,
        starts_at=starts_at,
        place=place,
        convened_on=convened_on,
        second_convocation=second_convocation,
        president=president,
        secretary=secretary,
        members_in_office=in_office,
    )
    for item in items:
        subject, draft_text = (item, "") if isinstance(item, str) else item
        add_item(sitting, subject=subject, draft_text=draft_text)
    return sitting


@transaction.atomic
def add_item(sitting: Sitting, *, subject: str, draft_text: str = "", secret_ballot: bool = False) -> AgendaItem:
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": "Objet : il est obligatoire."})
    Sitting.objects.select_for_update().get(pk=sitting.pk)  # serialises positions within the sitting
    last = AgendaItem.objects.filter(sitting=sitting).aggregate(m=Max("position"))["m"]
    return AgendaItem.objects.create(
        sitting=sitting, position=(last or 0) + 1, subject=subject, draft_text=draft_text, secret_ballot=secret_ballot
    )


def members_for(sitting: Sitting):
    """Members in office on the sitting's date, in the order of the table."""
    return Member.objects.filter(body_id=sitting.body_id).in_office_on(sitting.date).order_by("rank", "last_name")


@transaction.atomic
def record_attendance(item: AgendaItem, entries: Mapping[int, tuple[str, int | None]]) -> list[Attendance]:
    """Record who attends ``item``: ``{member_id: (status, proxy_holder_id or None)}``.

    Every member in office gets a row (missing ones are absent). Proxies are checked against the
    body's rules (holder present, at most one proxy per holder). Refused once the item is voted.
    """
    # Same lock as record_vote: attendance cannot change under a vote being recorded.
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("sitting__body").get(pk=item.pk)
    sitting = item.sitting
    body = sitting.body
    if Deliberation.objects.filter(item=item).exists():
        raise ValidationError(
            {"attendance": "Présences : le vote de ce point est enregistré ; ses présences ne peuvent plus changer."}
        )
    in_office = {m.pk: m for m in members_for(sitting)}
    # Ids are looked up within the body only: another body's member answers like an unknown id.
    others = Member.objects.filter(body=body).in_bulk([pk for pk in entries if pk not in in_office])
    for pk in entries:
        if pk not in in_office:
            member = others.get(pk)
            if member is None:
                raise _unknown_member("member", "Membre")
            _check_in_office(member, body, sitting.date, "member", "Membre")
    statuses, proxies = {}, {}
    for pk in in_office:
        status, holder_id = entries.get(pk, (Status.ABSENT, None))
        if status not in Status.values:
            raise ValidationError({"status": f"Présence : statut « {status} » inconnu."})
        statuses[pk] = status
        if holder_id:
            holder_id = int(holder_id)
            if holder_id not in in_office:
                holder = Member.objects.filter(pk=holder_id, body=body).first()
                if holder is None:
                    raise _unknown_member("represented_by", "Représenté par")
                _check_in_office(holder, body, sitting.date, "represented_by", "Représenté par")
            proxies[pk] = holder_id
    labels = {pk: m.short_label for pk, m in in_office.items()}
    try:
        engine.check_attendance(statuses, proxies, body.rules, labels)
    except engine.RuleViolation as error:
        raise _violation(error) from error
    if sitting.members_in_office != len(in_office):  # the referential of mandates was corrected since
        sitting.members_in_office = len(in_office)
        sitting.save(update_fields=["members_in_office"])
    Attendance.objects.filter(item=item).delete()
    rows = Attendance.objects.bulk_create(
        Attendance(item=item, member_id=pk, status=statuses[pk], represented_by_id=proxies.get(pk)) for pk in in_office
    )
    for giver_id, holder_id in proxies.items():
        Proxy.objects.update_or_create(sitting=sitting, giver_id=giver_id, defaults={"holder_id": holder_id})
    return rows


def attendance_counts(item: AgendaItem) -> dict[str, int]:
    counts = engine.count_statuses(item.attendances.values_list("status", flat=True))
    return {status.value: count for status, count in counts.items()}


@transaction.atomic
def number_deliberation(deliberation: Deliberation) -> Deliberation:
    """Give the next number of the body's year, gapless: the counter row is locked until commit."""
    if deliberation.number:
        return deliberation
    deliberation.number = next_number(DELIBERATION_SERIES, deliberation.body_id, deliberation.year)
    deliberation.save(update_fields=["number"])
    return deliberation


@transaction.atomic
def record_vote(
    item: AgendaItem,
    *,
    vote_mode: str,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    president_ballot: str | None = None,
    subject: str | None = None,
    text: str | None = None,
    recipients: str | None = None,
) -> Deliberation:
    """Record the vote of an item: quorum checked on the item's attendance, outcome computed, numbered."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("sitting__body").get(pk=item.pk)
    sitting, body = item.sitting, item.sitting.body
    existing = Deliberation.objects.filter(item=item).first()
    if existing:
        raise ValidationError({"vote_mode": f"Vote : il est déjà enregistré (délibération n° {existing.reference})."})
    counts = attendance_counts(item)
    if not any(counts.values()):
        raise ValidationError(
            {"attendance": "Présences : relevez les présences de ce point avant d'enregistrer le vote."}
        )
    present, represented = counts[Status.PRESENT], counts[Status.REPRESENTED]
    voters = present + represented
    if not voters:
        raise ValidationError({"attendance": "Présences : aucun membre présent ni représenté, aucun vote possible."})
    try:
        engine.check_quorum(present, sitting.members_in_office, body.rules, sitting.second_convocation)
    except engine.RuleViolation as error:
        raise _violation(error) from error
    if vote_mode not in Deliberation.VoteMode.values:
        raise ValidationError({"vote_mode": "Vote : choisissez « à l'unanimité » ou « décompte des voix »."})
    if vote_mode == Deliberation.VoteMode.UNANIMOUS:
        votes_for, votes_against, abstentions = voters, 0, 0
    if president_ballot and president_ballot not in {b.value for b in engine.Ballot}:
        raise ValidationError({"president_ballot": "Vote du président : valeur inconnue."})
    try:
        decision = engine.decide(
            int(votes_for),
            int(votes_against),
            int(abstentions),
            voters,
            body.rules,
            secret_ballot=item.secret_ballot,
            president_ballot=president_ballot or None,
        )
    except engine.RuleViolation as error:
        raise _violation(error) from error
    subject = (subject if subject is not None else item.subject).strip()
    text = (text if text is not None else item.draft_text).strip()
    if not subject:
        raise ValidationError({"subject": "Objet : il est obligatoire."})
    if not text:
        raise ValidationError({"text": "Texte : le texte de la délibération est obligatoire."})
    deliberation = Deliberation.objects.create(
        body=body,
        item=item,
        year=sitting.date.year,
        subject=subject,
        text=text,
        vote_mode=vote_mode,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        present_count=present,
        represented_count=represented,
        casting_vote_used=decision.casting_vote_used,
        outcome=decision.outcome.value,
        recipients=body.default_recipients if recipients is None else recipients.strip(),
    )
    return number_deliberation(deliberation)


@transaction.atomic
def mark_transmitted_published(
    deliberation: Deliberation,
    *,
    transmitted_on: datetime.date | None,
    published_on: datetime.date | None,
    recipients: str | None = None,
    convention=_UNCHANGED,
) -> Deliberation:
    """Record the transmission to the prefecture and the publication (the act is then executory),
    and optionally the recipients and the convention it approves."""
    deliberation = (
        Deliberation.objects.select_for_update(of=("self",))
        .select_related("item__sitting", "body__organisation")
        .get(pk=deliberation.pk)
    )
    sitting_date = deliberation.item.sitting.date
    executory_on = deliberation.executory_on
    for field, label, value in (
        ("transmitted_on", "Date de transmission en préfecture", transmitted_on),
        ("published_on", "Date de publication", published_on),
    ):
        if value is None and executory_on:
            raise ValidationError(
                {
                    field: f"{label} : l'acte est exécutoire depuis le {_fr(executory_on)} ; "
                    f"cette date ne peut plus être effacée (corrigez-la si elle est erronée)."
                }
            )
        if value and value < sitting_date:
            raise ValidationError(
                {field: f"{label} : elle ne peut pas précéder la séance du {_fr(sitting_date)} ({_fr(value)})."}
            )
        # Transmission and publication are recorded once done: never in the future.
        check_date(value, field, label)
    deliberation.transmitted_on = transmitted_on
    deliberation.published_on = published_on
    fields = ["transmitted_on", "published_on"]
    if recipients is not None:
        deliberation.recipients = recipients.strip()
        fields.append("recipients")
    if convention is not _UNCHANGED:
        _set_convention(deliberation, convention)
        fields += ["convention", "convention_party"]
    deliberation.save(update_fields=fields)
    return deliberation


def _set_convention(deliberation: Deliberation, convention):
    if convention is None:
        deliberation.convention, deliberation.convention_party = None, None
        return
    organisation = deliberation.body.organisation
    party = convention.parties.filter(organisation=organisation).first()
    if party is None:
        raise ValidationError(
            {
                "convention": f"Convention : {organisation.short_name} n'est pas partie à la convention "
                f"« {convention.reference} » ; une instance n'approuve que les conventions de son organisation."
            }
        )
    deliberation.convention, deliberation.convention_party = convention, party


@transaction.atomic
def link_convention(deliberation: Deliberation, convention) -> Deliberation:
    """Link a deliberation to the convention it approves (and to its organisation's party)."""
    deliberation = (
        Deliberation.objects.select_for_update(of=("self",))
        .select_related("body__organisation")
        .get(pk=deliberation.pk)
    )
    _set_convention(deliberation, convention)
    deliberation.save(update_fields=["convention", "convention_party"])
    return deliberation
