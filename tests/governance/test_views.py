"""Pages: a board secretary prepares a sitting, takes attendance, records a vote, downloads the extract."""

import datetime

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.governance import services
from reussite.governance.models import Attendance, Deliberation, Sitting
from tests.governance.factories import all_present, board, sitting, voted_deliberation

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


@pytest.fixture
def own_board(world):
    return board(world.carrier, size=5)


def test_full_flow(secretary, own_board):
    body, members = own_board
    a, b, c, d, e = members
    # Prepare the sitting.
    response = secretary.post(
        reverse("governance:sitting_create", args=[body.pk]),
        {
            "date": "2024-11-20",
            "convened_on": "2024-11-14",
            "place": "Salle du conseil",
            "president": a.pk,
            "agenda": "Approbation de la convention\nQuestions diverses",
        },
    )
    sitting = Sitting.objects.get(body=body)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:sitting_detail", args=[sitting.pk])
    item = sitting.items.get(position=1)
    page = secretary.get(response["Location"]).content.decode()
    assert "Approbation de la convention" in page
    assert reverse("governance:attendance", args=[item.pk]) in page

    # Attendance refused: two proxies held by one member; nothing saved, reason shown.
    url = reverse("governance:attendance", args=[item.pk])
    invalid = {
        f"status-{a.pk}": "present",
        f"status-{b.pk}": "present",
        f"status-{c.pk}": "present",
        f"status-{d.pk}": "represented",
        f"holder-{d.pk}": a.pk,
        f"status-{e.pk}": "represented",
        f"holder-{e.pk}": a.pk,
    }
    response = secretary.post(url, invalid)
    assert response.status_code == 400
    assert f"{a.short_label} détient 2 pouvoirs" in response.content.decode()
    assert not Attendance.objects.filter(item=item).exists()

    # Valid attendance.
    valid = {**invalid, f"status-{e.pk}": "excused", f"holder-{e.pk}": ""}
    response = secretary.post(url, valid)
    assert response.status_code == 302
    assert item.attendances.count() == 5

    # Vote refused: more votes than voters (3 present + 1 represented).
    vote_url = reverse("governance:vote", args=[item.pk])
    form = {"vote_mode": "counted", "votes_for": 3, "votes_against": 2, "abstentions": 0}
    form |= {"subject": item.subject, "text": "Le conseil approuve la convention.", "recipients": "Préfecture : 1"}
    response = secretary.post(vote_url, form)
    assert response.status_code == 400
    assert "5 voix et abstentions déclarées" in response.content.decode()
    assert not Deliberation.objects.exists()

    # Vote recorded and numbered.
    response = secretary.post(vote_url, {**form, "votes_against": 1})
    deliberation = Deliberation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:deliberation_detail", args=[deliberation.pk])
    assert (deliberation.reference, deliberation.outcome) == ("2024-001", "adopted")
    detail = secretary.get(response["Location"]).content.decode()
    assert "Adoptée par 3 voix pour et 1 voix contre." in detail

    # Extract.
    response = secretary.get(reverse("governance:deliberation_extract", args=[deliberation.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="extrait-{body.code}-2024-001.pdf"')

    # Transmission and publication.
    response = secretary.post(
        reverse("governance:deliberation_publication", args=[deliberation.pk]),
        {"transmitted_on": "2024-11-25", "published_on": "2024-11-22", "recipients": "Préfecture : 1"},
    )
    assert response.status_code == 302
    deliberation.refresh_from_db()
    assert str(deliberation.executory_on) == "2024-11-25"


def test_convocation_too_late_shown_on_the_form(secretary, own_board):
    body, members = own_board
    response = secretary.post(
        reverse("governance:sitting_create", args=[body.pk]),
        {"date": "2024-11-20", "convened_on": "2024-11-18", "agenda": "Point"},
    )
    assert response.status_code == 200
    assert "au moins 3 jours francs" in response.content.decode()
    assert not Sitting.objects.exists()


def test_register_filters_by_year_and_subject(secretary, world):
    first = voted_deliberation(world.carrier)
    body = first.body
    first.subject = "Convention pluriannuelle"
    first.save()
    members = list(body.members.all())
    later = sitting(body, members, date=datetime.date(2025, 3, 12), convened_on=datetime.date(2025, 3, 1))
    all_present(later.items.get(), members)
    services.record_vote(later.items.get(), vote_mode="unanimous")
    url = reverse("governance:body_detail", args=[body.pk])
    everything = secretary.get(url).content.decode()
    assert "2024-001" in everything and "2025-001" in everything
    only_2025 = secretary.get(url, {"annee": "2025"}).content.decode()
    assert "2025-001" in only_2025 and "2024-001" not in only_2025
    by_subject = secretary.get(url, {"objet": "pluriannuelle"}).content.decode()
    assert "2024-001" in by_subject and "2025-001" not in by_subject


def test_attendance_starts_from_the_previous_item(secretary, own_board):
    """Members stay between items: the form of item 2 starts from item 1's attendance."""
    body, members = own_board
    session = sitting(body, members, subjects=("Un", "Deux"))
    first, second = session.items.order_by("position")
    services.record_attendance(first, {m.pk: ("present" if i < 3 else "excused", None) for i, m in enumerate(members)})
    page = secretary.get(reverse("governance:attendance", args=[second.pk])).content.decode()
    fragment = page[page.index(f'name="status-{members[4].pk}"') :]
    assert fragment.index('value="excused" selected') < fragment.index("</select>")


@pytest.mark.parametrize("year", ["²", "99999999999999999999"])
def test_a_register_year_that_is_not_a_year_is_ignored(secretary, own_board, year):
    """« ² » passes str.isdigit() but not int(); neither is a server error."""
    body, _members = own_board
    response = secretary.get(reverse("governance:body_detail", args=[body.pk]) + f"?annee={year}")
    assert response.status_code == 200
