"""The only writer of audit events."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

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
    at: "datetime | None" = None,
) -> AuditEvent:
    """Record an event in the caller's transaction (it refuses to run outside one).

    `at` is the moment of the change, when the service was told it (default: now).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    if controller is None and incident is not None:
        controller = incident.controller
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        kind=kind,
        actor=actor,
        incident=incident,
        controller=controller,
        data=data or {},
    )
