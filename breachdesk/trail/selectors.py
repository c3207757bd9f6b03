"""Reads of the audit trail, for the DPO and the administrators of a controller.

They see every event of the controllers they hold the role in over the whole controller: who,
when, what kind, which case, from where, and the names of the fields an event touched, never
their values (administrators do not read cases). Fields are named by their labels
(incidents/field_labels.py); the CSV keeps their codes beside them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise

from breachdesk.accounts.models import User
from breachdesk.audit.kinds import KIND_LABELS
from breachdesk.audit.models import AuditEvent
from breachdesk.incidents.field_labels import field_label
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import EVENT_LABELS
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.models import Controller, Membership
from breachdesk.orgs.scoping import audit_allowed, audit_controllers

LABELS: dict[str, Promise] = {**EVENT_LABELS, **KIND_LABELS}


def kind_label(kind: str) -> Promise | str:
    """A readable name of an event kind; the kind itself when it has none."""
    return LABELS.get(kind, kind)


def kind_choices() -> list[tuple[str, str]]:
    """Every kind with a label, by label in the active language."""
    return sorted(((kind, str(label)) for kind, label in LABELS.items()), key=lambda c: c[1])


def field_names(data: Any) -> list[str]:
    """The names of what an event recorded: the keys of its data, with the changed fields of
    "changes" in their place. Never a value."""
    if not isinstance(data, dict):
        return []
    names: list[str] = []
    for key in sorted(data):
        changes = data[key]
        if key == "changes" and isinstance(changes, dict):
            names += sorted(str(name) for name in changes)
        else:
            names.append(str(key))
    return names


@dataclass(frozen=True)
class AuditFilters:
    controller: Controller
    start: date | None = None
    end: date | None = None
    kind: str = ""
    person: str = ""
    diary_number: str = ""


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM)


def _person_q(words: Iterable[str]) -> Q:
    query = Q()
    for word in words:
        query &= (
            Q(actor__username__iexact=word)
            | Q(actor__first_name__icontains=word)
            | Q(actor__last_name__icontains=word)
        )
    return query


def audit_event_list(*, user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events of `filters.controller` that match, newest first, with the logins and other
    events outside any controller of the people who work in it; none unless `user` reads that
    controller's audit trail."""
    if not audit_allowed(user=user, controller_id=filters.controller.pk):
        return AuditEvent.objects.none()
    # The controller's own events, and what its people did outside any controller (logins).
    people = Membership.objects.filter(controller=filters.controller, user=OuterRef("actor"))
    events = AuditEvent.objects.filter(
        Q(controller=filters.controller)
        | Q(controller__isnull=True, actor__isnull=False) & Exists(people)
    )
    if filters.start is not None:
        events = events.filter(at__gte=_start_of_day(filters.start))
    if filters.end is not None:
        events = events.filter(at__lt=_start_of_day(filters.end + timedelta(days=1)))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.person.strip():
        events = events.filter(_person_q(filters.person.split()))
    if filters.diary_number.strip():
        events = events.filter(incident__diary_number__iexact=filters.diary_number.strip())
    # Newest first: the key follows the order of writing across chains, as `seq` does in one.
    return events.select_related("actor", "incident").order_by("-pk")


def audit_case_get(*, user: User, code: str) -> Incident:
    """The case with `code` if `user` reads its controller's audit trail, else Http404 (like a
    case that does not exist)."""
    try:
        return Incident.objects.select_related("controller").get(
            code=code, controller__in=audit_controllers(user=user)
        )
    except (Incident.DoesNotExist, ValueError):
        raise Http404 from None


def audit_case_trail(*, incident: Incident) -> QuerySet[AuditEvent]:
    """Every event of `incident`, reads included, newest first."""
    return incident.audit_events.select_related("actor", "incident").order_by("-pk")


@dataclass(frozen=True)
class AuditRow:
    """One event as the audit pages and their CSV show it."""

    seq: int
    at: datetime
    actor: User | None
    kind: str
    label: Promise | str
    diary_number: str
    address: str | None
    fields: list[str]
    field_codes: list[str]


def audit_rows(events: Iterable[AuditEvent]) -> Iterable[AuditRow]:
    """`events` as rows to show: labels and the names of fields, no values."""
    for event in events:
        codes = field_names(event.data)
        yield AuditRow(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            kind=event.kind,
            label=kind_label(event.kind),
            diary_number=event.incident.display_number if event.incident is not None else "",
            address=event.address,
            fields=[field_label(code) for code in codes],
            field_codes=codes,
        )
