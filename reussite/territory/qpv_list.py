"""The bundled, dated list of official priority neighbourhoods (QPV) a coordinator picks from.

The list is a CSV file (``;``-separated, UTF-8, ``#`` lines are comments; one row per quartier and
period): ``code`` (blank when the source does not print it), ``nom``, ``code_insee`` and ``commune``
(``|``-separated when the quartier spans several communes), ``valide_du`` / ``valide_au`` (ISO dates;
blank: open), ``texte`` (the decree), ``source`` (where the row was read) and, optionally, ``type``
(``qpv`` when absent). The file shipped in ``territory/data/qpv.csv`` holds the national 2024– list of
the ANCT and the 2015–2023 rows of this project's own sources (provenance in ``data/SOURCE.md``); an
operator may point ``REUSSITE_QPV_LIST`` at another file with these columns (see docs/operations.md).
Nothing is ever invented: an unknown code stays blank.

The file is read once per process and indexed by commune and department, so the picker of a commune
costs a dictionary lookup, not a scan of the ~1 600 rows, and no SQL query.
"""

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

BUNDLED = Path(__file__).parent / "data" / "qpv.csv"

# Paris, Lyon and Marseille are listed under the commune; a coordinator may enter an arrondissement.
_ARRONDISSEMENTS = (("751", "75056"), ("6938", "69123"), ("132", "13055"))


def parent_commune(insee_code: str) -> str:
    """The commune of a municipal arrondissement (75118 → 75056), else the code itself."""
    for prefix, parent in _ARRONDISSEMENTS:
        if insee_code.startswith(prefix) and insee_code != parent and len(insee_code) == 5:
            return parent
    return insee_code


def department_of(insee_code: str) -> str:
    """The department of a commune's INSEE code: 2 characters, 3 overseas (971…, 987…)."""
    return insee_code[:3] if insee_code[:2] in ("97", "98") else insee_code[:2]


@dataclass(frozen=True)
class OfficialQuartier:
    key: str  # stable identifier of the row in the list (code, or INSEE + name + start)
    code: str
    name: str
    kind: str
    insee_codes: tuple[str, ...]
    communes: tuple[str, ...]
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    legal_basis: str
    source: str

    @property
    def label(self) -> str:
        period = f"depuis le {self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        if self.valid_until:
            period = f"du {self.valid_from:%d/%m/%Y} au {self.valid_until:%d/%m/%Y}"
        code = self.code or "code non imprimé"
        spans = f" — sur {', '.join(self.communes)}" if len(self.communes) > 1 else ""
        return f"{self.name} — {code} — {period} ({self.legal_basis}){spans}"

    def covers(self, insee_code: str) -> bool:
        return parent_commune(insee_code) in self.insee_codes


@dataclass(frozen=True)
class _Index:
    rows: tuple[OfficialQuartier, ...]
    by_commune: dict[str, tuple[OfficialQuartier, ...]]
    by_department: dict[str, tuple[OfficialQuartier, ...]]


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _newest_first(rows):
    return tuple(sorted(rows, key=lambda q: (q.valid_from or datetime.date.min, q.name), reverse=True))


@cache
def _load(path: str) -> _Index:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter=";"):
        insee_codes = tuple(row["code_insee"].split("|"))
        rows.append(
            OfficialQuartier(
                key=row["code"] or f"{row['code_insee']}|{row['nom']}|{row['valide_du']}",
                code=row["code"],
                name=row["nom"],
                kind=row.get("type") or "qpv",
                insee_codes=insee_codes,
                communes=tuple(row["commune"].split("|")),
                valid_from=_date(row["valide_du"]),
                valid_until=_date(row["valide_au"]),
                legal_basis=row["texte"],
                source=row["source"],
            )
        )
    by_commune, by_department = defaultdict(list), defaultdict(list)
    for quartier in rows:
        for insee_code in quartier.insee_codes:
            by_commune[insee_code].append(quartier)
        for department in dict.fromkeys(department_of(c) for c in quartier.insee_codes):
            by_department[department].append(quartier)
    return _Index(
        rows=tuple(rows),
        by_commune={k: _newest_first(v) for k, v in by_commune.items()},
        by_department={k: _newest_first(v) for k, v in by_department.items()},
    )


def _index() -> _Index:
    return _load(str(getattr(settings, "REUSSITE_QPV_LIST", "") or BUNDLED))


def official_quartiers() -> tuple[OfficialQuartier, ...]:
    return _index().rows


def official_quartiers_of(insee_code: str) -> list[OfficialQuartier]:
    """The listed quartiers of a commune (an arrondissement counts as its commune), newest list first."""
    return list(_index().by_commune.get(parent_commune(insee_code), ()))


def official_quartiers_in_department(department: str) -> list[OfficialQuartier]:
    """The listed quartiers touching a department (``21``, ``2A``, ``974``), newest list first."""
    return list(_index().by_department.get(department, ()))


def listed_communes_in_department(department: str) -> list[tuple[str, str]]:
    """(INSEE code, name) of the department's communes that have a listed quartier, by name."""
    pairs = {
        (insee_code, name)
        for quartier in official_quartiers_in_department(department)
        for insee_code, name in zip(quartier.insee_codes, quartier.communes, strict=True)
        if department_of(insee_code) == department
    }
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))
