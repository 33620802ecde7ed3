"""CSV (for French Excel: UTF-8 with BOM, « ; », decimal comma, dates as dd/mm/yyyy) and XLSX exports
of the coordination's lists. Typed text goes through ``core.spreadsheets`` so that a title or a name
written like a formula stays text."""

import datetime
import io
from decimal import Decimal

from django.http import Http404, HttpResponse
from openpyxl import Workbook

from reussite.core.spreadsheets import append_row, csv_bytes, csv_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def to_csv(columns: list[str], rows) -> bytes:
    return csv_bytes(columns, ([_csv_cell(value) for value in row] for row in rows))


def _xlsx_cell(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return value


def to_xlsx(columns: list[str], rows, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(columns)
    for row in rows:
        append_row(sheet, [_xlsx_cell(value) for value in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(fmt: str, name: str, columns: list[str], rows, title: str) -> HttpResponse:
    """The table as ``name.csv`` or ``name.xlsx``; another format is a 404 like an unknown page."""
    if fmt == "csv":
        response = HttpResponse(to_csv(columns, rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(to_xlsx(columns, rows, title), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
