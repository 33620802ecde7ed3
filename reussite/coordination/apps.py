from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "reussite.coordination"
    label = "coordination"
    verbose_name = "Coordination et formation"

    def ready(self):
        from auditlog.registry import auditlog

        # Registers scoping rules, home cards and the actuals provider (in services).
        from . import home, models, rules, services  # noqa: F401

        for model in (models.Event, models.EventSeries, models.Invitation, models.EventCost, models.ProviderRate):
            auditlog.register(model)
