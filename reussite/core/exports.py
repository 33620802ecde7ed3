"""One way to export a list: CSV for French Excel (UTF-8 with BOM, « ; », decimal comma, dates
jj/mm/aaaa) and XLSX (openpyxl), of exactly the rows the filtered list shows (every page of it), with
a totals row when the list has money columns.

A list view builds its filtered queryset once, then::

    columns = [Column("Référence", lambda c: c.reference), Column("Montant", lambda c: c.amount, money=True)]
    if (response := export_response(request, calls, columns, "appels-de-fonds")) is not None:
        return response

and its template adds ``{% include "includes/export_links.html" %}`` (links that keep the filters).
Typed text never becomes a formula (``core.spreadsheets``).
"""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .spreadsheets import append_row, csv_bytes, csv_text

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = '#,##0.00\\ "€"'
DATE_FORMAT = "DD/MM/YYYY"
TOTAL_LABEL = "Total"


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]
    money: bool = False  # summed in the totals row, written as an amount in euros


def requested_format(request) -> str | None:
    wanted = request.GET.get("format", "")
    return wanted if wanted in FORMATS else None


def table(rows: Iterable, columns: list[Column]) -> tuple[list[list], list | None]:
    """The cells of every row, and the totals row (``None`` without money columns)."""
    values = [[column.value(row) for column in columns] for row in rows]
    if not any(column.money for column in columns):
        return values, None
    totals: list = [""] * len(columns)
    for index, column in enumerate(columns):
        if column.money:
            totals[index] = sum((r[index] for r in values if r[index] is not None), Decimal("0"))
    first_text = next((i for i, c in enumerate(columns) if not c.money), None)
    if first_text is not None:
        totals[first_text] = TOTAL_LABEL
    return values, totals


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else f"{value:%d/%m/%Y %H:%M}"
        )
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float | int):
        # No thousands separator: French Excel reads « 1234,50 » as a number.
        return str(value).replace(".", ",")
    return csv_text(str(value))


def to_csv(columns: list[Column], values: list[list], totals: list | None) -> bytes:
    rows = ([csv_cell(v) for v in row] for row in [*values, *([totals] if totals else [])])
    return csv_bytes([csv_text(c.title) for c in columns], rows)


def _xlsx_value(value):
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def to_xlsx(columns: list[Column], values: list[list], totals: list | None, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.title for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in values:
        append_row(sheet, [_xlsx_value(v) for v in row])
    if totals:
        append_row(sheet, totals)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if column.money:
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
        sheet.column_dimensions[cell.column_letter].width = max(12, min(50, len(column.title) + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    request, rows: Iterable, columns: list[Column], filename: str, title: str = ""
) -> HttpResponse | None:
    """The CSV or XLSX file of ``rows`` when the request asks for one (``?format=csv|xlsx``), else None.

    ``rows`` is the list's filtered queryset (or list), not a page: the file holds every row the
    filters select. ``filename`` names no person (no personal data in file names)."""
    wanted = requested_format(request)
    if wanted is None:
        return None
    values, totals = table(rows, columns)
    stamp = timezone.localdate().isoformat()
    if wanted == "csv":
        response = HttpResponse(to_csv(columns, values, totals), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(columns, values, totals, title or filename), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{wanted}"'
    return response
