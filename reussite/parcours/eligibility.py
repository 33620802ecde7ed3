"""Eligibility of a referral: pure rules, no ORM (DESIGN.md §1, issue 8).

A child is eligible when, on the referral date, their age is within the programme's range and they
live in a QPV of the programme valid on that date or attend a priority school (REP / REP+).
"""

import datetime
from dataclasses import dataclass

from .identity import age_on

# The national framework allows programmes to follow young people up to 18.
AGE_CEILING = 18


@dataclass(frozen=True)
class EligibilityFacts:
    birth_date: datetime.date
    referral_date: datetime.date
    age_min: int
    age_max: int
    lives_in_programme_qpv: bool
    attends_priority_school: bool


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # why not, in French; empty when eligible

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


def check_eligibility(facts: EligibilityFacts) -> Eligibility:
    reasons = []
    age_max = min(facts.age_max, AGE_CEILING)
    if facts.birth_date > facts.referral_date:
        reasons.append("La date de naissance est postérieure à la date de saisine.")
    else:
        age = age_on(facts.birth_date, facts.referral_date)
        if not facts.age_min <= age <= age_max:
            reasons.append(
                f"Âge hors du champ du programme : {age} ans à la date de saisine "
                f"(le programme suit les enfants de {facts.age_min} à {age_max} ans)."
            )
    if not (facts.lives_in_programme_qpv or facts.attends_priority_school):
        reasons.append(
            "Ni résidence dans un quartier prioritaire du programme à la date de saisine, "
            "ni scolarisation dans un établissement d'éducation prioritaire."
        )
    return Eligibility(not reasons, tuple(reasons))
