import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.funding.models import Convention, ConventionParty
from reussite.governance import services
from tests.governance.factories import voted_deliberation

pytestmark = pytest.mark.django_db


def convention(world, *organisations):
    made = Convention.objects.create(
        network=world.network,
        reference="CPO-T",
        title="Convention de test",
        kind="cpo",
        first_year=2024,
        last_year=2026,
        end_date=datetime.date(2026, 12, 31),
    )
    for position, organisation in enumerate(organisations):
        ConventionParty.objects.create(convention=made, organisation=organisation, role="paying", position=position)
    return made


def test_link_refused_when_the_body_organisation_is_not_a_party(world):
    deliberation = voted_deliberation(world.carrier)
    cpo = convention(world, world.metropole, world.carrier2)
    with pytest.raises(ValidationError) as error:
        services.link_convention(deliberation, cpo)
    assert "CCAS A1 n'est pas partie à la convention « CPO-T »" in error.value.message_dict["convention"][0]
    deliberation.refresh_from_db()
    assert deliberation.convention is None


def test_link_sets_the_party_and_the_convention_lists_its_approvals(world):
    deliberation = voted_deliberation(world.carrier)
    cpo = convention(world, world.metropole, world.carrier)
    services.link_convention(deliberation, cpo)
    party = cpo.parties.get(organisation=world.carrier)
    assert list(cpo.approving_deliberations.all()) == [deliberation]
    assert list(party.approving_deliberations.all()) == [deliberation]


def test_home_card_lists_deliberations_not_yet_executory(client, world):
    deliberation = voted_deliberation(world.carrier)
    client.force_login(world.user(Role.BOARD_SECRETARY))
    page = client.get(reverse("home")).content.decode()
    assert "Délibérations pas encore exécutoires" in page
    assert f"n° {deliberation.reference}" in page
    services.mark_transmitted_published(
        deliberation, transmitted_on=datetime.date(2024, 10, 7), published_on=datetime.date(2024, 10, 8)
    )
    assert "Délibérations pas encore exécutoires" not in client.get(reverse("home")).content.decode()


def test_convention_reader_sees_the_approving_item_not_the_rest_of_the_agenda(client, world):
    from tests.governance.factories import all_present

    deliberation = voted_deliberation(world.carrier2)
    sitting = deliberation.item.sitting
    other = services.add_item(sitting, subject="Point confidentiel sans lien", draft_text="Texte.")
    all_present(other, list(sitting.body.members.all()))
    services.link_convention(deliberation, convention(world, world.metropole, world.carrier2))
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("governance:sitting_detail", args=[sitting.pk])).content.decode()
    assert deliberation.subject in page
    assert "Point confidentiel sans lien" not in page
    api = client.get(reverse("api:governance-sitting-detail", args=[sitting.pk])).json()
    assert [item["subject"] for item in api["items"]] == [deliberation.subject]
    client.force_login(world.user(Role.BOARD_SECRETARY))  # CCAS A1 is not a party to this convention
    assert client.get(reverse("governance:sitting_detail", args=[sitting.pk])).status_code == 404


def test_convention_page_shows_each_party_approval_from_the_registry(client, demo_world):
    from reussite.accounts.models import User
    from reussite.governance.models import Deliberation

    cpo = Convention.objects.get(reference="CPO-PRE-2024-2026")
    deliberation = Deliberation.objects.get(convention=cpo)
    client.force_login(User.objects.get(username="finances.metropole"))
    html = client.get(reverse("funding:convention_detail", args=[cpo.pk])).content.decode()
    link = reverse("governance:deliberation_detail", args=[deliberation.pk])
    assert f'href="{link}"' in html
    assert f"Délibération {deliberation.reference}" in html and "séance du 2 octobre 2024" in html
    # The métropole's elected member reads the convention and its deliberation (issue 12), changes nothing.
    client.force_login(User.objects.get(username="elu.metropole"))
    html = client.get(reverse("funding:convention_detail", args=[cpo.pk])).content.decode()
    assert f'href="{link}"' in html and "Modifier" not in html
    assert client.get(link).status_code == 200
    assert client.get(reverse("funding:convention_edit", args=[cpo.pk])).status_code == 404
