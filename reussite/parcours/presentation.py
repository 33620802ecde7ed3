"""A child as a user may see them: the one rendering pages, exports and the API share.

Built from a ``Disclosed`` child only: a pseudonymous row has no name, birth date, address, sex or
school — the fields the model declares personal are withheld by the disclosure layer itself.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

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


def child_row(disclosed: Disclosed, today: datetime.date | None = None) -> ChildRow:
    """Needs the child with programme__commune, household__quartier, school and referent loaded."""
    from .identity import age_band

    child = disclosed.record
    today = today or timezone.localdate()
    age = age_on(child.birth_date, today)
    quartier = child.household.quartier.name if child.household.quartier_id else "Hors quartier prioritaire"
    named = disclosed.named
    school = disclosed.value("school")
    return ChildRow(
        pk=child.pk,
        code=child.code,
        named=named,
        age=age,
        age_band=age_band(age),
        quartier=quartier,
        programme=child.programme.commune.name,
        status=child.status,
        status_label=child.get_status_display(),
        referent=(str(child.referent) if child.referent_id else "") if named else "",
        intensity_profile=child.intensity_profile,
        first_name=disclosed.value("first_name"),
        last_name=disclosed.value("last_name"),
        birth_date=disclosed.value("birth_date"),
        sex=child.get_sex_display() if named else None,
        school=str(school) if school is not None else None,
        school_level=child.get_school_level_display() if named else None,
    )
