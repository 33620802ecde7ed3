from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reussite.reporting"
    label = "reporting"
    verbose_name = "Tableaux de bord"

    def ready(self):
        from auditlog.registry import auditlog

        from . import home, models, rules  # noqa: F401  (registers scoping rules and home cards)

        auditlog.register(models.AnnualFigures)
        auditlog.register(models.ReportText)
