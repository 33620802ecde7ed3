"""One table per list, rendered as HTML and exported as CSV (French Excel) or XLSX from the same rows:
an export holds exactly what the page shows (a pseudonymous child stays a code)."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from openpyxl import Workbook

from reussite.core.formatting import format_eur, format_short_date
from reussite.core.spreadsheets import append_row, csv_bytes, csv_bytes_by_column, csv_text

from .hours import format_hours

TEXT, HOURS, EUR, DATE, INT = "text", "hours", "eur", "date", "int"
TD = {True: '<td class="num">', False: "<td>"}  # a cell's opening tag, numeric or not


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (HOURS, EUR, INT)


@dataclass
class Row:
    values: list
    url: str = ""  # the first cell links to it
    flag: str = ""  # a short warning shown after the first cell (« en retard »)


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    def display(self):
        """(row, [(text, numeric)]) for the template."""
        return [
            (row, [(_display(v, c.kind), c.numeric) for v, c in zip(row.values, self.columns, strict=True)])
            for row in self.rows
        ]

    def body_html(self) -> str:
        """The ``<tr>`` rows of ``display``, escaped here as a template would (``conditional_escape``)
        rather than by a template loop per cell (a page of fifty rows was a third of a list's time in
        template nodes)."""
        esc = conditional_escape
        parts = []
        for row, cells in self.display():
            (text, _), *others = cells
            first = f'<a href="{esc(row.url)}">{esc(text)}</a>' if row.url else esc(text)
            if row.flag:
                first += f' <span class="verdict verdict-ko">{esc(row.flag)}</span>'
            tds = "".join(f"{TD[numeric]}{esc(t)}</td>" for t, numeric in others)
            parts.append(f'<tr><th scope="row">{first}</th>{tds}</tr>')
        return mark_safe("\n  ".join(parts))  # noqa: S308 — every piece is escaped above


def _display(value, kind) -> str:
    if value is None or value == "":
        return "—"
    if kind == HOURS:
        return f"{format_hours(value)} h"
    if kind == EUR:
        return format_eur(value)
    if kind == DATE:
        return format_short_date(value)
    return str(value)


def _csv_cell(value) -> str:
    if isinstance(value, datetime.date):
        # strftime("%d/%m/%Y")'s text, four times faster (thousands of distinct dates in an export).
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, str):
        return csv_text(value)
    return "" if value is None else str(value)


def to_csv(table: Table) -> bytes:
    header = [c.label for c in table.columns]
    if not table.rows:
        return csv_bytes(header, [])
    return csv_bytes_by_column(header, map(_csv_column, zip(*(row.values for row in table.rows), strict=True)))


# Values whose text depends on their value alone: equal values of these types format alike (a
# Decimal does not, 1.0 and 1.00 are equal; nor a bool, True equals 1; nor a datetime).
_CACHEABLE = frozenset({str, int, datetime.date, type(None)})


def _csv_column(values: tuple) -> list[str]:
    """The CSV texts of one column's values. A network's export repeats the same dates, names and
    labels thousands of times: there each distinct value is formatted once, and the column mapped
    through a dictionary."""
    if _CACHEABLE.issuperset(map(type, values)):
        texts = {value: _csv_cell(value) for value in set(values)}
        return list(map(texts.__getitem__, values))
    return [_csv_cell(value) for value in values]


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.caption[:31]
    append_row(sheet, [c.label for c in table.columns])
    for row in table.rows:
        append_row(sheet, ["" if v is None else v for v in row.values])
    for cell_row in sheet.iter_rows(min_row=2):
        for cell, column in zip(cell_row, table.columns, strict=True):
            if column.kind == DATE:
                cell.number_format = "DD/MM/YYYY"
            elif column.kind == EUR:
                cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(table: Table, file_format: str, filename: str) -> HttpResponse | None:
    """The export asked by ``?format=csv|xlsx``, or None for the page. ``filename`` holds no personal data."""
    if file_format == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(to_xlsx(table), content_type=XLSX)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
