from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules():
    """Every installed app's ``demo`` module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name.startswith("reussite.") and find_spec(module_name) is not None:
            yield config.label, import_module(module_name)


def demo_loaders():
    """``load`` of every installed app's ``demo`` module, in INSTALLED_APPS order."""
    for label, module in demo_modules():
        yield label, module.load


class Command(BaseCommand):
    help = "Charge (ou met à jour) le monde de démonstration des documents sources. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            for label, load in demo_loaders():
                load()
                self.stdout.write(f"  {label} : chargé")
            # Then ``finish()`` where a module has one: work on what every app loaded (e.g. the
            # second factor of demo accounts that later apps created).
            for _label, module in demo_modules():
                if hasattr(module, "finish"):
                    module.finish()
        self.stdout.write(self.style.SUCCESS("Monde de démonstration prêt."))
