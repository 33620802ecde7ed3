"""Only the configurable lists are kept in the admin: children and families are never shown there
(the admin would bypass the disclosure layer and the access log)."""

from django.contrib import admin

from . import models


@admin.register(models.School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "priority", "uai"]
    list_filter = ["network", "priority"]
    search_fields = ["name", "uai"]


@admin.register(models.ReferralReason)
class ReferralReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "network", "is_active"]
    list_filter = ["network", "is_active"]


@admin.register(models.ExitReason)
class ExitReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "network", "is_active"]
    list_filter = ["network", "is_active"]
