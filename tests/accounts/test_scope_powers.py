"""Network-wide powers come from a membership of the métropole, not from a role held elsewhere."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, can
from tests.factories import MembershipFactory, UserFactory
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db


def test_finance_officer_of_a_ccas_does_not_act_for_the_network(client, world):
    convention = make_convention(world.metropole, [world.carrier2], issue=True)
    officer = UserFactory(username="finance-ccas")
    MembershipFactory(user=officer, organisation=world.carrier, role=Role.FINANCE_OFFICER)
    assert not can(officer, VIEW, convention)  # CCAS A1 is not a party
    assert not can(officer, CHANGE, convention)
    call = convention.calls_for_funds.get()
    client.force_login(officer)
    assert client.get(reverse("funding:payment_create", args=[call.pk])).status_code == 404
    assert client.get(reverse("funding_exchange:convention_import")).status_code == 403


def test_finance_officer_of_the_metropole_acts_for_the_network(world):
    convention = make_convention(world.metropole, [world.carrier2], issue=True)
    assert can(world.user(Role.FINANCE_OFFICER), CHANGE, convention)


def test_metropole_coordinator_role_held_in_a_ccas_gives_no_network_power(client, world):
    user = UserFactory(username="pseudo-coordinator")
    MembershipFactory(user=user, organisation=world.carrier, role=Role.METROPOLE_COORDINATOR)
    client.force_login(user)
    url = reverse("territory:youth_count_edit", args=[world.programme2.pk])
    assert client.get(url).status_code == 404
