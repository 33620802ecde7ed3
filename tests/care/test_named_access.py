"""The psychologist sees named the children referred to them — their name and age on care pages —
and nothing of the parcours: no child page, no family, no consent (the parcours hook adds to
VIEW_NAMED only)."""

import datetime

import pytest

from reussite.accounts.disclosure import named_ids
from reussite.accounts.models import Role
from reussite.accounts.scoping import VIEW, VIEW_NAMED, scoped
from reussite.care.models import Psychologist
from reussite.care.services import refer_to_psychologist
from reussite.parcours.models import Child, Consent, Guardian, Household, Referral
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_referred_psychologist_gets_the_name_and_nothing_of_the_file(client, care):
    psy = care["psy"].user
    child = care["child"]
    assert not scoped(psy, Child, VIEW_NAMED).exists()  # before the referral: nothing
    refer_to_psychologist(care["coordinator"], child, care["psy"], 4, D(2017, 3, 1))
    assert list(scoped(psy, Child, VIEW_NAMED)) == [child]
    assert named_ids(psy, Child, [child.pk]) == {child.pk}
    assert not scoped(psy, Child, VIEW).exists()
    for model in (Household, Guardian, Consent, Referral):
        assert not scoped(psy, model, VIEW).exists(), model
        assert not scoped(psy, model, VIEW_NAMED).exists(), model
    client.force_login(psy)
    assert client.get(f"/api/v1/children/{child.pk}/").status_code == 404
    assert client.get(f"/enfants/{child.pk}/").status_code == 404
    # The coordination keeps the file (its rule is unchanged).
    assert scoped(care["coordinator"], Household, VIEW_NAMED).exists()


def test_another_psychologist_or_the_metropole_does_not_get_the_name(care):
    refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 4, D(2017, 3, 1))
    other = UserFactory()
    MembershipFactory(user=other, organisation=care["psy"].organisation, role=Role.PSYCHOLOGIST)
    Psychologist.objects.create(
        network=care["network"],
        organisation=care["psy"].organisation,
        user=other,
        full_name="Psy Deux",
        adeli="219312345",
        agreement_from=D(2017, 1, 1),
    )
    assert not scoped(other, Child, VIEW_NAMED).exists()
    assert not scoped(care["metropole"], Child, VIEW_NAMED).exists()
    # A psychologist whose membership is deactivated loses the name with the role.
    care["psy"].user.memberships.update(is_active=False)
    fresh = type(care["psy"].user).objects.get(pk=care["psy"].user.pk)
    assert not scoped(fresh, Child, VIEW_NAMED).exists()


def test_the_psychologist_s_home_shows_no_parcours_card(client, care):
    from reussite.parcours.models import Child as ChildModel

    ChildModel.objects.filter(pk=care["child"].pk).update(status=ChildModel.Status.REFERRED)
    refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 4, D(2017, 3, 1))
    client.force_login(care["psy"].user)
    assert "Saisines en attente" not in client.get("/").content.decode()
    client.force_login(care["coordinator"])
    assert "Saisines en attente" in client.get("/").content.decode()


def test_a_psychologist_ended_in_one_network_loses_it_while_working_in_another(client, care):
    """A psychologist agreed by two métropoles: once the first ends their membership, its referrals,
    sessions, invoices and children's names are gone, though they still hold the role elsewhere."""
    from reussite.care.models import CareInvoice, CareReferral, CareSession
    from reussite.territory.models import Organisation
    from tests.factories import NetworkFactory, OrganisationFactory

    refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 4, D(2017, 3, 1))
    psy = care["psy"].user
    elsewhere = OrganisationFactory(network=NetworkFactory(), kind=Organisation.Kind.PROVIDER)
    MembershipFactory(user=psy, organisation=elsewhere, role=Role.PSYCHOLOGIST)
    psy.memberships.filter(organisation=care["psy"].organisation).update(is_active=False)
    fresh = type(psy).objects.get(pk=psy.pk)
    assert not scoped(fresh, Child, VIEW_NAMED).exists()
    for model in (Psychologist, CareReferral, CareSession, CareInvoice):
        assert not scoped(fresh, model, VIEW).exists(), model
    client.force_login(fresh)
    assert client.get("/api/v1/care-referrals/").json()["results"] == []


def test_a_psychologist_ended_in_one_network_cannot_invoice_it(client, care):
    from reussite.territory.models import Organisation
    from tests.factories import NetworkFactory, OrganisationFactory

    psy = care["psy"].user
    elsewhere = OrganisationFactory(network=NetworkFactory(), kind=Organisation.Kind.PROVIDER)
    MembershipFactory(user=psy, organisation=elsewhere, role=Role.PSYCHOLOGIST)
    psy.memberships.filter(organisation=care["psy"].organisation).update(is_active=False)
    client.force_login(psy)
    assert client.get("/soutien-psychologique/factures/nouvelle/").status_code == 404
