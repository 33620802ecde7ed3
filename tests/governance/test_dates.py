"""Dates of sittings, transmissions and publications: bounded to what makes sense, in French, page and
API alike; an executory act keeps its dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.governance import services
from reussite.governance.models import Deliberation, Sitting
from tests.governance.factories import board, voted_deliberation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    client.force_login(world.user(Role.BOARD_SECRETARY))
    return client


def _publish(api, deliberation, data):
    return api.post(
        reverse("api:governance-deliberation-publication", args=[deliberation.pk]),
        data,
        content_type="application/json",
    )


def test_publication_with_empty_body_does_not_clear_the_dates_of_an_executory_act(api, world):
    deliberation = voted_deliberation(world.carrier)
    services.mark_transmitted_published(
        deliberation, transmitted_on=datetime.date(2024, 10, 4), published_on=datetime.date(2024, 10, 7)
    )
    response = _publish(api, deliberation, {})
    assert response.status_code == 400
    assert "l'acte est exécutoire depuis le 07/10/2024" in response.json()["transmitted_on"][0]
    deliberation.refresh_from_db()
    assert (deliberation.transmitted_on, deliberation.published_on) == (
        datetime.date(2024, 10, 4),
        datetime.date(2024, 10, 7),
    )
    # Correcting a date stays possible.
    assert (
        _publish(api, deliberation, {"transmitted_on": "2024-10-03", "published_on": "2024-10-07"}).status_code == 200
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published_on", "9999-12-31", "Date de publication : elle ne peut pas être dans le futur"),
        ("transmitted_on", "tomorrow", "Date de transmission en préfecture : elle ne peut pas être dans le futur"),
        ("published_on", "0001-01-01", "Date de publication : elle ne peut pas précéder la séance"),
    ],
)
def test_publication_dates_are_bounded(api, world, field, value, message):
    deliberation = voted_deliberation(world.carrier)
    if value == "tomorrow":
        value = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _publish(api, deliberation, {field: value})
    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)
    assert Deliberation.objects.get().published_on is None


@pytest.mark.parametrize(
    ("date", "convened_on", "field", "message"),
    [
        ("9999-12-31", "9999-12-01", "date", "Date de la séance : elle ne peut pas dépasser le "),
        ("2024-11-20", "0001-01-01", "convened_on", "Date de convocation : elle ne peut pas précéder le 01/01/2000"),
        ("0001-01-10", "0001-01-01", "date", "Date de la séance : elle ne peut pas précéder le 01/01/2000"),
        ("2024-11-20", "2024-11-25", "convened_on", "Date de convocation : elle ne peut pas être postérieure"),
    ],
)
def test_sitting_dates_are_bounded_in_the_api_and_the_page(api, world, date, convened_on, field, message):
    body, members = board(world.carrier, size=3)
    response = api.post(
        reverse("api:governance-sitting-list"),
        {"body": body.pk, "date": date, "convened_on": convened_on},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)
    page = api.post(reverse("governance:sitting_create", args=[body.pk]), {"date": date, "convened_on": convened_on})
    assert message in page.content.decode()
    assert not Sitting.objects.exists()


def test_sitting_two_years_ahead_at_most():
    body, _ = board(size=3)
    far = timezone.localdate() + datetime.timedelta(days=3 * 365)
    with pytest.raises(ValidationError) as error:
        services.prepare_sitting(body, date=far, convened_on=far - datetime.timedelta(days=10))
    assert "Date de la séance : elle ne peut pas dépasser le" in error.value.message_dict["date"][0]
