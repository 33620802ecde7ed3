from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "reussite.care"
    label = "care"
    verbose_name = "Soutien psychologique"

    def ready(self):
        from auditlog.registry import auditlog

        # Registers scoping rules (and the psychologist's named access), home cards, the actuals provider
        # and the contacts that retention counts.
        from . import contacts, home, models, rules, services  # noqa: F401

        for model in (
            models.Psychologist,
            models.CareRate,
            models.SessionCap,
            models.HourBudget,
            models.HourAllocation,
            models.HourMovement,
            models.HourOverrun,
            models.CareReferral,
            models.CareSession,
            models.CareInvoice,
            models.CareInvoiceLine,
        ):
            auditlog.register(model, exclude_fields=list(getattr(model, "personal_data_fields", {})))
