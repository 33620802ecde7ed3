from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "reussite.audit"
    label = "audit"
    verbose_name = "Journal d'audit"

    def ready(self):
        from reussite.accounts.disclosure import register_access_recorder

        from . import rules, signals  # noqa: F401
        from .services import record_accesses

        register_access_recorder(record_accesses)
