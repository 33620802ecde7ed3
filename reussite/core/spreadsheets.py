"""Exports that French Excel opens safely: text typed by users never becomes a live formula.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab, a carriage return) is read as a formula by
spreadsheet software: a name typed as ``=HYPERLINK(…)`` would run in the coordinator's Excel and
could send other rows out of the file (CSV/formula injection). Typed text is neutralised here, once.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """Typed text for a CSV cell: a leading apostrophe makes a formula-like text plain text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def append_row(sheet, values) -> None:
    """``sheet.append(values)``, with every formula-like text stored as text (openpyxl would store it
    as a formula)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
