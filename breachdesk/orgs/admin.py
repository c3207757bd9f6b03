from typing import cast

from django.contrib import admin, messages
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import ngettext

from breachdesk.accounts.models import User
from breachdesk.accounts.services import controller_two_factor_sessions_end
from breachdesk.orgs.models import (
    Committee,
    Controller,
    DiarySeries,
    Meeting,
    Membership,
    Unit,
)


class DiarySeriesInline(admin.TabularInline[DiarySeries, Controller]):
    model = DiarySeries
    extra = 0


class CommitteeInline(admin.TabularInline[Committee, Controller]):
    model = Committee
    extra = 0
    show_change_link = True


@admin.register(Controller)
class ControllerAdmin(admin.ModelAdmin[Controller]):
    list_display = (
        "name",
        "organisation_number",
        "dpo_name",
        "dpo_email",
        "two_factor_required",
    )
    list_filter = ("two_factor_required",)
    search_fields = ("name", "organisation_number")
    inlines = (DiarySeriesInline, CommitteeInline)

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


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("name", "controller", "parent")
    list_filter = ("controller",)
    search_fields = ("name", "controller__name")
    autocomplete_fields = ("parent",)
    list_select_related = ("controller", "parent")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "role", "controller", "unit", "include_subunits")
    list_filter = ("role", "controller")
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    autocomplete_fields = ("user", "controller", "unit")
    list_select_related = ("user", "controller", "unit")


class MeetingInline(admin.TabularInline[Meeting, Committee]):
    model = Meeting
    extra = 1


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin[Committee]):
    list_display = ("name", "controller")
    list_filter = ("controller",)
    inlines = (MeetingInline,)


@admin.register(DiarySeries)
class DiarySeriesAdmin(admin.ModelAdmin[DiarySeries]):
    list_display = ("name", "controller", "number_format", "is_default")
    list_filter = ("controller",)
