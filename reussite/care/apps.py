from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "reussite.care"
    label = "care"
    verbose_name = "Soutien psychologique"

    def ready(self):
        from . import models, rules, services  # noqa: F401  (registers scoping rules and the actuals provider)
