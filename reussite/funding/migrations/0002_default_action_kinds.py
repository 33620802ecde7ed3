from django.db import migrations

# The configurable list of budget actions, as named by the 2017 convention and the 2024–2026 CPO.
DEFAULT_ACTION_KINDS = [
    ("coordination", "Coordination", 10),
    ("analyse-de-la-pratique", "Analyse de la pratique", 20),
    ("accompagnement-psychologique", "Accompagnement psychologique", 30),
    ("formation", "Formation", 40),
]


def create_kinds(apps, schema_editor):
    ActionKind = apps.get_model("funding", "ActionKind")
    for code, label, position in DEFAULT_ACTION_KINDS:
        ActionKind.objects.get_or_create(code=code, defaults={"label": label, "position": position})


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(create_kinds, migrations.RunPython.noop)]
