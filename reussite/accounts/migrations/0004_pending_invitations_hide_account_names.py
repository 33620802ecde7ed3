"""Invitations made before the names typed in the form were kept (0003) were never marked pending, so
the inviter sees the invited account's own name, username and change-history text: when the e-mail
belonged to an existing account, that reveals its owner. This marks them pending as the invitation
code now would, so the network sees what the inviter typed until the person accepts:

- an invitation is one with an inviter (``invited_by``); it counts as accepted when the person signed
  in since it was made, or when its account was created by it and has a password (chosen through the
  link, which ``InvitationView`` now also counts as accepting);
- an account created by the invitation itself (the person's first membership, made within
  ``ACCOUNT_CREATED_BY_INVITATION`` of the account) carries the names the inviter typed: they are kept
  as the typed names, so the list shows the same name as before;
- an account that existed before: the typed names were not stored, so none is shown and the list
  falls back to the e-mail address the inviter typed (``Membership.person_name``);
- the change-history entries of these memberships are rewritten to the text ``Membership.__str__``
  gives now (they were written with the account's name).

The person's next sign-in accepts the invitation (``accept_invitations``) and their own name is shown
from then on. Reversing leaves the rows as they are (their earlier state revealed the account).
"""

import datetime

from django.contrib.auth.hashers import is_password_usable
from django.db import migrations

ACCOUNT_CREATED_BY_INVITATION = datetime.timedelta(minutes=5)


def _created_by(membership, first_membership_ids) -> bool:
    """Whether the membership's invitation created its account (``invitations.invite`` saves the new
    account, then its first membership, in one transaction)."""
    joined = membership.user.date_joined
    return (
        membership.pk in first_membership_ids
        and joined <= membership.created_at <= joined + ACCOUNT_CREATED_BY_INVITATION
    )


def hide_account_names_of_pending_invitations(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    invitations = Membership.objects.filter(invitation_pending=False, invited_by__isnull=False)
    user_ids = invitations.values("user_id")
    first_membership_ids = set()
    seen_users = set()
    for user_id, pk in (
        Membership.objects.filter(user_id__in=user_ids).order_by("user_id", "pk").values_list("user_id", "pk")
    ):
        if user_id not in seen_users:
            seen_users.add(user_id)
            first_membership_ids.add(pk)
    content_type = ContentType.objects.filter(app_label="accounts", model="membership").first()
    for membership in invitations.select_related("user", "organisation").order_by("pk"):
        user = membership.user
        if user.last_login is not None and user.last_login >= membership.created_at:
            continue  # signed in since: accepted
        created_by_invitation = _created_by(membership, first_membership_ids)
        if created_by_invitation and is_password_usable(user.password):
            continue  # a password chosen through the link: accepted
        typed = (user.first_name, user.last_name) if created_by_invitation else ("", "")
        # update(): no change-history entry of its own (the typed names are kept out of it).
        Membership.objects.filter(pk=membership.pk).update(
            invitation_pending=True, invited_first_name=typed[0], invited_last_name=typed[1]
        )
        if content_type is not None:
            organisation = membership.organisation.short_name or membership.organisation.name
            shown = " ".join(typed).strip() or user.email
            LogEntry.objects.filter(content_type=content_type, object_pk=str(membership.pk)).update(
                object_repr=f"{shown} — {membership.get_role_display()} — {organisation}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_membership_invited_names"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(hide_account_names_of_pending_invitations, migrations.RunPython.noop)]
