"""The consent gate: pure rules, no ORM.

Nothing is done for a purpose (follow-up, exchange with the school, referral to a psychologist,
sharing with a named partner) without the consent of every holder of parental authority for that
purpose, given on or before the day and not revoked on that day.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum


class Purpose(StrEnum):
    FOLLOW_UP = "follow_up"
    SCHOOL_EXCHANGE = "school_exchange"
    PSYCHOLOGIST = "psychologist"
    PARTNER_SHARING = "partner_sharing"


PURPOSE_LABELS = {
    Purpose.FOLLOW_UP: "suivi du parcours de réussite éducative",
    Purpose.SCHOOL_EXCHANGE: "échanges avec l'établissement scolaire",
    Purpose.PSYCHOLOGIST: "orientation vers un psychologue",
    Purpose.PARTNER_SHARING: "partage d'informations avec un partenaire nommé",
}


@dataclass(frozen=True)
class ConsentFact:
    holder_id: int
    purposes: frozenset[str]
    given_on: datetime.date
    revoked_on: datetime.date | None = None
    partner: str = ""

    def covers(self, purpose: str, day: datetime.date, partner: str = "") -> bool:
        if purpose not in self.purposes or self.given_on > day:
            return False
        if self.revoked_on is not None and self.revoked_on <= day:
            return False  # a revocation stops what depended on it from its date
        if purpose == Purpose.PARTNER_SHARING:
            return _same_partner(self.partner, partner)
        return True


def _same_partner(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def missing_consents(
    holder_ids: list[int], consents: list[ConsentFact], purpose: str, day: datetime.date, partner: str = ""
) -> list[int]:
    """Holders of parental authority whose consent for ``purpose`` is not valid on ``day``."""
    return [h for h in holder_ids if not any(c.holder_id == h and c.covers(purpose, day, partner) for c in consents)]


def refusal_message(purpose: str, missing_holder_labels: list[str], no_holder: bool = False, partner: str = "") -> str:
    label = PURPOSE_LABELS[Purpose(purpose)]
    if partner:
        label = f"{label} ({partner})"
    if no_holder:
        return f"Consentement manquant pour « {label} » : aucun titulaire de l'autorité parentale n'est enregistré."
    return f"Consentement manquant pour « {label} » : {', '.join(missing_holder_labels)}."
