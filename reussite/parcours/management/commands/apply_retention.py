"""Anonymise the children's files whose retention period is over (docs/parcours.md).

Dry run by default: lists what it would do (codes only, never a name). ``--apply`` acts. Meant to
run daily (cron, systemd timer); running it twice changes nothing more.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reussite.parcours.retention import RETENTION_YEARS, anonymise, due_children


class Command(BaseCommand):
    help = "Anonymise les dossiers d'enfants dont la durée de conservation est échue (essai à blanc par défaut)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Anonymiser pour de bon (sinon : essai à blanc).")

    def handle(self, *args, apply=False, **options):
        today = timezone.localdate()
        due = due_children(today)
        verb = "Anonymisé" if apply else "À anonymiser"
        for item in due:
            if apply:
                anonymise(item.child, today)
            self.stdout.write(
                f"{verb} : {item.child.code} ({item.child.programme.commune.name}), "
                f"dernier contact le {item.last_contact:%d/%m/%Y}"
            )
        summary = f"{len(due)} dossier(s) sans contact depuis {RETENTION_YEARS} ans"
        if apply:
            self.stdout.write(self.style.SUCCESS(f"{summary} anonymisé(s)."))
        else:
            self.stdout.write(f"Essai à blanc : {summary} seraient anonymisés. Relancez avec --apply pour agir.")
