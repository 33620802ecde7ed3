"""Invitations made before the typed names were kept: the data migration marks the unaccepted ones
pending, so no pending invitation shows the invited account's own name (list, export, history)."""

import datetime
import html
import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Membership, Role, User

migration = importlib.import_module("reussite.accounts.migrations.0004_pending_invitations_hide_account_names")
PASSWORD = "un mot de passe assez long 2026"
SECRETS = ("Dominique", "Secretin", "dominique.secret")


def old_style_invitation(user, organisation, inviter, role=Role.REFERENT):
    """A membership as ``invite`` made it before 0003: no pending flag, no typed names."""
    return Membership.objects.create(user=user, organisation=organisation, role=role, invited_by=inviter)


@pytest.fixture
def existing_account(db):
    owner = User.objects.create_user(
        username="dominique.secret", email="d.secret@example.org", first_name="Dominique", last_name="Secretin"
    )
    owner.set_password(PASSWORD)
    owner.date_joined = timezone.now() - datetime.timedelta(days=400)
    owner.last_login = timezone.now() - datetime.timedelta(days=30)  # before the invitation
    owner.save()
    return owner


def new_account(email, first_name, last_name, *, password=None):
    """An account as ``invite`` created it for an unknown e-mail: the typed names, no password."""
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def test_the_migration_marks_unaccepted_invitations_pending_and_keeps_only_typed_names(world, existing_account):
    inviter = world.user(Role.METROPOLE_COORDINATOR)
    # An existing account invited before the fix: its name was never typed by the inviter.
    revealed = old_style_invitation(existing_account, world.carrier, inviter)
    # An account the invitation created (never used): its names are the ones the inviter typed.
    created = old_style_invitation(new_account("camille@example.org", "Camille", "Martin"), world.carrier, inviter)
    # An account the invitation created, whose person chose a password through the link: accepted.
    chosen = new_account("alix@example.org", "Alix", "Durand", password=PASSWORD)
    through_link = old_style_invitation(chosen, world.carrier, inviter)
    # An existing account that signed in since it was invited: accepted.
    signed_in = User.objects.create_user(username="sam", email="sam@example.org", first_name="Sam", last_name="Roy")
    signed_in.date_joined = timezone.now() - datetime.timedelta(days=400)
    signed_in.save()
    since = old_style_invitation(signed_in, world.carrier, inviter)
    User.objects.filter(pk=signed_in.pk).update(last_login=since.created_at + datetime.timedelta(minutes=1))
    # Given by staff (no inviter): not an invitation.
    by_staff = Membership.objects.create(
        user=new_account("lou@example.org", "Lou", "Petit"), organisation=world.carrier, role=Role.REFERENT
    )
    assert "Dominique Secretin" in LogEntry.objects.get_for_object(revealed).get().object_repr

    migration.hide_account_names_of_pending_invitations(apps, None)

    def state(membership):
        membership.refresh_from_db()
        return membership.invitation_pending, membership.invited_first_name, membership.invited_last_name

    assert state(revealed) == (True, "", "")
    assert revealed.person_name == "d.secret@example.org" and revealed.person_username == ""
    assert state(created) == (True, "Camille", "Martin")
    assert created.person_name == "Camille Martin"
    assert state(through_link) == (False, "", "")
    assert state(since) == (False, "", "")
    assert state(by_staff) == (False, "", "")
    # The history entry written with the account's name now reads as the list does.
    entry = LogEntry.objects.get_for_object(revealed).get()
    assert entry.object_repr == str(revealed) == f"d.secret@example.org — Référent de parcours — {world.carrier}"
    assert "Camille Martin" in LogEntry.objects.get_for_object(created).get().object_repr
    # Run twice: nothing more changes.
    migration.hide_account_names_of_pending_invitations(apps, None)
    assert state(revealed) == (True, "", "") and state(through_link) == (False, "", "")


def test_an_old_style_pending_invitation_no_longer_shows_the_accounts_name(client, world, existing_account):
    coordinator = world.user(Role.METROPOLE_COORDINATOR)
    membership = old_style_invitation(existing_account, world.carrier, coordinator)
    client.force_login(coordinator)
    url = reverse("accounts:member_list")
    assert "Dominique Secretin" in html.unescape(client.get(url).content.decode())  # before the migration

    migration.hide_account_names_of_pending_invitations(apps, None)

    page = html.unescape(client.get(url).content.decode())
    export = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    history = html.unescape(client.get(reverse("audit:change_history")).content.decode())
    assert "d.secret@example.org" in page and "invitation en attente" in page
    for text in (page, export, history):
        for secret in SECRETS:
            assert secret not in text
    # Searching by the account's real name does not find the invitation (that would reveal it).
    assert "d.secret@example.org" not in html.unescape(client.get(url, {"q": "Secretin"}).content.decode())

    # The person signs in: the invitation is accepted and their own name is shown again.
    other = client.__class__()
    assert other.login(username="dominique.secret", password=PASSWORD)
    membership.refresh_from_db()
    assert not membership.invitation_pending
    assert "Dominique Secretin" in html.unescape(client.get(url).content.decode())
