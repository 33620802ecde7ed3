"""The children's export is built from value rows (``exports.export_table``), not from the list's
``ChildRow``s: it must still hold exactly what the list shows, cell for cell, for a child with every
field set and one with none, named and pseudonymous, and log one access per named child."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reussite.accounts.disclosure import disclose_many, disclose_values
from reussite.accounts.models import Role
from reussite.audit.models import AccessLog
from reussite.parcours import exports
from reussite.parcours.identity import age_band
from reussite.parcours.models import Child, School
from reussite.parcours.presentation import child_row
from reussite.parcours.queries import CaseloadFilters, caseload
from tests.parcours.factories import make_child

D = datetime.date


def full_and_empty(world):
    """A child with every exported field set, and one with every optional field empty."""
    referent = world.user(Role.REFERENT)
    referent.first_name, referent.last_name = "Rosa", "Référente"
    referent.save()
    school = School.objects.create(
        network=world.network, commune=world.programme.commune, name="École Jaune", priority="rep_plus"
    )
    full = make_child(world.programme, first_name="Plein", last_name="=Remplie", referent=referent)
    Child.objects.filter(pk=full.pk).update(
        school=school, sex="F", school_level=Child.Level.COLLEGE, birth_date=D(2012, 2, 29), intensity_profile=2
    )
    empty = make_child(world.programme, first_name="Vide", last_name="Nul", status=Child.Status.REFERRED)
    empty.household.quartier = None
    empty.household.save()
    return Child.objects.get(pk=full.pk), Child.objects.get(pk=empty.pk)


def reference_cells(user, named_columns: bool) -> dict[str, list]:
    """What the list shows (``child_row``), as the export used to write it: per child code, the cells."""
    children = caseload(user, CaseloadFilters())
    cells = {}
    for disclosed in disclose_many(user, children, reason="Test"):
        row = child_row(disclosed)
        values = [row.code, str(row.age), row.age_band or "", row.programme, row.quartier, row.status_label]
        if named_columns:
            if row.named:
                values += [
                    row.last_name,
                    row.first_name,
                    row.birth_date.strftime("%d/%m/%Y"),
                    row.sex,
                    row.school or "",
                    row.school_level,
                    row.referent,
                ]
            else:
                values += [""] * len(exports.NAMED_COLUMNS)
        cells[row.code] = [f"'{v}" if v.startswith(("=", "+", "-", "@")) else v for v in values]
    return cells


def csv_rows(client) -> list[list[str]]:
    body = client.get(reverse("parcours:child_export_csv")).content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_named_export_holds_what_the_list_shows_for_full_and_empty_children(client, world):
    full, empty = full_and_empty(world)
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    client.force_login(coordinator)
    rows = csv_rows(client)
    assert rows[0] == exports.COMMON_COLUMNS + exports.NAMED_COLUMNS
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code == reference_cells(coordinator, named_columns=True)
    today = timezone.localdate()
    age = today.year - 2012 - ((today.month, today.day) < (2, 29))
    assert by_code[full.code] == [
        full.code,
        str(age),
        age_band(age),
        full.programme.commune.name,
        full.household.quartier.name,
        "En parcours",
        "'=Remplie",  # typed text that reads as a formula stays text
        "Plein",
        "29/02/2012",
        "Fille",
        "École Jaune (REP+)",
        "Collège",
        "Rosa Référente",
    ]
    assert by_code[empty.code][3:] == [
        empty.programme.commune.name,
        "Hors quartier prioritaire",
        "Orienté, en attente",
        "Nul",
        "Vide",
        "14/03/2015",
        "Garçon",
        "",
        "Élémentaire",
        "",
    ]
    # One access-log entry per named child exported (here every child exported is named).
    logged = AccessLog.objects.filter(user=coordinator, reason="Export CSV de la liste des enfants")
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        Child.objects.filter(code__in=by_code).values_list("pk", flat=True)
    )
    assert {full.pk, empty.pk} <= set(logged.values_list("object_id", flat=True))

    sheet = load_workbook(io.BytesIO(client.get(reverse("parcours:child_export_xlsx")).content)).active
    cells = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[full.code][1] == age and cells[full.code][8] == datetime.datetime(2012, 2, 29)
    assert not cells[empty.code][10] and not cells[empty.code][12]  # no school, no référent


def test_pseudonymous_export_has_no_named_column_and_logs_nothing(client, world):
    full, empty = full_and_empty(world)
    metropole = world.user(Role.METROPOLE_COORDINATOR)
    client.force_login(metropole)
    rows = csv_rows(client)
    assert rows[0] == exports.COMMON_COLUMNS
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code == reference_cells(metropole, named_columns=False)
    assert {full.code, empty.code} <= set(by_code)
    text = "\n".join(";".join(r) for r in rows)
    for withheld in ("Plein", "Remplie", "Vide", "Nul", "29/02/2012", "École Jaune", "Rosa"):
        assert withheld not in text
    assert not AccessLog.objects.filter(user=metropole).exists()


def test_disclose_values_withholds_personal_fields_of_pseudonymous_rows(world):
    full, _empty = full_and_empty(world)
    fields = ("code", "first_name", "school__name", "birth_date", "referent_id")
    children = Child.objects.filter(pk=full.pk)
    [(row, named)] = disclose_values(
        world.user(Role.METROPOLE_COORDINATOR), children, fields, reason="Test", for_statistics=("birth_date",)
    )
    assert not named
    assert row == (full.pk, full.code, None, None, D(2012, 2, 29), full.referent_id)
    [(row, named)] = disclose_values(world.user(Role.METROPOLE_COORDINATOR), children, fields, reason="Test")
    assert row[4] is None  # the birth date too, unless asked for statistics
    [(row, named)] = disclose_values(world.user(Role.PROGRAMME_COORDINATOR), children, fields, reason="Test")
    assert named and row[2:4] == ("Plein", "École Jaune")
    # Rows outside the user's scope are dropped, whatever the queryset passed.
    foreign = make_child(world.other_programme, first_name="Ailleurs")
    both = Child.objects.filter(pk__in=[full.pk, foreign.pk])
    assert [r[0][0] for r in disclose_values(world.user(Role.PROGRAMME_COORDINATOR), both, fields, reason="T")] == [
        full.pk
    ]


def test_disclose_values_for_a_user_who_sees_no_one_named_reads_no_personal_column(world):
    """A métropole may see no child named: the personal columns are not even read, and the rows are
    the same as when they were read and withheld."""
    full, empty = full_and_empty(world)
    foreign = make_child(world.other_programme, first_name="Ailleurs")
    fields = ("code", "first_name", "school__name", "birth_date", "referent_id", "last_name")
    children = Child.objects.filter(pk__in=[full.pk, empty.pk, foreign.pk]).order_by("pk")
    metropole = world.user(Role.METROPOLE_COORDINATOR)
    with CaptureQueriesContext(connection) as queries:
        rows = disclose_values(metropole, children, fields, reason="Test", for_statistics=("birth_date",))
    assert rows == [
        ((full.pk, full.code, None, None, D(2012, 2, 29), full.referent_id, None), False),
        ((empty.pk, empty.code, None, None, empty.birth_date, None, None), False),
    ]
    # The rows and the scope check (after the user's scope, read once); no named query, no access log.
    read = [q["sql"] for q in queries if "parcours_child" in q["sql"]]
    assert len(read) == 2 and not any("INSERT" in q["sql"] for q in queries)
    assert '"first_name"' not in read[0] and "parcours_school" not in read[0]
    assert not AccessLog.objects.filter(user=metropole).exists()
