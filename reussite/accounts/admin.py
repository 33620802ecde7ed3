from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_demo"]
    fieldsets = [*DjangoUserAdmin.fieldsets, ("Réussite", {"fields": ["is_demo"]})]
