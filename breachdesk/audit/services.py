"""The only writer of audit events."""

from typing import TYPE_CHECKING, Any

from django.db import transaction

from breachdesk.audit.models import AuditEvent

if TYPE_CHECKING:
    from breachdesk.accounts.models import User
    from breachdesk.incidents.models import Incident
    from breachdesk.orgs.models import Controller


def audit_record(
    *,
    kind: str,
    actor: "User | None",
    incident: "Incident | None" = None,
    controller: "Controller | None" = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record an event in the caller's transaction (it refuses to run outside one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    if controller is None and incident is not None:
        controller = incident.controller
    return AuditEvent.objects.create(
        kind=kind, actor=actor, incident=incident, controller=controller, data=data or {}
    )
