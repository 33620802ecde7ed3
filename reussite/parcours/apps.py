from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "reussite.parcours"
    label = "parcours"
    verbose_name = "Parcours des enfants et des familles"

    def ready(self):
        from auditlog.registry import auditlog

        from reussite.territory.computed_youth import register_quartier_source, register_youth_source

        from . import home, models, rules, youth  # noqa: F401  (registers scoping rules and home cards)

        register_youth_source(youth.computed_youth_counts)
        register_quartier_source(youth.computed_quartier_counts)

        for model in (
            models.Household,
            models.Guardian,
            models.Child,
            models.Consent,
            models.EpsMember,
            models.EpsMeeting,
            models.EpsAgendaItem,
            models.ParcoursPeriod,
            models.Axis,
            models.Objective,
            models.PlanAction,
            models.Review,
            models.ObjectiveResult,
        ):
            # The change history keeps who changed what and when, never the personal data itself:
            # names and addresses would survive anonymisation and erasure in the log.
            auditlog.register(model, exclude_fields=list(getattr(model, "personal_data_fields", {})))
        auditlog.register(
            models.Referral,
            m2m_fields={"reasons"},
            exclude_fields=list(models.Referral.personal_data_fields),
        )
