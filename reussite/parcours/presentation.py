"""A child as a user may see them: the one rendering pages, exports and the API share.

Built from a ``Disclosed`` child only: a pseudonymous row has no name, birth date, address, sex or
school — the fields the model declares personal are withheld by the disclosure layer itself.
"""

import datetime
import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from reussite.accounts.disclosure import Disclosed

from .identity import age_on


@dataclass(frozen=True)
class ChildRow:
    pk: int
    code: str
    named: bool
    age: int
    age_band: str | None
    quartier: str
    programme: str
    status: str
    status_label: str
    referent: str
    intensity_profile: int | None = None  # 1–4, a statistic: shown pseudonymously too
    first_name: str | None = None
    last_name: str | None = None
    birth_date: datetime.date | None = None
    sex: str | None = None
    school: str | None = None
    school_level: str | None = None

    @property
    def label(self) -> str:
        """What a list shows to designate the child: their name when named, their code otherwise."""
        return f"{self.first_name} {self.last_name.upper()}" if self.named else self.code


OUTSIDE_PRIORITY_AREAS = "Hors quartier prioritaire"


@functools.lru_cache(maxsize=8)
def _labels() -> dict[str, dict[str, str]]:
    """The choices' labels, built once (an export formats thousands of rows)."""
    from .models import Child

    return {
        "status": {value: str(label) for value, label in Child.Status.choices},
        "sex": {value: str(label) for value, label in Child.Sex.choices},
        "level": {value: str(label) for value, label in Child.Level.choices},
    }


def child_row(disclosed: Disclosed, today: datetime.date | None = None) -> ChildRow:
    """Needs the child with school and referent loaded (read for a named child only), and either the
    annotations ``programme_name`` and ``quartier_name`` (``queries.caseload``: no related rows built
    per child) or programme__commune and household__quartier."""
    from .identity import age_band

    child = disclosed.record
    today = today or timezone.localdate()
    age = age_on(child.birth_date, today)
    if hasattr(child, "programme_name"):
        programme, quartier = child.programme_name, child.quartier_name or OUTSIDE_PRIORITY_AREAS
    else:
        programme = child.programme.commune.name
        quartier = child.household.quartier.name if child.household.quartier_id else OUTSIDE_PRIORITY_AREAS
    named = disclosed.named
    school = disclosed.value("school")
    labels = _labels()
    return ChildRow(
        pk=child.pk,
        code=child.code,
        named=named,
        age=age,
        age_band=age_band(age),
        quartier=quartier,
        programme=programme,
        status=child.status,
        status_label=labels["status"].get(child.status, child.status),
        referent=(str(child.referent) if child.referent_id else "") if named else "",
        intensity_profile=child.intensity_profile,
        first_name=disclosed.value("first_name"),
        last_name=disclosed.value("last_name"),
        birth_date=disclosed.value("birth_date"),
        sex=labels["sex"].get(child.sex, child.sex) if named else None,
        school=str(school) if school is not None else None,
        school_level=labels["level"].get(child.school_level, child.school_level) if named else None,
    )


# A pk no child has: the detail URL is reversed once per list, and each row's pk put in it.
_PK_MARK = str(2**62 + 12345)


def rows_html(rows: list[ChildRow]) -> SafeString:
    """The ``<tr>`` of the children's list, as its template loop wrote them (``{% url %}`` and every
    value through ``conditional_escape``): fifty rows of template nodes were a good part of the page."""
    esc = conditional_escape
    pattern = reverse("parcours:child_detail", args=[_PK_MARK])
    parts = []
    for row in rows:
        url = esc(pattern.replace(_PK_MARK, str(row.pk)))
        code = f' <span class="muted small">{esc(row.code)}</span>' if row.named else ""
        parts.append(
            f'\n  <tr><td><a href="{url}">{esc(row.label)}</a>{code}</td>\n'
            f"      <td>{esc(row.age)} ans</td><td>{esc(row.programme)}</td><td>{esc(row.quartier)}</td>"
            f"<td>{esc(row.status_label)}</td><td>{esc(row.referent or '—')}</td></tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value is escaped above
