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


def test_page_publication_convention_of_another_network_answers_like_a_missing_id(secretary, world):
    from tests.funding.factories import make_convention
    from tests.governance.factories import voted_deliberation

    deliberation = voted_deliberation(world.carrier)
    foreign = make_convention(world.other_metropole, [world.other_carrier], reference="CONV-ETRANGERE-LEAK")
    answers = [
        secretary.post(reverse("governance:deliberation_publication", args=[deliberation.pk]), {"convention": pk})
        for pk in (foreign.pk, MISSING)
    ]
    assert answers[0].status_code == answers[1].status_code == 400
    assert _errors(answers[0].content.decode()) == _errors(answers[1].content.decode())
    assert "CONV-ETRANGERE-LEAK" not in answers[0].content.decode()


@pytest.fixture
def foreign_world(world):
    """A sitting, a voted item and members of another network, with recognisable names."""
    from tests.governance.factories import voted_deliberation

    deliberation = voted_deliberation(world.other_carrier)
    deliberation.item.sitting.body.members.update(last_name="ETRANGERLEAK")
    return deliberation


def _api_cases(world, meeting, foreign):
    """(url, body builder): each builder takes the id to try and returns the request body."""
    session, members, _ = meeting
    own_body = session.body_id
    item = session.items.get().pk
    foreign_member = foreign.item.sitting.body.members.first().pk
    return [
        (
            reverse("api:governance-sitting-list"),
            lambda pk: {"body": pk, "date": "2024-11-20", "convened_on": "2024-11-14"},
            foreign.body_id,
        ),
        (
            reverse("api:governance-sitting-list"),
            lambda pk: {"body": own_body, "date": "2024-11-20", "convened_on": "2024-11-14", "secretary": pk},
            foreign_member,
        ),
        (
            reverse("api:governance-sitting-attendance", args=[session.pk]),
            lambda pk: {"item": pk, "attendances": []},
            foreign.item_id,
        ),
        (
            reverse("api:governance-sitting-vote", args=[session.pk]),
            lambda pk: {"item": pk, "vote_mode": "unanimous"},
            foreign.item_id,
        ),
        (
            reverse("api:governance-sitting-attendance", args=[session.pk]),
            lambda pk: {"item": item, "attendances": [{"member": pk, "status": "present"}]},
            foreign_member,
        ),
    ]


def test_every_api_id_outside_the_scope_answers_like_a_missing_id(secretary, world, meeting, foreign_world):
    for url, body, foreign_id in _api_cases(world, meeting, foreign_world):
        outside = secretary.post(url, body(foreign_id), content_type="application/json")
        missing = secretary.post(url, body(MISSING), content_type="application/json")
        assert outside.status_code == missing.status_code, url
        assert outside.content == missing.content, url
        assert "ETRANGERLEAK" not in outside.content.decode()
    for name, foreign_id in (
        ("api:governance-sitting-attendance", foreign_world.item.sitting_id),
        ("api:governance-deliberation-publication", foreign_world.pk),
    ):
        outside = secretary.post(reverse(name, args=[foreign_id]), {}, content_type="application/json")
        missing = secretary.post(reverse(name, args=[MISSING]), {}, content_type="application/json")
        assert (outside.status_code, outside.content) == (missing.status_code, missing.content)
        assert outside.status_code == 404
