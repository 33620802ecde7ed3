"""Business operations on registers, each inside one transaction: all saved, or nothing.

Every refusal is a :class:`django.core.exceptions.ValidationError` keyed by the field concerned,
with a French message naming the rule.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reussite.core import numbering
from reussite.core.date_bounds import check_date, in_future_years
from reussite.core.formatting import format_short_date as _fr
from reussite.core.numbering import next_number

from . import rules_engine as engine
from .models import AgendaItem, Attendance, Body, Deliberation, Member, Proxy, Sitting, VoteRectification

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
    convened_on: datetime.date | None = None,
    place: str = "",
    starts_at: datetime.time | None = None,
    president: Member | None = None,
    secretary: Member | None = None,
    secretary_name: str = "",
    second_convocation: bool = False,
    printed_members_in_office: int | None = None,
    members_in_office_note: str = "",
    items: Iterable[tuple[str, str] | str] = (),
) -> Sitting:
    """Create a sitting and its agenda after checking the convocation delay and the officers' mandates.

    The convocation date may be unknown (a past register that does not print it): the delay is then
    "non vérifiable". The secretary is a member or, by name, a staff member. The members in office
    printed by the document are kept beside the computed figure."""
    # Sittings are prepared ahead, not years ahead; a convocation never precedes its sitting (below).
    check_date(date, "date", "Date de la séance", latest=in_future_years(2))
    check_date(convened_on, "convened_on", "Date de convocation", latest=in_future_years(2))
    try:
        engine.check_convocation(convened_on, date, body.rules, second=second_convocation)
    except engine.RuleViolation as error:
        raise _violation(error) from error
    _check_in_office(president, body, date, "president", "Président de séance")
    _check_in_office(secretary, body, date, "secretary", "Secrétaire de séance")
    secretary_name = (secretary_name or "").strip()
    if secretary and secretary_name:
        raise ValidationError(
            {
                "secretary_name": "Secrétaire de séance (agent) : choisissez un membre ou saisissez le nom d'un "
                "agent, pas les deux."
            }
        )
    in_office = computed_members_in_office(body, date)
    if printed_members_in_office is not None and not 0 < printed_members_in_office <= 500:
        raise ValidationError(
            {"printed_members_in_office": "Membres en exercice (imprimé) : un nombre entre 1 et 500."}
        )
    if not in_office and not printed_members_in_office:
        raise ValidationError(
            {
                "date": f"Date de la séance : « {body.name} » n'a aucun membre en exercice le {_fr(date)} ; "
                f"enregistrez ses membres ou saisissez le nombre de membres en exercice imprimé."
            }
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
        secretary_name=secretary_name,
        # Without any member recorded, the printed figure is the only one known.
        members_in_office=in_office or printed_members_in_office,
        printed_members_in_office=printed_members_in_office,
        members_in_office_note=(members_in_office_note or "").strip(),
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


def computed_members_in_office(body: Body, day: datetime.date) -> int:
    """Members in office as the body counts them (its ex officio president counted or not)."""
    seated = list(Member.objects.filter(body=body).in_office_on(day).values_list("is_president", flat=True))
    return engine.members_in_office(len(seated), any(seated), body.rules)


_NOT_HELD = {
    "Présences": "on ne relève les présences qu'une fois la séance tenue",
    "Vote": "on n'enregistre un vote qu'une fois la séance tenue",
    "Séance qui rectifie": "une rectification s'enregistre une fois la séance tenue",
}


def _check_held(sitting: Sitting, what: str, field: str = "attendance"):
    """Attendance, votes and rectifications are recorded once the sitting has taken place."""
    today = timezone.localdate()
    if sitting.date > today:
        raise ValidationError(
            {
                field: f"{what} : la séance du {_fr(sitting.date)} n'a pas encore eu lieu (nous sommes le "
                f"{_fr(today)}) ; {_NOT_HELD[what]}."
            }
        )


def _entries(entries) -> list[tuple[int, str, int | None]]:
    """``{member: (status, holder)}`` or ``[(member, status, holder)]`` as a list of triples."""
    if isinstance(entries, Mapping):
        return [(pk, status, holder) for pk, (status, holder) in entries.items()]
    return [tuple(entry) for entry in entries]


@transaction.atomic
def record_attendance(item: AgendaItem, entries) -> list[Attendance]:
    """Record who attends ``item``: ``{member_id: (status, holder_id or None)}`` or a list of
    ``(member_id, status, holder_id)`` (the API's shape: a member sent twice is refused, not "last one wins").

    Every member in office gets a row (missing ones are absent, or "non précisé" when the item's
    printed counts are recorded: the names are then partial). A represented member's holder may be
    unknown (None: the document does not name it). Named holders are checked against the body's
    rules (holder present, at most one proxy per holder). Refused once the item is voted, or before
    the sitting has taken place.
    """
    # Same lock as record_vote: attendance cannot change under a vote being recorded.
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("sitting__body").get(pk=item.pk)
    sitting = item.sitting
    body = sitting.body
    _check_held(sitting, "Présences")
    if Deliberation.objects.filter(item=item).exists():
        raise ValidationError(
            {"attendance": "Présences : le vote de ce point est enregistré ; ses présences ne peuvent plus changer."}
        )
    triples = _entries(entries)
    in_office = {m.pk: m for m in members_for(sitting)}
    sent = [pk for pk, _status, _holder in triples]
    # Ids are looked up within the body only: another body's member answers like an unknown id.
    others = Member.objects.filter(body=body).in_bulk([pk for pk in sent if pk not in in_office])
    for pk in sent:
        if pk not in in_office:
            member = others.get(pk)
            if member is None:
                raise _unknown_member("member", "Membre")
            _check_in_office(member, body, sitting.date, "member", "Membre")
    seen = set()
    for pk in sent:
        if pk in seen:
            raise ValidationError(
                {
                    "member": f"Membre : {in_office[pk].short_label} figure deux fois dans les présences envoyées ; "
                    f"un membre n'a qu'une présence par point."
                }
            )
        seen.add(pk)
    given = {pk: (status, holder) for pk, status, holder in triples}
    # Beside printed counts, the names are partial: a member left out is "non précisé", not absent.
    left_out = Status.UNKNOWN if item.counted_present is not None else Status.ABSENT
    statuses, proxies = {}, {}
    for pk in in_office:
        status, holder_id = given.get(pk, (left_out, None))
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
    computed = computed_members_in_office(body, sitting.date)
    if computed and sitting.members_in_office != computed:  # the referential of mandates was corrected since
        sitting.members_in_office = computed
        sitting.save(update_fields=["members_in_office"])
    Attendance.objects.filter(item=item).delete()
    rows = Attendance.objects.bulk_create(
        Attendance(item=item, member_id=pk, status=statuses[pk], represented_by_id=proxies.get(pk)) for pk in in_office
    )
    for giver_id, holder_id in proxies.items():
        Proxy.objects.update_or_create(sitting=sitting, giver_id=giver_id, defaults={"holder_id": holder_id})
    return rows


@transaction.atomic
def record_attendance_counts(
    item: AgendaItem, *, present: int | None, represented: int | None = 0, absent: int | None = None
):
    """Record an item's attendance counts as the document prints them (arrivals and departures between
    items are different counts on different items). The counts prevail for the quorum and the vote;
    names recorded too (a document that prints counts and only some names) are kept and compared.
    ``present=None`` removes the counts (the names alone then count)."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("sitting__body").get(pk=item.pk)
    sitting = item.sitting
    _check_held(sitting, "Présences")
    if Deliberation.objects.filter(item=item).exists():
        raise ValidationError(
            {"attendance": "Présences : le vote de ce point est enregistré ; ses présences ne peuvent plus changer."}
        )
    for field, label, value in (
        ("present", "Présents", present),
        ("represented", "Représentés", represented),
        ("absent", "Absents ou excusés", absent),
    ):
        if value is not None and (value < 0 or value > 500):
            raise ValidationError({field: f"{label} : un nombre entre 0 et 500."})
    if present is None:
        item.counted_present = item.counted_represented = item.counted_absent = None
        item.save(update_fields=["counted_present", "counted_represented", "counted_absent"])
        return item
    represented = represented or 0
    ceiling = max(sitting.members_in_office, sitting.printed_members_in_office or 0)
    if present + represented > ceiling:
        raise ValidationError(
            {
                "present": f"Présents : {present} présent(s) et {represented} représenté(s) pour {ceiling} membre(s) "
                f"en exercice ; il ne peut y avoir plus de votants que de membres."
            }
        )
    per_holder = sitting.body.max_proxies_per_holder
    if represented > present * per_holder:
        raise ValidationError(
            {
                "represented": f"Représentés : {represented} pouvoir(s) pour {present} présent(s) ; chaque pouvoir "
                f"est détenu par un membre présent, qui en détient au plus {per_holder}."
            }
        )
    item.counted_present, item.counted_represented, item.counted_absent = present, represented, absent
    item.save(update_fields=["counted_present", "counted_represented", "counted_absent"])
    return item


