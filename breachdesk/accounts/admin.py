from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import Absence, User
from breachdesk.orgs.models import Membership


class AbsenceInline(admin.TabularInline[Absence, User]):
    model = Absence
    extra = 0


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ("controller", "unit")


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "title", "email", "manager")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("manager",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Work"), {"fields": ("title", "manager", "language")}),
    )
    inlines = (MembershipInline, AbsenceInline)
