from django.db import migrations

from reussite.coordination.models import DEFAULT_EVENT_KINDS
from reussite.funding.models import DEFAULT_ACTION_KINDS


def create_kinds(apps, schema_editor):
    EventKind = apps.get_model("coordination", "EventKind")
    ActionKind = apps.get_model("funding", "ActionKind")
    action_defaults = {code: (label, position) for code, label, position in DEFAULT_ACTION_KINDS}
    for code, label, action_code, position in DEFAULT_EVENT_KINDS:
        action = None
        if action_code:
            action_label, action_position = action_defaults[action_code]
            action = ActionKind.objects.get_or_create(
                code=action_code, defaults={"label": action_label, "position": action_position}
            )[0]
        EventKind.objects.get_or_create(
            code=code, defaults={"label": label, "position": position, "action_kind": action}
        )


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial"), ("funding", "0002_default_action_kinds")]

    operations = [migrations.RunPython(create_kinds, migrations.RunPython.noop)]
