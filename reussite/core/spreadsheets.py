"""Exports that French Excel opens safely: text typed by users never becomes a live formula.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab, a carriage return) is read as a formula by
spreadsheet software: a name typed as ``=HYPERLINK(…)`` would run in the coordinator's Excel and
could send other rows out of the file (CSV/formula injection). Typed text is neutralised here, once.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """Typed text for a CSV cell: a leading apostrophe makes a formula-like text plain text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# What makes csv.writer quote a field with the exports' dialect (« ; », "\r\n", minimal quoting).
_QUOTED_CHARS = (";", '"', "\r", "\n")


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The bytes ``csv.writer(delimiter=";", lineterminator="\r\n")`` writes for ``header`` and
    ``rows`` (``None`` as an empty field), after a UTF-8 byte order mark for French Excel.

    Written column by column: a column is searched for the characters that need quoting in one scan
    of its joined text, and only a column that holds one is quoted field by field, then the lines are
    joined. A network's export of thousands of rows spent more in csv.writer's check of every field
    than in the rest of its formatting."""
    lines = [header, *rows]
    if len(header) < 2:  # csv.writer quotes the empty field of a one-column row: leave it that case
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(lines)
        return buffer.getvalue().encode("utf-8-sig")
    return csv_bytes_by_column(header, zip(*lines[1:], strict=True) if len(lines) > 1 else [() for _ in header])


def csv_bytes_by_column(header: Sequence, columns: Iterable[Sequence]) -> bytes:
    """:func:`csv_bytes` of a table given by its columns (at least two, of equal length)."""
    fields = [_csv_fields((title, *column)) for title, column in zip(header, columns, strict=True)]
    return ("\r\n".join(map(";".join, zip(*fields, strict=True))) + "\r\n").encode("utf-8-sig")


def _csv_fields(column: tuple) -> Sequence[str]:
    if set(map(type, column)) != {str}:
        column = ["" if value is None else str(value) for value in column]
    joined = "".join(column)
    if not any(char in joined for char in _QUOTED_CHARS):
        return column
    return [_quoted(text) if any(char in text for char in _QUOTED_CHARS) else text for text in column]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def append_row(sheet, values) -> None:
    """``sheet.append(values)``, with every formula-like text stored as text (openpyxl would store it
    as a formula).

    The cell of such a text is made here, typed as text, and appended as it is: finding the new row
    afterwards through ``sheet.max_row`` scans every cell of the sheet, which made an export of
    thousands of rows quadratic (12 s for a network's 5 226 children)."""
    sheet.append([_as_text(sheet, v) if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in values])


def _as_text(sheet, text: str) -> Cell:
    cell = Cell(sheet, value=text)
    cell.data_type = "s"
    return cell
