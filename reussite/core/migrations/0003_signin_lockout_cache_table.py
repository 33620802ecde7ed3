"""Creates the database cache tables (the sign-in lock-out counters' one): `migrate` is enough."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Idempotent: existing tables are left as they are.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_counter")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
