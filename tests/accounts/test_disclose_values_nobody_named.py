"""``disclose_values`` for a user who may see no record named (the métropole) reads the rows without
their personal columns: the same rows, the withheld places at the same positions, as when the
columns are read and blanked — whatever the order of the fields — and no access-log entry. A user
who sees names still gets them, logged."""

import itertools

import pytest

from reussite.accounts import disclosure
from reussite.accounts.disclosure import disclose_values, names_nobody
from reussite.accounts.models import Role
from reussite.audit.models import AccessLog
from reussite.parcours.models import Child
from tests.factories import MembershipFactory, UserFactory
from tests.parcours.factories import make_child

pytestmark = pytest.mark.django_db

FIELDS = ("code", "first_name", "school__name", "birth_date", "status", "last_name", "household__address")


def test_names_nobody_is_true_only_for_users_who_see_no_child_named(world):
    make_child(world.programme, first_name="Nina")
    answers = {role: names_nobody(world.user(role), Child) for role in Role.values}
    assert answers[Role.METROPOLE_COORDINATOR] is True
    assert answers[Role.PROGRAMME_COORDINATOR] is False
    assert answers[Role.REFERENT] is False
    # The psychologist's names come from the care hook (children referred to them): asked, not assumed.
    assert answers[Role.PSYCHOLOGIST] is False
    mixed = UserFactory()
    MembershipFactory(user=mixed, organisation=world.metropole, role=Role.METROPOLE_COORDINATOR)
    MembershipFactory(user=mixed, organisation=world.carrier, role=Role.PROGRAMME_COORDINATOR)
    assert names_nobody(mixed, Child) is False


@pytest.mark.parametrize("size", [2, 3, 4])
def test_the_rows_read_blank_are_the_rows_read_and_withheld(world, monkeypatch, size):
    children = [
        make_child(world.programme, first_name="Nina", last_name="Nom"),
        make_child(world.programme2, first_name="Ana", last_name="Autre"),
        make_child(world.other_programme, first_name="Ailleurs"),
    ]
    queryset = Child.objects.filter(pk__in=[c.pk for c in children]).order_by("pk")
    metropole = world.user(Role.METROPOLE_COORDINATOR)
    for fields in itertools.permutations(FIELDS, size):
        new = disclose_values(metropole, queryset, fields, reason="T", for_statistics=("birth_date",))
        with monkeypatch.context() as patch:
            patch.setattr(disclosure, "names_nobody", lambda user, model: False)
            old = disclose_values(metropole, queryset, fields, reason="T", for_statistics=("birth_date",))
        assert new == old, fields
        assert len(new) == 2 and not any(named for _row, named in new)
    assert not AccessLog.objects.filter(user=metropole).exists()


def test_a_user_who_sees_names_gets_them_logged(world):
    child = make_child(world.programme, first_name="Nina", last_name="Nom")
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    rows = disclose_values(coordinator, Child.objects.filter(pk=child.pk), ("code", "first_name"), reason="T")
    assert rows == [((child.pk, child.code, "Nina"), True)]
    assert AccessLog.objects.filter(user=coordinator).count() == 1