def attendance_counts(item: AgendaItem) -> dict[str, int]:
    """Counts per status: the printed counts where recorded (``counted``), else the named rows
    (``named``: rows exist)."""
    counts = engine.count_statuses(item.attendances.values_list("status", flat=True))
    result = {status.value: count for status, count in counts.items()}
    result["named"] = any(counts.values())
    result["counted"] = item.counted_present is not None
    if result["counted"]:
        result[Status.PRESENT] = item.counted_present
        result[Status.REPRESENTED] = item.counted_represented or 0
        if item.counted_absent is not None:
            result[Status.ABSENT_OR_EXCUSED] = item.counted_absent
    return result


@transaction.atomic
def number_deliberation(deliberation: Deliberation) -> Deliberation:
    """Give the next number of the body's year, gapless: the counter row is locked until commit.

    New numbers continue after the highest one of the year (printed numbers of a past register
    included), in sitting order: a sitting earlier than an already numbered one must be entered with
    its printed number."""
    if deliberation.number:
        return deliberation
    later = (
        Deliberation.objects.numbered()
        .filter(body_id=deliberation.body_id, year=deliberation.year, item__sitting__date__gt=deliberation.sitting.date)
        .select_related("item__sitting")
        .order_by("item__sitting__date", "number")
        .first()
    )
    if later:
        raise ValidationError(
            {
                "printed_number": f"Numéro imprimé : la délibération n° {later.reference} de la séance du "
                f"{_fr(later.sitting.date)} est déjà numérotée ; une séance antérieure s'enregistre avec le numéro "
                f"imprimé au registre."
            }
        )
    deliberation.number = next_number(DELIBERATION_SERIES, deliberation.body_id, deliberation.year)
    deliberation.save(update_fields=["number"])
    return deliberation


