from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reussite.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            numbering,  # noqa: F401  (registers the counter's scoping rule)
        )
