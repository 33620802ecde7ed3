"""Satisfaction after trainings: given by those who attended, aggregated per event and provider."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reussite.accounts.models import Role
from reussite.coordination import services
from reussite.coordination.models import Feedback, Invitation
from tests.factories import UserFactory

from .factories import event

pytestmark = pytest.mark.django_db


def _attendee(world, made, name, attended=True, user=None):
    return Invitation.objects.create(
        event=made,
        user=user or UserFactory(),
        full_name=name,
        email=f"{name.replace(' ', '.')}@example.org",
        organisation=world.carrier,
        attended=attended,
    )


def test_only_attendees_of_evaluated_kinds_give_feedback(world):
    training = event(world, kind="formation", title="Formation", provider=world.provider)
    with pytest.raises(ValidationError, match="seules les personnes présentes"):
        services.give_feedback(_attendee(world, training, "Absent", attended=False), 4)
    exchange = event(world, title="Échange")
    with pytest.raises(ValidationError, match="pas évalué"):
        services.give_feedback(_attendee(world, exchange, "Présent"), 4)
    with pytest.raises(ValidationError, match="de 1 à 5"):
        services.give_feedback(_attendee(world, training, "Autre"), 6)


def test_aggregated_per_event_and_provider_for_the_coordinator(client, world):
    training = event(world, kind="formation", title="Formation SENTINELLE", provider=world.provider)
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    services.give_feedback(_attendee(world, training, "Alix Durand", user=coordinator), 4, "Très utile")
    services.give_feedback(_attendee(world, training, "Alix Martin"), 5)
    other = event(world, network="other", kind="formation", title="Formation ETRANGERE")
    services.give_feedback(
        Invitation.objects.create(
            event=other, full_name="X", email="x@example.org", organisation=world.other_carrier, attended=True
        ),
        1,
        "Commentaire ETRANGER",
    )
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    page = client.get(reverse("coordination:feedback_report")).content.decode()
    assert "Formation SENTINELLE" in page and world.provider.name in page
    assert "4,5" in page and "Très utile" in page
    assert "ETRANGER" not in page and "Alix" not in page
    # A participant sees only their own opinion.
    client.force_login(coordinator)
    page = client.get(reverse("coordination:feedback_report")).content.decode()
    assert "Très utile" in page and "4,0" in page and "4,5" not in page


def test_give_feedback_on_the_page(client, world):
    training = event(world, kind="formation", title="Formation")
    user = world.user(Role.PROGRAMME_COORDINATOR)
    invitation = _attendee(world, training, "Alix Durand", user=user)
    client.force_login(user)
    url = reverse("coordination:event_feedback", args=[training.pk])
    assert client.post(url, {"score": "9"}).status_code == 200
    response = client.post(url, {"score": "3", "comment": "Bien"})
    assert response.status_code == 302
    assert list(Feedback.objects.values_list("invitation_id", "score")) == [(invitation.pk, 3)]