def _printed_order(body: Body, year: int, printed_number: str, order: int | None, sitting_date) -> int:
    """The order in the year of a printed number (read from it, or given), free in the register."""
    if len(printed_number) > 40:
        raise ValidationError({"printed_number": "Numéro imprimé : 40 caractères au plus."})
    if order is None:
        order = engine.sequence_from_printed_number(printed_number, sitting_date)
    if not order or order > 99_999:
        raise ValidationError(
            {
                "printed_order": f"Rang dans l'année : impossible de le lire dans « {printed_number} » ; "
                f"indiquez le rang de la délibération dans l'année {year} (1 à 99999)."
            }
        )
    taken = Deliberation.objects.filter(body=body, year=year, number=order).first()
    if taken:
        raise ValidationError(
            {
                "printed_number": f"Numéro imprimé : le rang {order} de {year} est déjà celui de la délibération "
                f"n° {taken.reference} ; un numéro n'est donné qu'une fois."
            }
        )
    return order


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
    printed_number: str = "",
    printed_order: int | None = None,
    printed_voters: int | None = None,
) -> Deliberation:
    """Record the vote of an item: quorum checked on the item's attendance, outcome computed, numbered.

    ``printed_number``: the number printed in a past register, kept as printed (its order in the year
    is read from it or given in ``printed_order``); otherwise the next number of the year."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("sitting__body").get(pk=item.pk)
    sitting, body = item.sitting, item.sitting.body
    _check_held(sitting, "Vote")
    existing = Deliberation.objects.filter(item=item).first()
    if existing:
        raise ValidationError({"vote_mode": f"Vote : il est déjà enregistré (délibération n° {existing.reference})."})
    counts = attendance_counts(item)
    if not counts["named"] and not counts["counted"]:
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
        raise ValidationError({"attendance": f"Vote refusé pour le point {item.position} : {error.message}"}) from error
    if printed_voters is not None and not 0 <= printed_voters <= 500:
        raise ValidationError({"printed_voters": "Votants (imprimé) : un nombre entre 0 et 500."})
    printed_number = (printed_number or "").strip()
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
        printed_voters=printed_voters,
    )
    if printed_number:
        order = _printed_order(body, deliberation.year, printed_number, printed_order, sitting.date)
        deliberation.printed_number, deliberation.number = printed_number, order
        deliberation.save(update_fields=["printed_number", "number"])
        numbering.raise_to(DELIBERATION_SERIES, body.pk, deliberation.year, order)
        return deliberation
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


@transaction.atomic
def cancel_deliberation(deliberation: Deliberation, *, reason: str) -> Deliberation:
    """Cancel a mistaken entry until the act is transmitted. Its item may be voted again. Its number is
    not burnt: the last number of the year goes back to the counter (the next act takes it); an
    earlier one stays in the register, shown as cancelled with the reason."""
    deliberation = (
        Deliberation.objects.select_for_update(of=("self",)).select_related("item__sitting").get(pk=deliberation.pk)
    )
    reason = (reason or "").strip()
    if deliberation.is_cancelled:
        raise ValidationError(
            {"reason": f"Annulation : la délibération est déjà annulée ({_fr(deliberation.cancelled_on)})."}
        )
    if deliberation.transmitted_on:
        raise ValidationError(
            {
                "reason": f"Annulation : la délibération a été transmise en préfecture le "
                f"{_fr(deliberation.transmitted_on)} ; elle ne peut plus être annulée, seule une nouvelle délibération "
                f"peut la retirer."
            }
        )
    if not reason:
        raise ValidationError({"reason": "Motif de l'annulation : il est obligatoire (il figure au registre)."})
    fields = ["cancelled_on", "cancellation_reason", "item", "cancelled_item"]
    if (
        deliberation.number
        and not deliberation.printed_number
        and numbering.release_last(DELIBERATION_SERIES, deliberation.body_id, deliberation.year, deliberation.number)
    ):
        deliberation.released_number, deliberation.number = deliberation.number, None
        fields += ["released_number", "number"]
    deliberation.cancelled_item = deliberation.item
    deliberation.item = None
    deliberation.cancelled_on = timezone.localdate()
    deliberation.cancellation_reason = reason
    deliberation.save(update_fields=fields)
    return deliberation


@transaction.atomic
def rectify_vote(
    deliberation: Deliberation,
    *,
    sitting: Sitting,
    vote_mode: str,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    reason: str,
) -> VoteRectification:
    """A later sitting corrects the breakdown of a recorded vote: dated by that sitting, the original
    kept. It cannot change the decision (that takes a new deliberation)."""
    deliberation = (
        Deliberation.objects.select_for_update(of=("self",))
        .select_related("item__sitting", "body")
        .get(pk=deliberation.pk)
    )
    if deliberation.is_cancelled:
        raise ValidationError({"sitting": "Rectification : la délibération est annulée."})
    if sitting.body_id != deliberation.body_id:
        raise ValidationError({"sitting": "Séance qui rectifie : séance inconnue de cette instance."})
    original = deliberation.sitting.date
    if sitting.date <= original:
        raise ValidationError(
            {
                "sitting": f"Séance qui rectifie : elle doit être postérieure à la séance du {_fr(original)} "
                f"({_fr(sitting.date)})."
            }
        )
    _check_held(sitting, "Séance qui rectifie", "sitting")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Motif de la rectification : il est obligatoire."})
    if vote_mode not in Deliberation.VoteMode.values:
        raise ValidationError({"vote_mode": "Vote : choisissez « à l'unanimité » ou « décompte des voix »."})
    voters = deliberation.voters
    if vote_mode == Deliberation.VoteMode.UNANIMOUS:
        votes_for, votes_against, abstentions = voters, 0, 0
    try:
        decision = engine.decide(int(votes_for), int(votes_against), int(abstentions), voters, deliberation.body.rules)
    except engine.RuleViolation as error:
        raise _violation(error) from error
    if decision.outcome.value != deliberation.outcome and not deliberation.casting_vote_used:
        new = Deliberation.Outcome(decision.outcome.value).label
        raise ValidationError(
            {
                "votes_for": "Nombre de voix : ce décompte changerait la décision "
                f"({deliberation.get_outcome_display()} → {new}) ; une rectification corrige le décompte, "
                f"pas la décision : il faut une nouvelle délibération."
            }
        )
    return VoteRectification.objects.create(
        deliberation=deliberation,
        sitting=sitting,
        vote_mode=vote_mode,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        reason=reason,
    )


def checks(deliberation: Deliberation) -> list[engine.Check]:
    """What the rules conclude on a deliberation as recorded: verified, broken or not verifiable."""
    sitting = deliberation.sitting
    body = deliberation.body
    rules = body.rules
    result = [engine.convocation_check(sitting.convened_on, sitting.date, rules, sitting.second_convocation)]
    computed = computed_members_in_office(body, sitting.date)
    result.append(
        engine.printed_figure_check(
            "Membres en exercice", sitting.printed_members_in_office, computed, sitting.members_in_office_note
        )
    )
    item = deliberation.agenda_item
    counts = attendance_counts(item)
    represented = list(item.attendances.filter(status=Status.REPRESENTED).select_related("member"))
    unnamed = [a.member.short_label for a in represented if a.represented_by_id is None]
    if counts["counted"]:
        # Proxies printed as a count: those without a named holder cannot be checked.
        with_holder = len(represented) - len(unnamed)
        result.append(engine.proxies_check(max(counts[Status.REPRESENTED] - with_holder, 0), rules, unnamed))
        if counts["named"]:
            named = engine.count_statuses(item.attendances.values_list("status", flat=True))
            for status, rule in ((Status.PRESENT, "Présents nommés"), (Status.REPRESENTED, "Représentés nommés")):
                result.append(engine.names_within_count(rule, counts[status], named[status]))
    elif counts["named"]:
        result.append(engine.proxies_check(len(unnamed), rules, unnamed))
    if deliberation.printed_voters is not None:
        result.append(engine.printed_figure_check("Votants", deliberation.printed_voters, deliberation.voters))
    return result
