"""Referential of the coordination (kinds, provider rates) and single events (minutes, corrections)."""

from django.contrib import admin
from django.db import models as django_models

from . import models


@admin.register(models.EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "action_kind", "position"]


@admin.register(models.ProviderRate)
class ProviderRateAdmin(admin.ModelAdmin):
    list_display = ["provider", "unit", "amount", "valid_from", "is_assumption"]
    list_filter = ["unit", "provider__network"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "network", "is_demo"]
    list_filter = ["kind", "network"]
    search_fields = ["title"]
    date_hierarchy = "date"
    formfield_overrides = {django_models.URLField: {"assume_scheme": "https"}}
    fields = [
        "network",
        "kind",
        "series",
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "video_link",
        "organiser",
        "provider",
        "speaker",
        "audience_programmes",
        "agenda",
        "minutes",
        "is_demo",
    ]
