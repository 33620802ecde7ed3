from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "reussite.parcours"
    label = "parcours"
    verbose_name = "Parcours des enfants et des familles"

    def ready(self):
        from auditlog.registry import auditlog

        from . import home, models, rules  # noqa: F401  (registers scoping rules and home cards)

        for model in (
            models.Household,
            models.Guardian,
            models.Child,
            models.Consent,
            models.EpsMember,
            models.EpsMeeting,
            models.EpsAgendaItem,
        ):
            auditlog.register(model)
        auditlog.register(models.Referral, m2m_fields={"reasons"})
