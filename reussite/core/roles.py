"""The roles a membership gives. They live in ``core`` because every layer's scoping rules name them;
memberships themselves are in ``accounts``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    METROPOLE_COORDINATOR = "metropole_coordinator", _("Coordination métropolitaine")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Coordination de programme")
    REFERENT = "referent", _("Référent de parcours")
    PSYCHOLOGIST = "psychologist", _("Psychologue")
    FINANCE_OFFICER = "finance_officer", _("Chargé·e des finances")
    BOARD_SECRETARY = "board_secretary", _("Secrétariat d'instance")
    READER = "reader", _("Élu·e / lecteur")
