"""Staff corrections of what reporting stores; the pages are where teams enter them."""

from django.contrib import admin

from . import models


@admin.register(models.AnnualFigures)
class AnnualFiguresAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "staff_fte", "caf_amount", "departement_amount", "is_demo"]
    list_filter = ["year", "programme__network"]


@admin.register(models.ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "updated_at"]
    list_filter = ["year", "organisation__network"]
