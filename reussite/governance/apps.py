from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "reussite.governance"
    label = "governance"
    verbose_name = "Délibérations"

    def ready(self):
        from auditlog.registry import auditlog

        from . import home, models, panels, rules  # noqa: F401  (registers scoping rules, home cards, panels)

        for model in (
            models.Body,
            models.Member,
            models.Sitting,
            models.AgendaItem,
            models.Proxy,
            models.Attendance,
            models.Deliberation,
        ):
            auditlog.register(model)
