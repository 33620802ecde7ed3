"""List pages cost the same number of queries with 1 row and with 50."""

import datetime

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.governance import services
from tests.governance.factories import BodyFactory, all_present, board, sitting
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


def test_body_list(secretary, world):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(BodyFactory(organisation=world.carrier))

    assert_constant_queries(secretary, reverse("governance:body_list"), grow, maximum=12)


@pytest.fixture
def register(world):
    body, members = board(world.carrier, size=3)
    sittings = []

    def grow(n):
        while len(sittings) < n:
            day = datetime.date(2024, 1, 10) + datetime.timedelta(days=len(sittings))
            new = sitting(body, members, date=day, convened_on=day - datetime.timedelta(days=5))
            item = new.items.get()
            all_present(item, members)
            services.record_vote(item, vote_mode="unanimous")
            sittings.append(new)

    return body, grow


def test_register_page(secretary, register):
    body, grow = register
    assert_constant_queries(secretary, reverse("governance:body_detail", args=[body.pk]), grow, maximum=14)


def test_sitting_list(secretary, register):
    body, grow = register
    assert_constant_queries(secretary, reverse("governance:sitting_list", args=[body.pk]), grow, maximum=14)


def test_api_deliberation_list(secretary, register):
    _body, grow = register
    assert_constant_queries(secretary, reverse("api:governance-deliberation-list"), grow, maximum=12)


def test_api_sitting_list(secretary, register):
    _body, grow = register
    assert_constant_queries(secretary, reverse("api:governance-sitting-list"), grow, maximum=14)


def test_sitting_detail_with_many_items(secretary, world):
    body, members = board(world.carrier, size=3)
    session = sitting(body, members, subjects=["Premier"])

    def grow(n):
        while session.items.count() < n:
            item = services.add_item(session, subject=f"Point {session.items.count() + 1}", draft_text="Texte.")
            all_present(item, members)
            services.record_vote(item, vote_mode="unanimous")

    assert_constant_queries(secretary, reverse("governance:sitting_detail", args=[session.pk]), grow, maximum=14)
