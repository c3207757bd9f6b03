from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from breachdesk.accounts.models import Absence, User
from breachdesk.accounts.services import (
    CodeCheck,
    controller_two_factor_sessions_end,
    two_factor_remove,
    user_logout_everywhere,
)
from breachdesk.orgs.admin import ControllerAdmin
from breachdesk.orgs.models import Controller, Membership


class AbsenceInline(admin.TabularInline[Absence, User]):
    model = Absence
    extra = 0


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ("controller", "unit")


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "title",
        "email",
        "manager",
        "is_active",
        "two_factor",
    )
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("manager",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Work"), {"fields": ("title", "manager", "language")}),
    )
    inlines = (MembershipInline, AbsenceInline)
    actions = ("remove_two_factor", "logout_everywhere")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(devices))

    @admin.display(description=_("two-factor login"), boolean=True)
    def two_factor(self, user: User) -> bool:
        return bool(getattr(user, "has_two_factor", False))

    @admin.action(description=_("Remove the two-factor app (lost phone)"))
    def remove_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        removed = [
            person
            for person in queryset
            if two_factor_remove(user=person, actor=cast(User, request.user)).check
            is CodeCheck.ACCEPTED
        ]
        self.message_user(
            request,
            ngettext(
                "Removed the two-factor app of %(count)d person. At their next login they "
                "log in with the password (and set up a new app if it is required).",
                "Removed the two-factor apps of %(count)d people. At their next login they "
                "log in with the password (and set up a new app if it is required).",
                len(removed),
            )
            % {"count": len(removed)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Log out everywhere"))
    def logout_everywhere(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        people = list(queryset)
        for person in people:
            user_logout_everywhere(user=person, actor=cast(User, request.user))
        self.message_user(
            request,
            ngettext(
                "Ended every session of %(count)d person.",
                "Ended every session of %(count)d people.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )


# The controller's page is the organisation's (orgs.admin); what turning on its two-factor
# requirement does to people's sessions is this app's, so the page is extended here.
admin.site.unregister(Controller)


@admin.register(Controller)
class ControllerWithTwoFactorAdmin(ControllerAdmin):
    def save_model(
        self, request: HttpRequest, obj: Controller, form: ModelForm[Controller], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if obj.two_factor_required and "two_factor_required" in form.changed_data:
            # The requirement holds from now on, not from each person's next login.
            count = controller_two_factor_sessions_end(
                controller=obj, actor=cast(User, request.user)
            )
            if count:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person must now set up two-factor login: "
                        "their sessions were ended.",
                        "%(count)d people must now set up two-factor login: "
                        "their sessions were ended.",
                        count,
                    )
                    % {"count": count},
                    messages.WARNING,
                )
