"""The programmes a user coordinates and works in, read from one memoised map of the programmes
their organisations carry: a référent's organisation never adds to the coordinated programmes, and
the answer does not depend on which set is asked first."""

import datetime

import pytest

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, get_scope, scoped
from reussite.territory.models import Programme, ProgrammeCarrier
from reussite.territory.scoping import coordinated_programme_ids, programme_ids
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _mixed(world):
    """Coordinator in the first CCAS, référent in the second."""
    user = UserFactory()
    MembershipFactory(user=user, organisation=world.carrier, role=Role.PROGRAMME_COORDINATOR)
    MembershipFactory(user=user, organisation=world.carrier2, role=Role.REFERENT)
    return user


@pytest.mark.parametrize("first", ["coordinated", "works_in"])
def test_a_referent_s_organisation_grants_no_coordination(world, first):
    user = _mixed(world)
    scope = get_scope(user)
    if first == "works_in":
        assert programme_ids(scope) == {world.programme.pk, world.programme2.pk}
    assert coordinated_programme_ids(scope) == {world.programme.pk}
    assert programme_ids(scope) == {world.programme.pk, world.programme2.pk}
    assert set(scoped(user, Programme, CHANGE)) == {world.programme}


def test_a_referent_alone_coordinates_nothing(world):
    scope = get_scope(world.user(Role.REFERENT))
    assert programme_ids(scope) == {world.programme.pk}
    assert coordinated_programme_ids(scope) == frozenset()
    assert not scoped(world.user(Role.REFERENT), Programme, CHANGE).exists()


def test_a_carrier_that_ends_drops_its_programme_from_a_scope_kept_across_the_change(world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    scope = get_scope(user)
    assert coordinated_programme_ids(scope) == {world.programme.pk}
    ProgrammeCarrier.objects.filter(programme=world.programme).update(valid_until=scope.today - datetime.timedelta(1))
    Programme.objects.get(pk=world.programme.pk).save()  # a save: the scope's memo is stale
    assert coordinated_programme_ids(scope) == frozenset()
    assert programme_ids(scope) == frozenset()
