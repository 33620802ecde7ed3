from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reussite.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in

        # middleware: the sign-in signal of the session refresh; scoping: the scope loader; rules: scoping rules.
        from . import middleware, models, rules, scoping  # noqa: F401

        user_logged_in.connect(_remember_second_factor, dispatch_uid="reussite_second_factor_on_login")
        user_logged_in.connect(_accept_invitations, dispatch_uid="reussite_accept_invitations_on_login")

        # The names typed in an invitation stay out of the change history (personal data).
        auditlog.register(models.Membership, exclude_fields=list(models.Membership.personal_data_fields))
        auditlog.register(models.User, include_fields=["username", "is_active", "is_staff", "is_demo"])


def _remember_second_factor(sender, request, user, **kwargs):
    from .second_factor import mark_enrolled

    if request is not None and hasattr(request, "session"):
        mark_enrolled(request, user)


def _accept_invitations(sender, request, user, **kwargs):
    from .invitations import accept_invitations

    accept_invitations(user)
