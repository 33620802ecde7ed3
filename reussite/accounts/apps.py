from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reussite.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from auditlog.registry import auditlog

        from . import middleware, models, rules  # noqa: F401  (scoping rules, sign-in signal)

        auditlog.register(models.Membership)
        auditlog.register(models.User, include_fields=["username", "is_active", "is_staff", "is_demo"])
