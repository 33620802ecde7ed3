"""The convention page's right to change, read from the scope's ids, answers as the CHANGE rule does."""

import pytest

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, get_scope, scoped
from reussite.funding.models import Convention
from reussite.funding.rules import may_change_convention
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db


def test_may_change_convention_answers_like_the_change_rule(world):
    conventions = [
        make_convention(world.metropole, [world.carrier]),
        make_convention(world.other_metropole, [world.other_carrier]),
    ]
    answers = set()
    for role in Role.values:
        user = world.user(role)
        for convention in conventions:
            expected = scoped(user, Convention, CHANGE).filter(pk=convention.pk).exists()
            assert may_change_convention(get_scope(user), convention.pk) is expected, (role, convention)
            answers.add(expected)
    assert answers == {True, False}
