"""Per-référent caseloads and the home card: counts of the children the user follows named, no names."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.parcours.models import Child
from tests.factories import MembershipFactory, UserFactory
from tests.parcours.factories import make_child
from tests.parcours.test_query_counts import grow
from tests.query_counts import count_queries


def cells(page, label):
    row = page.split(label, 1)[1].split("</tr>", 1)[0]
    return [int(c.split(">")[-1]) for c in row.split("</td>")[:-1]]


def test_caseloads_count_each_referents_children_of_the_users_programmes(client, world):
    referent = world.user(Role.REFERENT)
    other = UserFactory(username="ref-other-org", first_name="Autre", last_name="Voisinage")
    MembershipFactory(user=other, organisation=world.carrier2, role=Role.REFERENT)
    make_child(world.programme, first_name="A", referent=referent, status=Child.Status.ACTIVE)
    make_child(world.programme, first_name="B", referent=referent, status=Child.Status.REFERRED)
    make_child(world.programme, first_name="C", referent=referent, status=Child.Status.EXITED)
    make_child(world.programme, first_name="D", status=Child.Status.REFERRED)
    make_child(world.programme2, first_name="E", referent=other, status=Child.Status.ACTIVE)
    url = reverse("parcours:referent_caseloads")

    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    page = client.get(url).content.decode()
    assert cells(page, f"?referent={referent.pk}") == [1, 1, 2, 1]  # referred, active, followed, exited
    assert cells(page, "Sans référent") == [1, 0, 1, 0]
    # another organisation's référent and children
    assert "Voisinage" not in page and f"?referent={other.pk}" not in page

    client.force_login(referent)
    page = client.get(url).content.decode()
    assert cells(page, f"?referent={referent.pk}") == [1, 1, 2, 1] and "Sans référent" not in page

    for role in [Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.READER, Role.PSYCHOLOGIST]:
        client.force_login(world.user(role))
        assert client.get(url).status_code == 404


def test_caseloads_have_a_bounded_query_count(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    url = reverse("parcours:referent_caseloads")
    grow(world, 1)
    small = count_queries(client, url)
    grow(world, 200)
    assert count_queries(client, url) == small <= 12


@pytest.mark.parametrize(
    ("role", "sees"),
    [(Role.PROGRAMME_COORDINATOR, "2 enfant(s)"), (Role.REFERENT, "1 enfant(s)"), (Role.METROPOLE_COORDINATOR, None)],
)
def test_home_card_counts_referrals_awaiting(client, world, role, sees):
    make_child(world.programme, first_name="Attente", referent=world.user(Role.REFERENT), status="referred")
    make_child(world.programme, first_name="Autre", last_name="Attente", status="referred")
    make_child(world.programme2, first_name="Ailleurs", last_name="Attente", status="referred")
    client.force_login(world.user(role))
    page = client.get(reverse("home")).content.decode()
    if sees:
        assert "Saisines en attente" in page and f"{sees} orienté(s)" in page
    else:
        assert "Saisines en attente" not in page
    assert "Attente" not in page.replace("en attente", "").replace("Saisines en attente", "")


def test_the_coordination_sees_who_read_a_childs_file(client, world):
    from tests.parcours.factories import children_of

    child = children_of(world)["own"]
    url = reverse("parcours:child_detail", kwargs={"pk": child.pk})
    referent = world.user(Role.REFERENT)
    referent.first_name, referent.last_name = "Rémi", "Lecteur"
    referent.save()
    client.force_login(referent)
    page = client.get(url).content.decode()
    assert "Consultations du dossier" not in page  # a référent does not review the others' reads

    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    page = client.get(url).content.decode()
    section = page.split("Consultations du dossier", 1)[1].split("</table>", 1)[0]
    assert "Rémi Lecteur" in section and "Consultation de la fiche" in section

    other = children_of(world)["other_org"]
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("parcours:child_detail", kwargs={"pk": other.pk})).content.decode()
    assert "Consultations du dossier" not in page and "Lecteur" not in page
