from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "reussite.governance"
    label = "governance"
    verbose_name = "Délibérations"
