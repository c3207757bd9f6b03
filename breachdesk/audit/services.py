"""The only writer of audit events.

The audit trail is kept for every app, so this app sits low: it knows the rows it records only
by their keys (`Actor`, `ControllerRow`, `CaseRow` below), never by importing the apps that own
them.
"""

import dataclasses
import enum
from datetime import date, datetime
from typing import Any, Protocol

from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from breachdesk.audit.chain import GENESIS, chain_of, event_hash, normalise_data
from breachdesk.audit.context import current_address, request_context
from breachdesk.audit.kinds import DOCUMENT_DOWNLOADED
from breachdesk.audit.models import AuditChainHead, AuditEvent


class Actor(Protocol):
    """The person who acted (a signed-in user)."""

    @property
    def pk(self) -> Any: ...


class ControllerRow(Protocol):
    """A controller, whose part of the trail an event belongs to."""

    @property
    def pk(self) -> Any: ...


class CaseRow(Protocol):
    """A case: an event about it belongs to its controller's trail."""

    @property
    def pk(self) -> Any: ...

    @property
    def controller_id(self) -> int: ...


class DocumentRow(Protocol):
    """A stored document (of a case, or a report across cases) being downloaded."""

    @property
    def code(self) -> Any: ...

    @property
    def kind(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def incident(self) -> CaseRow | None: ...

    @property
    def controller(self) -> ControllerRow: ...


def _head_locked(chain: int) -> AuditChainHead:
    """The head of `chain`, locked until the caller's transaction ends: writers of the same
    chain queue here, writers of other chains do not wait. Made at the chain's first event:
    on PostgreSQL `INSERT … ON CONFLICT DO NOTHING` waits for a concurrent insert of the same
    head and then does nothing, so two first events cannot both start the chain; on SQLite
    the write transaction is alone anyway."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain, seq=0, hash=GENESIS)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    # Only the holder of the lock writes to the chain, so this cannot race a first event.
    if head.seq == 0 and AuditEvent.objects.filter(chain=chain).exists():
        # The head was removed by hand: starting again would hide what was removed with it.
        raise RuntimeError(
            f"The head of audit chain {chain} is missing; run `breachdesk audit_verify`."
        )
    return head


def audit_record(
    *,
    kind: str,
    actor: Actor | None,
    incident: CaseRow | None = None,
    controller: ControllerRow | None = None,
    data: dict[str, Any] | None = None,
    at: "datetime | None" = None,
) -> AuditEvent:
    """Record an event in the caller's transaction (it refuses to run outside one).

    `at` is the moment of the change, when the service was told it (default: now). The event
    takes the next sequence number of its controller's chain (audit.chain.chain_of) and is
    chained to that chain's previous event; the address is the client's of the request being
    answered (audit.context). Only that chain's head is locked, until the transaction ends.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    controller_id = controller.pk if controller is not None else None
    if controller_id is None and incident is not None:
        controller_id = incident.controller_id
    at = at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    chain = chain_of(controller_id)
    head = _head_locked(chain)
    event = AuditEvent(
        chain=chain,
        seq=head.seq + 1,
        at=at,
        kind=kind,
        actor_id=actor.pk if actor is not None else None,
        incident_id=incident.pk if incident is not None else None,
        controller_id=controller_id,
        data=normalise_data(data),
        address=current_address(),
        prev_hash=head.hash,
    )
    event.hash = event_hash(
        prev_hash=event.prev_hash,
        chain=event.chain,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        kind=event.kind,
        controller_id=event.controller_id,
        incident_id=event.incident_id,
        data=event.data,
        address=event.address,
    )
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def audit_read(
    request: HttpRequest,
    *,
    kind: str,
    incident: CaseRow | None = None,
    controller: ControllerRow | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that the person behind `request` read something, in a transaction of its own,
    before it is shown: a read that cannot be recorded is not answered."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    with request_context(request), transaction.atomic():
        return audit_record(
            kind=kind, actor=actor, incident=incident, controller=controller, data=data
        )


def audit_params(value: Any) -> Any:
    """`value` (a filter dataclass, a row, a date …) as JSON for an event's data: rows by their
    `code` (or id), empty filters left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item not in (None, "", False, [], ()):
                found[field.name] = audit_params(item)
        return found
    if isinstance(value, models.Model):
        return str(getattr(value, "code", value.pk))
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_params(item) for item in value]
    return value


@dataclasses.dataclass(frozen=True)
class _ControllerKey:
    pk: int


def audit_read_rows(
    request: HttpRequest, *, kind: str, rows: QuerySet[Any], data: dict[str, Any] | None = None
) -> list[AuditEvent]:
    """Record that the person behind `request` read `rows` (of a model with a controller), as
    one event per controller they belong to, each with its number of rows, so that every
    controller's audit trail shows the read. A read of no rows is one event without one."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    counts = list(
        rows.order_by()
        .values_list("controller_id")
        .annotate(rows=Count("pk"))
        .order_by("controller_id")
    )
    if not counts:
        counts = [(None, 0)]
    with request_context(request), transaction.atomic():
        return [
            audit_record(
                kind=kind,
                actor=actor,
                controller=_ControllerKey(controller_id) if controller_id else None,
                data={**(data or {}), "rows": count},
            )
            for controller_id, count in counts
        ]


def audit_document_download(
    request: HttpRequest, *, document: DocumentRow, file_format: str
) -> AuditEvent:
    """Record that the person behind `request` downloads a file of `document` (a case's
    document, a committee report or an incident log)."""
    return audit_read(
        request,
        kind=DOCUMENT_DOWNLOADED,
        incident=document.incident,
        controller=document.controller,
        data={
            "document": str(document.code),
            "document_kind": document.kind,
            "version": document.version,
            "format": file_format,
        },
    )
