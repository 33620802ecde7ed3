"""An id sent by a user that is outside their scope answers exactly like an id that does not exist:
same status, same body, no name of anything the user may not see."""

import re

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from tests.governance.factories import MemberFactory, board, sitting

pytestmark = pytest.mark.django_db

MISSING = 987_654_321


@pytest.fixture
def meeting(world):
    body, members = board(world.carrier, size=3)
    session = sitting(body, members)
    # A board member of another network, with a recognisable name.
    foreign = MemberFactory(body=board(world.other_carrier, size=1)[0], last_name="ETRANGERLEAK")
    return session, members, foreign


@pytest.fixture
def secretary(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


def _api_attendance(client, session, entries):
    return client.post(
        reverse("api:governance-sitting-attendance", args=[session.pk]),
        {"item": session.items.get().pk, "attendances": entries},
        content_type="application/json",
    )


def test_api_attendance_member_of_another_body_answers_like_a_missing_id(secretary, meeting):
    session, members, foreign = meeting
    present = [{"member": m.pk, "status": "present"} for m in members]
    answers = [
        _api_attendance(secretary, session, [*present, {"member": pk, "status": "present"}])
        for pk in (foreign.pk, MISSING)
    ]
    assert answers[0].status_code == answers[1].status_code == 400
    assert answers[0].content == answers[1].content
    assert "ETRANGERLEAK" not in answers[0].content.decode()
    assert answers[0].json() == {"member": ["Membre : membre inconnu de cette instance."]}


def test_api_proxy_holder_of_another_body_answers_like_a_missing_id(secretary, meeting):
    session, members, foreign = meeting
    answers = []
    for pk in (foreign.pk, MISSING):
        entries = [{"member": m.pk, "status": "present"} for m in members[:2]]
        entries.append({"member": members[2].pk, "status": "represented", "represented_by": pk})
        answers.append(_api_attendance(secretary, session, entries))
    assert answers[0].status_code == answers[1].status_code == 400
    assert answers[0].content == answers[1].content
    assert "ETRANGERLEAK" not in answers[0].content.decode()


def _errors(html: str) -> str:
    # The page differs only by its CSRF token; compare everything else.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_page_attendance_proxy_holder_of_another_body_answers_like_a_missing_id(secretary, meeting):
    session, members, foreign = meeting
    item = session.items.get()
    answers = []
    for pk in (foreign.pk, MISSING):
        data = {f"status-{m.pk}": "present" for m in members[:2]}
        data[f"status-{members[2].pk}"] = "represented"
        data[f"holder-{members[2].pk}"] = str(pk)
        answers.append(secretary.post(reverse("governance:attendance", args=[item.pk]), data))
    assert answers[0].status_code == answers[1].status_code == 400
    assert _errors(answers[0].content.decode()) == _errors(answers[1].content.decode())
    assert "ETRANGERLEAK" not in answers[0].content.decode()
    assert "membre inconnu de cette instance" in answers[0].content.decode()
