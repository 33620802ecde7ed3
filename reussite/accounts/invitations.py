"""Invitations and memberships: how a person gets (and loses) access without the Django admin.

An invitation is an e-mail with a one-time link built by Django's token machinery
(``PasswordResetTokenGenerator``, with its own salt and expiry): the token covers the password hash
and the last sign-in, so it stops working as soon as the person chose a password, and it expires
after ``REUSSITE_INVITATION_SECONDS`` (or once the person has no active membership left). Ending a
membership keeps its row (``is_active`` off, the day and who decided it): the scope is computed from
active memberships at each request, so access is lost
at once.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from reussite.territory.models import Network, Organisation

from .models import Membership, Role, User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "reussite.accounts.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        """Django's check with the invitation's own lifetime instead of the password reset's."""
        if not (user and token):
            return False
        if not user.memberships.active().exists():
            return False  # every membership ended: the invitation no longer gives access to anything
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, s), token) for s in secrets):
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.REUSSITE_INVITATION_SECONDS


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:invitation", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)})


def _send_invitation(user, membership, inviter, base_url: str) -> None:
    context = {
        "user": user,
        "membership": membership,
        "inviter": inviter,
        "link": base_url + invitation_path(user),
        "days": settings.REUSSITE_INVITATION_SECONDS // 86400,
        "sign_in": base_url + reverse("accounts:login"),
        "needs_password": not user.has_usable_password(),
    }
    send_mail(
        subject=f"Réussite — votre accès : {membership.get_role_display()}, {membership.organisation.short_name}",
        message=render_to_string("accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def invite(
    *, inviter, organisation: Organisation, role: str, email: str, first_name: str, last_name: str, base_url: str
) -> Membership:
    """Give ``role`` in ``organisation`` to the person of ``email``, creating their account (without a
    password) if needed, and e-mail them. The page answers the same whether the account existed."""
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Role.values:
        raise ValidationError({"role": "Rôle : choisissez un rôle de la liste."})
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.filter(user=user, organisation=organisation, role=role, is_active=True).exists():
        raise ValidationError({"role": "Rôle : cette personne a déjà ce rôle dans cette organisation."})
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        invited_by=inviter,
        invitation_pending=True,
        invited_first_name=first_name.strip(),
        invited_last_name=last_name.strip(),
    )
    transaction.on_commit(lambda: _send_invitation(user, membership, inviter, base_url))
    return membership


def accept_invitations(user) -> None:
    """The person used their link or signed in: their own name is shown from now on."""
    user.memberships.filter(invitation_pending=True).update(invitation_pending=False)


def resend(membership: Membership, inviter, base_url: str) -> None:
    """A new link (the former ones keep working until they expire or a password is chosen)."""
    _send_invitation(membership.user, membership, inviter, base_url)


@transaction.atomic
def end_membership(membership: Membership, *, by) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError("Adhésion : elle est déjà terminée.")
    if membership.user_id == by.pk and membership.role == Role.METROPOLE_COORDINATOR:
        raise ValidationError("Adhésion : vous ne pouvez pas mettre fin à votre propre rôle de coordination.")
    membership.is_active = False
    membership.ended_on = timezone.localdate()
    membership.ended_by = by
    membership.save(update_fields=["is_active", "ended_on", "ended_by"])
    return membership


@transaction.atomic
def create_network(
    *, name: str, metropole_name: str, metropole_short_name: str, siret: str, coordinator: dict, inviter, base_url: str
) -> Network:
    """Staff bring a new network in: the network, its métropole and the invitation of its first
    coordinator, who then onboards the rest through the pages."""
    if Network.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "Nom du réseau : un réseau porte déjà ce nom."})
    network = Network(name=name.strip())
    network.full_clean()
    network.save()
    metropole = Organisation(
        network=network,
        kind=Organisation.Kind.METROPOLE,
        name=metropole_name,
        short_name=metropole_short_name,
        siret=siret,
    )
    metropole.full_clean()
    metropole.save()
    invite(inviter=inviter, organisation=metropole, role=Role.METROPOLE_COORDINATOR, base_url=base_url, **coordinator)
    return network
