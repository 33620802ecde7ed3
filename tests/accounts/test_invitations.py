"""People are invited by e-mail with a one-time expiring link; ending a membership removes access at
once and keeps its history."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Membership, Role, User

PASSWORD = "un mot de passe assez long 2026"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def invitation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/comptes/invitation/\S+/)", message.body).group(1)


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    return client


def invite(client, world, email="camille.martin@example.org", role=Role.REFERENT, organisation=None):
    return client.post(
        reverse("accounts:invite"),
        {
            "email": email,
            "first_name": "Camille",
            "last_name": "Martin",
            "organisation": (organisation or world.carrier).pk,
            "role": role,
        },
    )


def test_an_invitation_creates_an_account_without_password_and_mails_a_link(
    coordinator, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(coordinator, world)
    assert response.status_code == 302
    user = User.objects.get(email="camille.martin@example.org")
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert (membership.organisation, membership.role, membership.invited_by) == (
        world.carrier,
        Role.REFERENT,
        world.user(Role.METROPOLE_COORDINATOR),
    )
    (message,) = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert "Référent de parcours — " in message.body and "expire dans 7 jours" in message.body


def test_the_link_sets_a_password_once(client, coordinator, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, world)
    link = invitation_link(mail.outbox[0])
    coordinator.logout()
    response = client.get(link)
    assert response.status_code == 302  # the token leaves the URL (kept in the session)
    form_url = response["Location"]
    assert "definir-mot-de-passe" in form_url
    response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="camille.martin@example.org")
    assert user.check_password(PASSWORD)
    # Used once: the same link no longer works.
    response = client.get(link, follow=True)
    assert "Ce lien d'invitation n'est plus valable" in page_text(response)


def test_the_link_expires(client, coordinator, world, settings, time_machine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, world)
    link = invitation_link(mail.outbox[0])
    coordinator.logout()
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=settings.REUSSITE_INVITATION_SECONDS + 60))
    response = client.get(link, follow=True)
    assert "Ce lien d'invitation n'est plus valable" in page_text(response)


def test_an_organisation_of_another_network_cannot_be_chosen(coordinator, world):
    response = invite(coordinator, world, organisation=world.other_carrier)
    assert "Organisation : Sélectionnez un choix valide" in page_text(response)
    assert not User.objects.filter(email="camille.martin@example.org").exists()


def test_an_existing_account_gets_the_role_without_a_new_password(
    coordinator, world, django_capture_on_commit_callbacks
):
    existing = world.user(Role.READER)
    existing.email = "lecteur@example.org"
    existing.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, world, email="Lecteur@Example.org", role=Role.BOARD_SECRETARY)
    assert existing.memberships.filter(role=Role.BOARD_SECRETARY, organisation=world.carrier).exists()
    assert existing.has_usable_password()
    assert "Vous avez déjà un compte" in mail.outbox[0].body
    response = invite(coordinator, world, email="lecteur@example.org", role=Role.BOARD_SECRETARY)
    assert "Rôle : cette personne a déjà ce rôle dans cette organisation." in page_text(response)


def test_ending_a_membership_removes_access_at_once_and_keeps_history(client, world):
    referent = world.user(Role.READER)  # no second factor to pass: the next page shows what changed
    membership = referent.memberships.get()
    client.force_login(referent)
    assert client.get(reverse("territory:organisation_detail", args=[world.carrier.pk])).status_code == 200

    coordinator = world.user(Role.METROPOLE_COORDINATOR)
    client.force_login(coordinator)
    response = client.post(reverse("accounts:membership_end", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active and membership.ended_by == coordinator and membership.ended_on is not None
    page = page_text(client.get(reverse("accounts:member_list") + "?etat=terminees"))
    assert referent.get_full_name() in page and "terminée le" in page

    client.force_login(referent)
    response = client.get(reverse("territory:organisation_detail", args=[world.carrier.pk]))
    assert response.status_code == 404, response
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_cannot_end_their_own_coordination(client, world):
    coordinator = world.user(Role.METROPOLE_COORDINATOR)
    client.force_login(coordinator)
    own = coordinator.memberships.get()
    response = client.post(reverse("accounts:membership_end", args=[own.pk]), follow=True)
    assert "vous ne pouvez pas mettre fin à votre propre rôle de coordination" in page_text(response)
    own.refresh_from_db()
    assert own.is_active


def test_staff_bring_a_new_network_in_with_its_first_coordinator(client, world, django_capture_on_commit_callbacks):
    staff = User.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:network_create"),
            {
                "name": "Réseau PRE de Fictiville",
                "metropole_name": "Fictiville Métropole",
                "metropole_short_name": "Fictiville Métropole",
                "siret": "",
                "email": "coordination@fictiville.example",
                "first_name": "Dominique",
                "last_name": "Essai",
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="coordination@fictiville.example")
    assert membership.role == Role.METROPOLE_COORDINATOR
    assert membership.organisation.kind == "metropole"
    assert membership.organisation.network.name == "Réseau PRE de Fictiville"
    assert len(mail.outbox) == 1


def test_the_link_stops_working_once_the_membership_is_ended(
    client, coordinator, world, django_capture_on_commit_callbacks
):
    """An invitation whose membership was ended before it was used sets no password."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(coordinator, world)
    link = invitation_link(mail.outbox[0])
    membership = User.objects.get(email="camille.martin@example.org").memberships.get()
    coordinator.post(reverse("accounts:membership_end", args=[membership.pk]))
    coordinator.logout()
    response = client.get(link, follow=True)
    assert "Ce lien d'invitation n'est plus valable" in page_text(response)
    assert not User.objects.get(email="camille.martin@example.org").has_usable_password()


def test_inviting_an_existing_accounts_email_does_not_reveal_its_owner_until_accepted(coordinator, world, client):
    owner = User.objects.create_user(
        username="dominique.secret", email="d.secret@example.org", first_name="Dominique", last_name="Secretin"
    )
    owner.set_password(PASSWORD)
    owner.save()
    invite(coordinator, world, email="d.secret@example.org")  # typed as « Camille Martin »
    membership = owner.memberships.get()
    assert membership.invitation_pending

    url = reverse("accounts:member_list")
    for response in (coordinator.get(url), coordinator.get(url, {"format": "csv"})):
        text = (
            page_text(response)
            if response.get("Content-Type", "").startswith("text/html")
            else (response.content.decode("utf-8-sig"))
        )
        assert "Camille Martin" in text or ("Camille" in text and "Martin" in text)
        for secret in ("Dominique", "Secretin", "dominique.secret"):
            assert secret not in text
    # Searching by the account's real name finds nothing (the filter would reveal it).
    assert "Camille" not in page_text(coordinator.get(url, {"q": "Secretin"}))

    # Once the person signs in, the list shows their own name.
    other = client.__class__()
    assert other.login(username="dominique.secret", password=PASSWORD)
    membership.refresh_from_db()
    assert not membership.invitation_pending
    assert "Dominique Secretin" in page_text(coordinator.get(url))
