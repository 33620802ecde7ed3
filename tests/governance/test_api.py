"""``/api/v1/`` endpoints: same scoping, same rules and messages as the pages."""

import datetime

import pytest
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.governance import services
from reussite.governance.api import DeliberationViewSet
from reussite.governance.models import Deliberation, Sitting
from tests.governance.factories import all_present, board, sitting, voted_deliberation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


def test_prepare_take_attendance_and_vote_through_the_api(api, world):
    body, members = board(world.carrier, size=5)
    a, b, c, d, e = members
    response = api.post(
        reverse("api:governance-sitting-list"),
        {"body": body.pk, "date": "2024-11-20", "convened_on": "2024-11-18", "items": ["Budget"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "3 jours francs" in response.json()["convened_on"][0]

    response = api.post(
        reverse("api:governance-sitting-list"),
        {"body": body.pk, "date": "2024-11-20", "convened_on": "2024-11-14", "president": a.pk, "items": ["Budget"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    sitting = Sitting.objects.get(pk=response.json()["id"])
    item = sitting.items.get()
    attendance_url = reverse("api:governance-sitting-attendance", args=[sitting.pk])
    proxy_to_absent = {
        "item": item.pk,
        "attendances": [
            {"member": a.pk, "status": "present"},
            {"member": b.pk, "status": "present"},
            {"member": c.pk, "status": "present"},
            {"member": d.pk, "status": "represented", "represented_by": e.pk},
            {"member": e.pk, "status": "absent"},
        ],
    }
    response = api.post(attendance_url, proxy_to_absent, content_type="application/json")
    assert response.status_code == 400
    assert "qui ne figure pas parmi les présents" in response.json()["represented_by"][0]

    proxy_to_absent["attendances"][3]["represented_by"] = a.pk
    response = api.post(attendance_url, proxy_to_absent, content_type="application/json")
    assert response.status_code == 200
    statuses = {row["member"]: row["status"] for row in response.json()["items"][0]["attendances"]}
    assert statuses[d.pk] == "represented"

    response = api.post(
        reverse("api:governance-sitting-vote", args=[sitting.pk]),
        {"item": item.pk, "vote_mode": "unanimous", "text": "Le conseil approuve le budget."},
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["reference"], data["votes_for"], data["decision"]) == ("2024-001", 4, "Adoptée à l'unanimité.")


def test_deliberation_list_is_scoped(api, world):
    own = voted_deliberation(world.carrier)
    voted_deliberation(world.carrier2)
    voted_deliberation(world.other_carrier)
    response = api.get(reverse("api:governance-deliberation-list"))
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert Deliberation.objects.count() == 3


def test_sitting_list_leaves_attendance_to_the_detail(api, world):
    deliberation = voted_deliberation(world.carrier)
    sitting = deliberation.item.sitting
    listed = api.get(reverse("api:governance-sitting-list")).json()["results"]
    assert [item["id"] for item in listed[0]["items"]] == [deliberation.item_id]
    assert "attendances" not in listed[0]["items"][0]
    detail = api.get(reverse("api:governance-sitting-detail", args=[sitting.pk])).json()
    assert detail["items"][0]["attendances"], "the detail carries the attendance of each item"


def test_deliberation_list_pages_in_register_order_with_each_row_as_its_detail(api, world, monkeypatch):
    """The page is chosen on the deliberations' ids first (core.api.IdsFirstPageMixin), then read with
    its sittings: the same rows, in the register's order (latest year and number first), as the detail."""
    monkeypatch.setattr(DeliberationViewSet.pagination_class, "page_size", 2)
    body, members = board(world.carrier, size=3)
    for day in (datetime.date(2024, 3, 1), datetime.date(2025, 1, 10), datetime.date(2025, 2, 10)):
        session = sitting(body, members, date=day, convened_on=day - datetime.timedelta(days=5))
        item = session.items.get()
        all_present(item, members)
        services.record_vote(item, vote_mode="unanimous")
    voted_deliberation(world.other_carrier)  # out of scope
    first = api.get(reverse("api:governance-deliberation-list")).json()
    second = api.get(first["next"]).json()
    listed = first["results"] + second["results"]
    expected = Deliberation.objects.filter(body=body).order_by("-year", "-number")
    assert first["count"] == 3 and len(first["results"]) == 2
    assert [row["id"] for row in listed] == [d.pk for d in expected]
    for row in listed:
        assert row == api.get(reverse("api:governance-deliberation-detail", args=[row["id"]])).json()
