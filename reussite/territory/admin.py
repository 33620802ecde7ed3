from django.contrib import admin

from . import models


class RepresentativeInline(admin.TabularInline):
    model = models.Representative
    extra = 0


class CarrierInline(admin.TabularInline):
    model = models.ProgrammeCarrier
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "commune", "siret", "is_demo"]
    list_filter = ["kind", "network", "is_demo"]
    search_fields = ["name", "short_name", "siret"]
    inlines = [RepresentativeInline]


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "network"]
    filter_horizontal = ["quartiers"]
    inlines = [CarrierInline]


@admin.register(models.Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "kind", "code", "valid_from", "valid_until"]
    list_filter = ["kind", "commune"]


@admin.register(models.YouthCount)
class YouthCountAdmin(admin.ModelAdmin):
    list_display = ["year", "programme", "count", "source"]
    list_filter = ["year", "network"]


admin.site.register(models.Network)
admin.site.register(models.Commune)
admin.site.register(models.PrintedEvolution)
