"""Filter backend of the API (kept apart from api.py: DRF imports it while loading its settings)."""

from django import forms
from django.db import models
from django_filters import rest_framework as filters

# Ids are 64-bit signed integers in every database we run on; a larger number is not an id.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    default_error_messages = {
        "invalid": "Identifiant : un nombre entier est attendu.",
        "min_value": f"Identifiant : un nombre entier entre 1 et {MAX_ID} est attendu.",
        "max_value": f"Identifiant : un nombre entier entre 1 et {MAX_ID} est attendu.",
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdFilter(filters.NumberFilter):
    field_class = IdField


class IdFilterSet(filters.FilterSet):
    """Relations are filtered by id with a plain number filter, bounded to the range of ids.

    django-filter's default would build a choice list from the related model's *unscoped* manager:
    it would name other networks' objects and tell which ids exist (400) from which do not. An id
    beyond the database's integer range is refused with a French message instead of a server error.
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
    }


class IdFilterBackend(filters.DjangoFilterBackend):
    filterset_base = IdFilterSet
