"""The State survey's XLSX written without scanning the sheet for each row (``exports.to_xlsx``): every
cell the same as the former writing gave (value, type, number format, bold), on the network's export
and on a table of every kind of value."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from reussite.accounts.models import Role
from reussite.core.numbers import Withheld
from reussite.core.spreadsheets import append_row
from reussite.reporting import exports
from reussite.reporting.presentation import Line, Section
from tests.reporting.worlds import YEAR, small_world

pytestmark = pytest.mark.django_db


def former_xlsx(table: exports.Table, title: str) -> bytes:
    """``to_xlsx`` as it was written before (each row found again through ``sheet.max_row``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Enquête"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    append_row(sheet, exports.header(table))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for section, line, values in table.rows:
        label = ("    " if line.level else "") + line.label
        append_row(sheet, [section.title, label, exports.UNITS[line.unit], *[exports.cell_value(v) for v in values]])
        for cell in sheet[sheet.max_row][3:]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00" if line.unit == "eur" else "0.0#"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 55
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Enquête"]
    sheet = workbook.active
    widths = {key: sheet.column_dimensions[key].width for key in ("A", "B")}
    return [widths, sheet.dimensions] + [
        (cell.coordinate, cell.value, cell.data_type, cell.number_format, bool(cell.font.bold))
        for row in sheet.iter_rows()
        for cell in row
    ]


def test_every_kind_of_value_as_before():
    section = Section("money", "=Finances", [])
    lines = [
        Line("caf", "Montant CAF", Decimal("1234.50"), unit="eur"),
        Line("fte", "Effectif", Decimal("2.5"), unit="fte", level=1),
        Line("children", "Enfants", 12),
        Line("boys", "-garçons", Withheld(5, True), level=1),
        Line("girls", "filles", Withheld(5, False), level=1),
        Line("other", "Autre", None, unit="hours"),
        Line("rate", "Taux", Decimal("12.25"), unit="percent"),
    ]
    rows = [
        (section, line, [line.value, Decimal("7"), "", 3 if line.unit == "count" else Decimal("0.5")]) for line in lines
    ]
    table = exports.Table(["Azay", "+Brissac", "Cholet", "Réseau"], rows)
    new = exports.to_xlsx(table, "Enquête annuelle PRE 2017 — Réseau")
    assert cells(new) == cells(former_xlsx(table, "Enquête annuelle PRE 2017 — Réseau"))


def test_the_network_export_as_before(client, world):
    small_world(world)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    table = client.get(reverse("reporting:survey_network", args=[YEAR])).context["table"]
    export = client.get(reverse("reporting:survey_network_export", args=[YEAR, "xlsx"]))
    assert export.status_code == 200
    title = load_workbook(io.BytesIO(export.content)).active["A1"].value
    written = cells(export.content)
    assert written == cells(former_xlsx(table, title))
    assert any(kind == "n" for _c, _v, kind, _f, _b in written[2:])  # numbers written as numbers
