from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "reussite.territory"
    label = "territory"
    verbose_name = "Territoires et organisations"

    def ready(self):
        from auditlog.registry import auditlog

        from . import home, models, scoping  # noqa: F401  (registers scoping rules and home cards)

        for model in (
            models.Network,
            models.Commune,
            models.Quartier,
            models.Organisation,
            models.Representative,
            models.Programme,
            models.ProgrammeCarrier,
            models.YouthCount,
            models.PrintedEvolution,
        ):
            auditlog.register(model)
