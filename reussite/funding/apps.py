from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "reussite.funding"
    label = "funding"
    verbose_name = "Conventions et financements"

    def ready(self):
        from auditlog.registry import auditlog

        from . import home, models, prerender, rules  # noqa: F401  (registers scoping rules and home cards)

        prerender.connect()  # convention documents rendered off the request when they change

        for model in (
            models.ActionKind,
            models.Convention,
            models.ConventionArticle,
            models.ConventionParty,
            models.StateConvention,
            models.FundingYear,
            models.BudgetLine,
            models.FundingShare,
            models.StateAllocation,
            models.CallForFunds,
            models.Payment,
            models.MoneyEvolution,
            models.Amendment,
            models.AmendmentChange,
            models.GrantEnvelope,
            models.Grant,
            models.GrantPayment,
        ):
            auditlog.register(model)
