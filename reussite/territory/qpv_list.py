"""The bundled, dated list of official priority neighbourhoods (QPV) a coordinator picks from.

The list is a CSV file (``;``-separated, UTF-8, one row per quartier and period): ``code`` (blank when
the source does not print it), ``nom``, ``type`` (``qpv``), ``code_insee`` of the commune,
``commune``, ``valide_du`` / ``valide_au`` (ISO dates; blank: open), ``texte`` (the decree) and
``source`` (where the row was read). The file shipped in ``territory/data/qpv.csv`` holds only the
rows verified in this project's sources (the Dijon network); an operator points
``REUSSITE_QPV_LIST`` at the national file converted to these columns (see docs/operations.md).
Nothing is ever invented: an unknown code stays blank.
"""

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

BUNDLED = Path(__file__).parent / "data" / "qpv.csv"


@dataclass(frozen=True)
class OfficialQuartier:
    key: str  # stable identifier of the row in the list (code, or INSEE + name + start)
    code: str
    name: str
    kind: str
    insee_code: str
    commune: str
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
        return f"{self.name} — {code} — {period} ({self.legal_basis})"


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@cache
def _load(path: str) -> tuple[OfficialQuartier, ...]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return tuple(
        OfficialQuartier(
            key=row["code"] or f"{row['code_insee']}|{row['nom']}|{row['valide_du']}",
            code=row["code"],
            name=row["nom"],
            kind=row["type"],
            insee_code=row["code_insee"],
            commune=row["commune"],
            valid_from=_date(row["valide_du"]),
            valid_until=_date(row["valide_au"]),
            legal_basis=row["texte"],
            source=row["source"],
        )
        for row in rows
    )


def official_quartiers() -> tuple[OfficialQuartier, ...]:
    return _load(str(getattr(settings, "REUSSITE_QPV_LIST", "") or BUNDLED))


def official_quartiers_of(insee_code: str) -> list[OfficialQuartier]:
    """The listed quartiers of a commune, the current list first."""
    rows = [q for q in official_quartiers() if q.insee_code == insee_code]
    return sorted(rows, key=lambda q: (q.valid_from or datetime.date.min, q.name), reverse=True)
