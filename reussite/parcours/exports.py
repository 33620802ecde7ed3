"""CSV (for French Excel: UTF-8 with BOM, « ; », decimal comma) and XLSX exports of a caseload.

Both take ``ChildRow``s: what a row withholds (names of pseudonymous children) cannot be exported.
"""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from .presentation import ChildRow

NAMED_COLUMNS = ["Nom", "Prénom", "Date de naissance", "Sexe", "École", "Niveau", "Référent"]
COMMON_COLUMNS = ["Code", "Âge", "Tranche d'âge", "Programme", "Quartier", "Statut"]


def _columns(named: bool) -> list[str]:
    return COMMON_COLUMNS + (NAMED_COLUMNS if named else [])


def _values(row: ChildRow, named_columns: bool) -> list:
    values = [row.code, row.age, row.age_band or "", row.programme, row.quartier, row.status_label]
    if named_columns:
        if row.named:
            values += [
                row.last_name,
                row.first_name,
                row.birth_date,
                row.sex,
                row.school or "",
                row.school_level,
                row.referent,
            ]
        else:
            values += [""] * len(NAMED_COLUMNS)
    return values


def to_csv(rows: list[ChildRow]) -> bytes:
    named = any(r.named for r in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_columns(named))
    for row in rows:
        writer.writerow([_csv_cell(v) for v in _values(row, named)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float | Decimal):  # French Excel reads a decimal comma
        return str(value).replace(".", ",")
    return "" if value is None else str(value)


def to_xlsx(rows: list[ChildRow]) -> bytes:
    named = any(r.named for r in rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Enfants"
    sheet.append(_columns(named))
    for row in rows:
        sheet.append(_values(row, named))
    if named:
        date_column = len(COMMON_COLUMNS) + 3
        for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
            cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
