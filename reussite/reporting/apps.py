from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reussite.reporting"
    label = "reporting"
    verbose_name = "Tableaux de bord"
