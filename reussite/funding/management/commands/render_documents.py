"""Render into the document store the PDF and DOCX of every convention whose copy is missing (after an
import, a deployment or a cache purge): downloads then serve stored files (funding/prerender.py)."""

import time

from django.core.management.base import BaseCommand

from reussite.funding import prerender
from reussite.funding.models import Convention


class Command(BaseCommand):
    help = "Rend et stocke les documents (PDF, DOCX) des conventions dont la copie manque."

    def add_arguments(self, parser):
        parser.add_argument("--network", type=int, help="seulement les conventions de ce réseau (identifiant)")

    def handle(self, *args, network=None, **options):
        conventions = Convention.objects.order_by("pk")
        if network is not None:
            conventions = conventions.filter(network_id=network)
        started, count = time.perf_counter(), 0
        for pk in conventions.values_list("pk", flat=True).iterator():
            count += prerender.render_files(pk)
        self.stdout.write(f"{count} convention(s) : documents prêts en {time.perf_counter() - started:.1f} s.")
