"""The State survey as XLSX and CSV (French Excel: UTF-8 with BOM, « ; », decimal comma): the same
lines and values as the page, withheld cells as their mark (« < 5 », « secret »)."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from reussite.core.numbers import Withheld
from reussite.core.spreadsheets import append_row, csv_text

from .presentation import Line, Section, Survey

UNITS = {"eur": "€", "hours": "h", "fte": "ETP", "months": "mois", "count": "", "percent": "%"}


@dataclass
class Table:
    """Rows of (section, line, values) with one column per survey (a programme, or programmes and the
    network for the consolidation)."""

    columns: list[str]
    rows: list[tuple[Section, Line, list]]


def survey_table(surveys: list[Survey]) -> Table:
    """Lines of the first survey (the reference shape), values of each survey by line key."""
    reference = surveys[-1]
    by_key = [{line.key: line.value for _s, line in s.lines()} for s in surveys]
    rows = []
    for section, line in reference.lines():
        rows.append((section, line, [values.get(line.key, "") for values in by_key]))
    return Table([s.title for s in surveys], rows)


def cell_value(value):
    """What a spreadsheet cell holds: numbers as numbers, a mark or « non renseigné » as text."""
    if isinstance(value, Withheld):
        return str(value)
    if value is None:
        return "non renseigné"
    return value


def _label(line: Line) -> str:
    return ("    " if line.level else "") + line.label


def header(table: Table) -> list[str]:
    return ["Rubrique", "Indicateur", "Unité", *table.columns]


def to_xlsx(table: Table, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Enquête"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    append_row(sheet, header(table))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    # The rows' numbers counted here: ``sheet.max_row`` and ``sheet[row]`` scan every cell of the sheet
    # (max_row, max_column), which made the loop quadratic in the cells.
    for row, (section, line, values) in enumerate(table.rows, start=3):
        cells = [cell_value(v) for v in values]
        append_row(sheet, [section.title, _label(line), UNITS[line.unit], *cells])
        for column, value in enumerate(cells, start=4):
            if isinstance(value, Decimal):
                sheet.cell(row=row, column=column).number_format = "#,##0.00" if line.unit == "eur" else "0.0#"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 55
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value) -> str:
    value = cell_value(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def to_csv(table: Table, title: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(title)])
    writer.writerow(header(table))
    for section, line, values in table.rows:
        writer.writerow([csv_text(section.title), csv_text(_label(line)), UNITS[line.unit], *map(_csv_cell, values)])
    return buffer.getvalue().encode("utf-8-sig")
