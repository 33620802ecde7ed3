from django.db import migrations

SERIES = "governance.deliberation"


def carry_over(apps, schema_editor):
    """The last numbers given move to the core counter, series "governance.deliberation"."""
    Old = apps.get_model("governance", "DeliberationCounter")
    Counter = apps.get_model("core", "Counter")
    Counter.objects.bulk_create(
        [Counter(series=SERIES, owner_id=c.body_id, year=c.year, last_number=c.last_number) for c in Old.objects.all()]
    )


def carry_back(apps, schema_editor):
    Old = apps.get_model("governance", "DeliberationCounter")
    Counter = apps.get_model("core", "Counter")
    Old.objects.bulk_create(
        [Old(body_id=c.owner_id, year=c.year, last_number=c.last_number) for c in Counter.objects.filter(series=SERIES)]
    )
    Counter.objects.filter(series=SERIES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("core", "0002_counter"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="DeliberationCounter"),
    ]
