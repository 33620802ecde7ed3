"""The care world: a métropole with the 2017 hours split, a psychologist serving every programme, and
a 6-year-old of the first programme whose guardian consented to the referral to a psychologist."""

import datetime
from decimal import Decimal

import pytest

from reussite.accounts.models import Role
from reussite.care.models import Psychologist
from reussite.care.services import allocate_hours
from reussite.territory.models import Organisation
from tests.care.test_hour_services import by_youth, make_world
from tests.care.test_psychologists import VALID_RPPS
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.parcours.factories import consent, make_child


@pytest.fixture
def care():
    return make_care()


def make_care():
    network, metropole, coordinator, programmes = make_world()
    budget = allocate_hours(metropole, network, 2017, Decimal("13200"), by_youth(programmes))
    provider = OrganisationFactory(network=network, kind=Organisation.Kind.PROVIDER)
    psy_user = UserFactory()
    MembershipFactory(user=psy_user, organisation=provider, role=Role.PSYCHOLOGIST)
    psy = Psychologist.objects.create(
        network=network,
        organisation=provider,
        user=psy_user,
        full_name="Psy Un",
        rpps=VALID_RPPS,
        agreement_from=datetime.date(2017, 1, 1),
    )
    psy.programmes.set(programmes)
    child = make_child(programmes[0], birth_date=datetime.date(2010, 5, 1))
    consent(child, purposes=("follow_up", "psychologist"), given_on=datetime.date(2017, 1, 10))
    allocation = budget.allocations.get(programme=programmes[0])
    return {
        "network": network,
        "metropole": metropole,
        "coordinator": coordinator,
        "programmes": programmes,
        "psy": psy,
        "child": child,
        "allocation": allocation,
    }
