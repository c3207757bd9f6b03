from django.contrib import admin
from django.http import HttpRequest

from breachdesk.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: audit events are never changed or removed."""

    list_display = ("chain", "seq", "at", "kind", "actor", "controller", "incident", "address")
    list_filter = ("kind", "controller")
    list_select_related = ("actor", "controller", "incident")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
