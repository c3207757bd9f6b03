from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breachdesk.orgs.diary import example_number
from breachdesk.orgs.models import (
    Committee,
    Controller,
    Delegation,
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


class DelegationInline(admin.TabularInline[Delegation, Controller]):
    model = Delegation
    extra = 0
    autocomplete_fields = ("user",)


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
    inlines = (DiarySeriesInline, CommitteeInline, DelegationInline)


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
    list_display = ("name", "controller", "number_format", "example", "is_default")
    list_filter = ("controller",)

    @admin.display(description=_("example number"))
    def example(self, series: DiarySeries) -> str:
        try:
            return example_number(series.number_format, on=timezone.localdate())
        except (ValidationError, ValueError):
            return "–"
