"""Filter backend of the API (kept apart from api.py: DRF imports it while loading its settings)."""

from django.db import models
from django_filters import rest_framework as filters


class IdFilterSet(filters.FilterSet):
    """Relations are filtered by id with a plain number filter.

    django-filter's default would build a choice list from the related model's *unscoped* manager:
    it would name other networks' objects and tell which ids exist (400) from which do not.
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": filters.NumberFilter},
        models.OneToOneField: {"filter_class": filters.NumberFilter},
    }


class IdFilterBackend(filters.DjangoFilterBackend):
    filterset_base = IdFilterSet
