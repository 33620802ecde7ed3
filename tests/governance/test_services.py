"""Business operations: every invalid case refused with its French message, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reussite.core.models import Counter
from reussite.governance import services
from reussite.governance.models import AgendaItem, Attendance, Deliberation, Proxy, Sitting
from tests.governance.factories import all_present, board, sitting, voted_deliberation

pytestmark = pytest.mark.django_db

P, R, E, A = (
    Attendance.Status.PRESENT,
    Attendance.Status.REPRESENTED,
    Attendance.Status.EXCUSED,
    Attendance.Status.ABSENT,
)


def message(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


# --- sittings ---


def test_prepare_sitting_counts_members_in_office_and_creates_agenda():
    body, members = board(size=6)
    members[5].mandate_end = datetime.date(2024, 6, 30)
    members[5].save()
    session = sitting(body, members, subjects=("Budget", "Convention"))
    assert session.members_in_office == 5
    assert list(session.items.values_list("position", "subject")) == [(1, "Budget"), (2, "Convention")]


def test_convocation_too_late_is_refused_and_nothing_saved():
    body, members = board()
    with pytest.raises(ValidationError) as error:
        sitting(body, members, convened_on=datetime.date(2024, 9, 29))
    text = message(error.value, "convened_on")
    assert "Date de convocation" in text
    assert "3 jours francs" in text
    assert "au plus tard le 28/09/2024" in text
    assert not Sitting.objects.exists()
    assert not AgendaItem.objects.exists()


def test_body_rule_changes_the_delay():
    body, members = board(convocation_clear_days=5)
    with pytest.raises(ValidationError) as error:
        sitting(body, members, convened_on=datetime.date(2024, 9, 27))  # 4 clear days
    assert "5 jours francs" in message(error.value, "convened_on")


def test_president_out_of_mandate_is_refused():
    body, members = board()
    members[0].mandate_start = datetime.date(2025, 1, 1)
    members[0].save()
    with pytest.raises(ValidationError) as error:
        sitting(body, members)
    text = message(error.value, "president")
    assert f"Président de séance : {members[0].short_label} n'est pas en mandat le 02/10/2024" in text
    assert not Sitting.objects.exists()


# --- attendance ---


@pytest.fixture
def meeting():
    body, members = board(size=5)
    session = sitting(body, members, subjects=("Un", "Deux"))
    return session, members


def test_attendance_with_proxy_is_recorded(meeting):
    session, (a, b, c, d, e) = meeting
    item = session.items.get(position=1)
    services.record_attendance(
        item, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None), d.pk: (R, a.pk), e.pk: (E, None)}
    )
    assert services.attendance_counts(item) == {
        "present": 3,
        "represented": 1,
        "excused": 1,
        "absent": 0,
        "absent_or_excused": 0,
        "unknown": 0,
        "named": True,
        "counted": False,
    }
    assert Proxy.objects.get(sitting=session, giver=d).holder == a
    assert item.attendances.get(member=d).represented_by == a


def test_members_left_out_are_absent(meeting):
    session, (a, b, c, _d, _e) = meeting
    item = session.items.get(position=1)
    services.record_attendance(item, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None)})
    assert services.attendance_counts(item)["absent"] == 2


def test_proxy_to_an_absent_member_is_refused(meeting):
    session, (a, b, c, d, e) = meeting
    item = session.items.get(position=1)
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            item, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None), d.pk: (R, e.pk), e.pk: (A, None)}
        )
    text = message(error.value, "represented_by")
    assert f"le pouvoir de {d.short_label} est donné à {e.short_label}, qui ne figure pas parmi les présents" in text
    assert not Attendance.objects.exists()
    assert not Proxy.objects.exists()


def test_two_proxies_held_by_one_member_are_refused(meeting):
    session, (a, b, c, d, e) = meeting
    item = session.items.get(position=1)
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            item, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None), d.pk: (R, a.pk), e.pk: (R, a.pk)}
        )
    assert f"{a.short_label} détient 2 pouvoirs" in message(error.value, "represented_by")
    assert not Attendance.objects.exists()


def test_member_out_of_mandate_is_refused(meeting):
    session, members = meeting
    from tests.governance.factories import MemberFactory

    former = MemberFactory(body=session.body, mandate_end=datetime.date(2024, 3, 31))
    item = session.items.get(position=1)
    entries = {m.pk: (P, None) for m in members}
    entries[former.pk] = (P, None)
    with pytest.raises(ValidationError) as error:
        services.record_attendance(item, entries)
    text = message(error.value, "member")
    assert f"Membre : {former.short_label} n'est pas en mandat le 02/10/2024" in text
    assert "mandat du" in text or "mandat depuis" in text
    assert not Attendance.objects.exists()


def test_proxy_holder_out_of_mandate_is_refused(meeting):
    session, (a, b, c, d, e) = meeting
    from tests.governance.factories import MemberFactory

    former = MemberFactory(body=session.body, mandate_end=datetime.date(2024, 3, 31))
    item = session.items.get(position=1)
    with pytest.raises(ValidationError) as error:
        services.record_attendance(item, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None), d.pk: (R, former.pk)})
    assert "Représenté par" in message(error.value, "represented_by")


def test_arrivals_and_departures_between_items(meeting):
    session, (a, b, c, d, e) = meeting
    first, second = session.items.order_by("position")
    services.record_attendance(first, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None), d.pk: (A, None)})
    # d arrives, c leaves giving a proxy to d.
    services.record_attendance(
        second, {a.pk: (P, None), b.pk: (P, None), c.pk: (R, d.pk), d.pk: (P, None), e.pk: (E, None)}
    )
    assert first.attendances.get(member=d).status == A
    assert second.attendances.get(member=d).status == P
    assert second.attendances.get(member=c).represented_by == d


# --- votes ---


def test_quorum_not_met_is_refused(meeting):
    session, (a, b, c, d, e) = meeting
    item = session.items.get(position=1)
    services.record_attendance(item, {a.pk: (P, None), b.pk: (P, None), c.pk: (R, a.pk), d.pk: (R, b.pk)})
    with pytest.raises(ValidationError) as error:
        services.record_vote(item, vote_mode="unanimous")
    text = message(error.value, "attendance")
    assert "Quorum non atteint : 2 membre(s) présent(s) sur 5 en exercice, il en faut au moins 3" in text
    assert not Deliberation.objects.exists()
    assert not Counter.objects.filter(series=services.DELIBERATION_SERIES, last_number__gt=0).exists()


def test_second_convocation_needs_no_quorum():
    body, members = board(size=5)
    session = sitting(body, members, second_convocation=True)
    item = session.items.get()
    services.record_attendance(item, {members[0].pk: (P, None), members[1].pk: (P, None)})
    deliberation = services.record_vote(item, vote_mode="unanimous")
    assert deliberation.outcome == "adopted"
    assert deliberation.votes_for == 2


def test_vote_count_larger_than_voters_is_refused(meeting):
    session, members = meeting
    item = session.items.get(position=1)
    all_present(item, members)
    with pytest.raises(ValidationError) as error:
        services.record_vote(item, vote_mode="counted", votes_for=4, votes_against=1, abstentions=1)
    assert "6 voix et abstentions déclarées" in message(error.value, "votes_for")
    assert "5 votant(s)" in message(error.value, "votes_for")
    assert not Deliberation.objects.exists()


def test_vote_without_attendance_is_refused(meeting):
    session, _members = meeting
    with pytest.raises(ValidationError) as error:
        services.record_vote(session.items.get(position=1), vote_mode="unanimous")
    assert "relevez les présences" in message(error.value, "attendance")


def test_counted_vote_rejected_and_tie_broken_by_president(meeting):
    session, members = meeting
    first, second = session.items.order_by("position")
    all_present(first, members)
    rejected = services.record_vote(first, vote_mode="counted", votes_for=2, votes_against=3)
    assert rejected.outcome == "rejected"
    assert rejected.decision_sentence == "Rejetée par 2 voix pour et 3 voix contre."
    all_present(second, members)
    tie = services.record_vote(
        second, vote_mode="counted", votes_for=2, votes_against=2, abstentions=1, president_ballot="for"
    )
    assert tie.outcome == "adopted"
    assert tie.casting_vote_used
    assert (rejected.number, tie.number) == (1, 2)


def test_attendance_is_locked_once_voted(meeting):
    session, members = meeting
    item = session.items.get(position=1)
    all_present(item, members)
    services.record_vote(item, vote_mode="unanimous")
    with pytest.raises(ValidationError) as error:
        services.record_attendance(item, {m.pk: (A, None) for m in members})
    assert "ne peuvent plus changer" in message(error.value, "attendance")
    with pytest.raises(ValidationError):
        services.record_vote(item, vote_mode="unanimous")


# --- numbering ---


def test_numbering_is_per_body_and_year_and_gapless():
    first = voted_deliberation()
    body = first.body
    members = list(body.members.all())
    numbers = [first.number]
    for day in (datetime.date(2024, 11, 20), datetime.date(2024, 12, 18)):
        s = sitting(body, members, date=day, convened_on=day - datetime.timedelta(days=10))
        item = s.items.get()
        all_present(item, members)
        numbers.append(services.record_vote(item, vote_mode="unanimous").number)
    s = sitting(body, members, date=datetime.date(2025, 1, 15), convened_on=datetime.date(2025, 1, 5))
    all_present(s.items.get(), members)
    next_year = services.record_vote(s.items.get(), vote_mode="unanimous")
    other_body = voted_deliberation()
    assert numbers == [1, 2, 3]
    assert (next_year.year, next_year.number, next_year.reference) == (2025, 1, "2025-001")
    assert other_body.number == 1


# --- transmission, publication, executory date ---


def test_executory_date_is_the_later_of_transmission_and_publication():
    deliberation = voted_deliberation()
    assert deliberation.executory_on is None
    services.mark_transmitted_published(deliberation, transmitted_on=datetime.date(2024, 10, 8), published_on=None)
    deliberation.refresh_from_db()
    assert deliberation.executory_on is None
    services.mark_transmitted_published(
        deliberation, transmitted_on=datetime.date(2024, 10, 8), published_on=datetime.date(2024, 10, 4)
    )
    deliberation.refresh_from_db()
    assert deliberation.executory_on == datetime.date(2024, 10, 8)


def test_transmission_before_the_sitting_is_refused():
    deliberation = voted_deliberation()
    with pytest.raises(ValidationError) as error:
        services.mark_transmitted_published(deliberation, transmitted_on=datetime.date(2024, 9, 30), published_on=None)
    assert "ne peut pas précéder la séance du 02/10/2024" in message(error.value, "transmitted_on")
    deliberation.refresh_from_db()
    assert deliberation.transmitted_on is None
