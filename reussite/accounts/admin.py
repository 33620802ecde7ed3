from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    readonly_fields = ["ended_by", "invited_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_demo"]
    fieldsets = [*DjangoUserAdmin.fieldsets, ("Réussite", {"fields": ["is_demo"]})]
