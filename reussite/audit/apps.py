from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "reussite.audit"
    label = "audit"
    verbose_name = "Journal d'audit"

    def ready(self):
        from . import rules, signals  # noqa: F401
