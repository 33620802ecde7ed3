"""Referential of the registers: bodies, their rule sets and their members (mandates)."""

from django.contrib import admin

from . import models


class MemberInline(admin.TabularInline):
    model = models.Member
    extra = 0
    fields = ["rank", "civility", "first_name", "last_name", "quality", "mandate_start", "mandate_end"]


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "convocation_clear_days"]
    list_filter = ["kind", "organisation__network"]
    search_fields = ["name", "organisation__short_name"]
    inlines = [MemberInline]
    fieldsets = [
        (
            None,
            {"fields": ["organisation", "kind", "name", "issuer_name", "register_name", "code", "default_recipients"]},
        ),
        (
            "Règles",
            {
                "fields": [
                    "quorum_numerator",
                    "quorum_denominator",
                    "max_proxies_per_holder",
                    "casting_vote",
                    "convocation_clear_days",
                    "second_convocation_without_quorum",
                    "second_convocation_clear_days",
                ]
            },
        ),
    ]
