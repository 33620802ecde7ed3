from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reussite.core"
    label = "core"
    verbose_name = "Socle"
