"""The members list and its exports cost the same queries with 1 or 50 memberships."""

import pytest
from django.urls import reverse

from reussite.accounts.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory
from tests.query_counts import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


def test_member_list_queries_are_bounded(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    made = []

    def grow(n):
        while len(made) < n:
            user = UserFactory(username=f"membre-{len(made)}")
            made.append(MembershipFactory(user=user, organisation=world.carrier, role=Role.REFERENT))
            if len(made) % 2:  # ended memberships are listed with who ended them
                Membership.objects.filter(pk=made[-1].pk).update(is_active=False, ended_by=world.users[Role.READER])

    assert_constant_queries(client, reverse("accounts:member_list") + "?etat=toutes", grow, maximum=15)
    csv_queries = count_queries(client, reverse("accounts:member_list") + "?etat=toutes&format=csv")
    grow(80)
    assert count_queries(client, reverse("accounts:member_list") + "?etat=toutes&format=csv") == csv_queries
