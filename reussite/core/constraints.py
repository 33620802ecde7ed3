"""Database constraints with French messages, so the rule holds whoever writes (page, API, import,
admin, a script) and a form shows it in words (``full_clean`` validates them)."""

from django.db import models
from django.db.models import F, Q


def non_negative(field: str, label: str, *, name: str) -> models.CheckConstraint:
    """``field`` is null or ≥ 0: « Montant prévu : il ne peut pas être négatif. »"""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=f"{label} : il ne peut pas être négatif.",
    )


def ordered_period(start: str, end: str, message: str, *, name: str) -> models.CheckConstraint:
    """``start`` ≤ ``end`` when both are known; ``message`` names the field and the rule
    (« Date de fin : elle ne peut précéder la date de début. »)."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )
