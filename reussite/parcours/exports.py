"""CSV (for French Excel: UTF-8 with BOM, « ; », decimal comma) and XLSX exports of a caseload.

An export of a métropole's network holds thousands of children: its rows are read as tuples
(``disclose_values``: no model instance per child, the names withheld from pseudonymous rows by the
disclosure layer), with the labels looked up in dictionaries built once and the ages computed inline.
They hold exactly what the list's ``ChildRow`` shows: what a row withholds (names of pseudonymous
children) cannot be exported.
"""

import io

from django.utils import timezone
from openpyxl import Workbook

from reussite.accounts.disclosure import disclose_values, names_nobody
from reussite.core.spreadsheets import append_row, csv_bytes, csv_text

from .identity import AGE_BANDS
from .models import Child, School
from .presentation import OUTSIDE_PRIORITY_AREAS, _labels

NAMED_COLUMNS = ["Nom", "Prénom", "Date de naissance", "Sexe", "École", "Niveau", "Référent"]
COMMON_COLUMNS = ["Code", "Âge", "Tranche d'âge", "Programme", "Quartier", "Statut"]
BIRTH_DATE_COLUMN = len(COMMON_COLUMNS) + 2  # 0-based index of « Date de naissance »

# What a row reads (``queries.caseload`` annotates the programme's and quartier's names); the
# positions below follow this order, after the pk ``disclose_values`` puts first. A user who may see
# no child named (a métropole) reads the common columns only: no référent joined for thousands of rows.
COMMON_FIELDS = ("code", "birth_date", "status", "programme_name", "quartier_name")
# The caseload's sort keys, selected so that its ordering refers to them (PostgreSQL refuses an ORDER
# BY on the constant they become when the user sees no child named); not written out.
SORT_FIELDS = ("sort_last", "sort_first")
FIELDS = (
    *COMMON_FIELDS,
    "last_name",
    "first_name",
    "sex",
    "school__name",
    "school__priority",
    "school_level",
    "referent_id",
    "referent__first_name",
    "referent__last_name",
    "referent__username",
    *SORT_FIELDS,
)


def _columns(named: bool) -> list[str]:
    return COMMON_COLUMNS + (NAMED_COLUMNS if named else [])


def _age_bands() -> dict[int, str]:
    bands = {}
    for code, _label, low, high in AGE_BANDS:
        for age in range(low, (high if high is not None else 150) + 1):
            bands[age] = code
    return bands


def export_table(user, children, *, reason: str, for_csv: bool) -> tuple[list[str], list[list]]:
    """The columns and the cells of the export of ``children`` (a ``queries.caseload`` queryset).

    ``for_csv``: cells as CSV text (dates jj/mm/aaaa, typed text that could read as a formula made
    plain); otherwise values for a spreadsheet (dates as dates, numbers as numbers).
    """
    fields = (*COMMON_FIELDS, *SORT_FIELDS) if names_nobody(user, Child) else FIELDS
    disclosed = disclose_values(user, children, fields, reason=reason, for_statistics=("birth_date",))
    named_columns = any(named for _row, named in disclosed)
    labels = _labels()
    statuses, sexes, levels = labels["status"], labels["sex"], labels["level"]
    priorities = {value: str(label) for value, label in School.Priority.choices}
    bands = _age_bands()
    today = timezone.localdate()
    year, today_key = today.year, (today.month, today.day)
    text = csv_text if for_csv else _same
    texts: dict[str, str] = {}  # programme, quartier and status cells, made once each

    def shared(value: str) -> str:
        cell = texts.get(value)
        if cell is None:
            cell = texts[value] = text(value)
        return cell

    blank_named = [""] * len(NAMED_COLUMNS)
    cells = []
    append = cells.append
    for row, named in disclosed:
        _pk, code, born, status, programme, quartier = row[:6]
        age = year - born.year - ((born.month, born.day) > today_key)
        values = [
            text(code),
            str(age) if for_csv else age,
            bands.get(age, ""),
            shared(programme),
            shared(quartier or OUTSIDE_PRIORITY_AREAS),
            shared(statuses.get(status, status)),
        ]
        if named_columns:
            if named:
                last, first, sex, school, priority, level, referent_id, ref_first, ref_last, ref_username = row[6:16]
                if school is not None and priority:
                    school = f"{school} ({priorities.get(priority, priority)})"
                # str(user): the full name, else the username.
                referent = "" if referent_id is None else (f"{ref_first} {ref_last}".strip() or ref_username)
                values += [
                    text(last),
                    text(first),
                    born.strftime("%d/%m/%Y") if for_csv else born,
                    sexes.get(sex, sex),
                    text(school) if school is not None else "",
                    levels.get(level, level),
                    text(referent),
                ]
            else:
                values += blank_named
        append(values)
    return _columns(named_columns), cells


def _same(value: str) -> str:
    return value


def to_csv(columns: list[str], cells: list[list]) -> bytes:
    return csv_bytes(columns, cells)


def to_xlsx(columns: list[str], cells: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Enfants"
    sheet.append(columns)
    for values in cells:
        append_row(sheet, values)
    if len(columns) > len(COMMON_COLUMNS):
        date_column = BIRTH_DATE_COLUMN + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
            cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
