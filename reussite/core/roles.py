"""The roles a membership gives. They live in ``core`` because every layer's scoping rules name them;
memberships themselves are in ``accounts``."""

from django.db import models


class Role(models.TextChoices):
    METROPOLE_COORDINATOR = "metropole_coordinator", "Coordination métropolitaine"
    PROGRAMME_COORDINATOR = "programme_coordinator", "Coordination de programme"
    REFERENT = "referent", "Référent de parcours"
    PSYCHOLOGIST = "psychologist", "Psychologue"
    FINANCE_OFFICER = "finance_officer", "Chargé·e des finances"
    BOARD_SECRETARY = "board_secretary", "Secrétariat d'instance"
    READER = "reader", "Élu·e / lecteur"


# Roles whose holders see children by name (their programme's, their caseload, their referrals).
# A session of such a user must pass a second factor (accounts/second_factor.py); the disclosure
# layer grants VIEW_NAMED only to them.
NAMED_CHILD_ROLES = frozenset({Role.PROGRAMME_COORDINATOR, Role.REFERENT, Role.PSYCHOLOGIST})
