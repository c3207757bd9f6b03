from django.contrib import admin
from django.http import HttpRequest

from breachdesk.alerts.models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    """Read-mostly: messages are written by the services and the scheduler, never by hand."""

    list_display = (
        "recipient",
        "incident",
        "kind",
        "created_at",
        "seen_at",
        "mail_state",
        "mail_attempts",
        "mail_sent_at",
    )
    list_filter = ("kind", "mail_state")
    list_select_related = ("recipient", "incident")
    search_fields = ("incident__diary_number", "incident__reference", "recipient__username")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Alert | None = None) -> list[str]:
        return [field.name for field in Alert._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
