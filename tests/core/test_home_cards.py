"""Home pages say what to do, per role, and link to where it is done."""

import datetime
import html

from django.urls import reverse

from reussite.accounts.models import Role
from reussite.funding.models import Convention
from tests.funding.factories import make_convention
from tests.governance.factories import board, sitting

YEAR = 2026  # the suite's clock: 1 December 2026


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_youth_counts_to_enter_link_to_each_entry_form(client, world):
    page = home(client, world.user(Role.PROGRAMME_COORDINATOR))
    assert "Effectifs 2025 à saisir" in page
    assert reverse("territory:youth_count_edit", args=[world.programme.pk]) in page
    assert reverse("territory:youth_count_edit", args=[world.programme2.pk]) not in page  # not theirs


def test_calls_to_issue_for_the_metropole_staff(client, world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], year=YEAR)
    page = home(client, world.user(Role.FINANCE_OFFICER))
    url = reverse("funding:calls_issue", args=[convention.pk, YEAR])
    assert f"Appels de fonds {YEAR} à émettre" in page and url in page
    assert "2 partie(s) à appeler" in page
    assert url not in home(client, world.user(Role.READER))


def test_no_call_card_once_every_party_is_called(client, world):
    make_convention(world.metropole, [world.carrier], year=YEAR, issue=True)
    assert "à émettre" not in home(client, world.user(Role.FINANCE_OFFICER))


def test_conventions_awaiting_approval(client, world):
    convention = make_convention(
        world.metropole, [world.carrier, world.carrier2], year=YEAR, status=Convention.Status.DRAFT
    )
    convention.parties.filter(organisation=world.carrier).update(has_approved=False)  # the others approved
    page = home(client, world.user(Role.METROPOLE_COORDINATOR))
    assert "Conventions en attente d'approbation" in page
    line = next(line for line in page.splitlines() if convention.reference in line and "attente" not in line)
    assert world.carrier.short_name in line and world.carrier2.short_name not in line
    # The board secretary of the CCAS sees it: their organisation's approval is awaited.
    assert convention.reference in home(client, world.user(Role.BOARD_SECRETARY))


def test_programme_coordinators_see_their_conventions_participation(client, world):
    convention = make_convention(world.metropole, [world.carrier, world.carrier2], year=YEAR, issue=True)
    page = home(client, world.user(Role.PROGRAMME_COORDINATOR))
    assert f"Vos conventions en {YEAR}" in page
    assert convention.reference in page and "Notifiée" in page
    assert f"part {YEAR} : 450,00" in page.replace("\u202f", " ").replace("\u00a0", " ")
    assert "appelé 450,00" in page.replace("\u202f", " ").replace("\u00a0", " ")


def test_board_secretaries_see_sittings_coming(client, world):
    body, members = board(world.carrier, size=5)
    coming = sitting(body, members, date=datetime.date(2026, 12, 10), convened_on=datetime.date(2026, 12, 2))
    page = home(client, world.user(Role.BOARD_SECRETARY))
    assert "Séances à venir" in page and reverse("governance:sitting_detail", args=[coming.pk]) in page
    assert "10 décembre 2026" in page


def test_a_new_network_is_guided_through_its_set_up(client, world):
    page = home(client, world.user(Role.METROPOLE_COORDINATOR))
    assert "Mettre en place le réseau" not in page  # the world's network has programmes
    from reussite.accounts.invitations import create_network
    from reussite.accounts.models import User

    staff = User.objects.create_user("staff", is_staff=True)
    network = create_network(
        name="Réseau neuf",
        metropole_name="Neuve Métropole",
        metropole_short_name="Neuve",
        siret="",
        coordinator={"email": "c@neuve.example", "first_name": "C", "last_name": "N"},
        inviter=staff,
        base_url="http://testserver",
    )
    coordinator = User.objects.get(email="c@neuve.example")
    page = home(client, coordinator)
    assert "Mettre en place le réseau" in page and reverse("territory:commune_create") in page
    assert network.name in page or "Neuve" in page
