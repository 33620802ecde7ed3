"""Change-history entries written while Guardian.__str__ printed names: replace their object text by
the one Guardian.__str__ gives now (« Titulaire n° … »)."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def scrub(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    content_type = ContentType.objects.filter(app_label="parcours", model="guardian").first()
    if content_type is None:
        return
    LogEntry.objects.filter(content_type=content_type).update(object_repr=Concat(Value("Titulaire n° "), "object_pk"))


class Migration(migrations.Migration):
    dependencies = [
        ("parcours", "0005_eps_pending_index"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
