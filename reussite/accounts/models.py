from django.contrib.auth.models import AbstractUser
from django.db import models

from reussite.core.roles import NAMED_CHILD_ROLES, Role
from reussite.territory.models import Organisation

# Role and NAMED_CHILD_ROLES are defined in core (every layer names roles)
__all__ = ["NAMED_CHILD_ROLES", "Membership", "Role", "User"]


class User(AbstractUser):
    """A person who signs in. Demo accounts are refused when demo sign-in is off."""

    is_demo = models.BooleanField("compte de démonstration", default=False)
    personal_data_fields = {
        "username": "account",
        "first_name": "identity",
        "last_name": "identity",
        "email": "contact",
        "password": "account",
    }

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self):
        return self.get_full_name() or self.username


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    # Ending a membership keeps its row (history): access is lost at the next request, since the
    # scope is computed from active memberships only.
    ended_on = models.DateField("fin le", null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="fin décidée par"
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="invité·e par"
    )
    # Until the invited person accepts (chooses a password through the link, or signs in), the
    # inviter only sees the names they typed: the e-mail may belong to an account of someone else,
    # whose real name and username must not be revealed by the invitation.
    invitation_pending = models.BooleanField("invitation en attente", default=False)
    invited_first_name = models.CharField("prénom saisi à l'invitation", max_length=150, blank=True)
    invited_last_name = models.CharField("nom saisi à l'invitation", max_length=150, blank=True)
    personal_data_fields = {"invited_first_name": "identity", "invited_last_name": "identity"}

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        constraints = [
            # One active membership per role and organisation; ended ones stay as history.
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(is_active=True),
                name="accounts_membership_unique_active",
                violation_error_message="Rôle : cette personne a déjà ce rôle dans cette organisation.",
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"]), models.Index(fields=["organisation", "is_active"])]

    def __str__(self):
        return f"{self.person_name} — {self.get_role_display()} — {self.organisation}"

    @property
    def person_name(self) -> str:
        """The name the network may see: the typed one while the invitation is pending."""
        if self.invitation_pending:
            return f"{self.invited_first_name} {self.invited_last_name}".strip() or self.user.email
        return self.user.get_full_name() or self.user.username

    @property
    def person_username(self) -> str:
        return "" if self.invitation_pending else self.user.username

    def get_additional_data(self):
        """Stored with each change-history entry so the history is scoped by network."""
        return {"network_id": self.organisation.network_id}
