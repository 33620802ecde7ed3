"""Change-history entries written while Guardian.__str__ printed names: replace their object text by
the one Guardian.__str__ gives now (« Titulaire n° … »); and drop the revocation notes (free text
about the family, now kept out of the history) from the consents' entries."""

import json

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def scrub(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    guardian = ContentType.objects.filter(app_label="parcours", model="guardian").first()
    if guardian is not None:
        LogEntry.objects.filter(content_type=guardian).update(object_repr=Concat(Value("Titulaire n° "), "object_pk"))
    consent = ContentType.objects.filter(app_label="parcours", model="consent").first()
    if consent is not None:
        for entry in LogEntry.objects.filter(content_type=consent).iterator():
            changes = json.loads(entry.changes) if isinstance(entry.changes, str) else entry.changes
            if isinstance(changes, dict) and "revocation_note" in changes:
                del changes["revocation_note"]
                entry.changes = changes
                entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("parcours", "0005_eps_pending_index"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
