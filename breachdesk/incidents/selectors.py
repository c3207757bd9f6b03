"""Reads of incidents: the register, the registration queue, my reports, the timeline."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from breachdesk.incidents.access import incidents_visible_to, reports_of
from breachdesk.incidents.models import Incident
from breachdesk.incidents.search import incidents_matching
from breachdesk.incidents.workflow import State, clock_running_q, clock_runs
from breachdesk.lib.deadlines import STOCKHOLM, Clock, clock
from breachdesk.orgs.models import Controller, Unit
from breachdesk.orgs.services import ASSIGNMENT_REASON_LABELS


@dataclass(frozen=True)
class RegisterFilters:
    controller: Controller | None = None
    unit: Unit | None = None
    state: State | None = None
    discovered_from: date | None = None
    discovered_to: date | None = None
    overdue: bool = False
    query: str = ""


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM)


def incident_list(
    *, user: User, filters: RegisterFilters, now: datetime | None = None
) -> QuerySet[Incident]:
    """The register: incidents `user` may read, filtered, newest report first."""
    now = now or timezone.now()
    incidents = incidents_visible_to(user)
    if filters.controller is not None:
        incidents = incidents.filter(controller=filters.controller)
    if filters.unit is not None:
        incidents = incidents.filter(unit__path__startswith=filters.unit.path)
    if filters.state is not None:
        incidents = incidents.filter(state=filters.state)
    if filters.discovered_from is not None:
        incidents = incidents.filter(discovered_at__gte=_start_of_day(filters.discovered_from))
    if filters.discovered_to is not None:
        end = _start_of_day(filters.discovered_to + timedelta(days=1))
        incidents = incidents.filter(discovered_at__lt=end)
    if filters.overdue:
        incidents = incidents.filter(clock_running_q(), imy_due_at__lt=now)
    if filters.query.strip():
        incidents = incidents_matching(incidents, filters.query)
    return incidents.select_related("unit", "assignee", "controller").order_by(
        "-reported_at", "-pk"
    )


def registration_queue(*, user: User, controller: Controller | None = None) -> QuerySet[Incident]:
    """New reports waiting for a diary number in the controllers where `user` registers."""
    from breachdesk.orgs.models import Role
    from breachdesk.orgs.scoping import covers

    incidents = Incident.objects.filter(
        covers(user=user, roles=[Role.REGISTRAR]), state=State.REPORTED
    )
    if controller is not None:
        incidents = incidents.filter(controller=controller)
    return incidents.select_related("unit", "controller").order_by("reported_at", "pk")


def my_reports(*, user: User) -> QuerySet[Incident]:
    """The reports `user` filed, newest first."""
    return reports_of(user).select_related("unit", "controller").order_by("-reported_at", "-pk")


def incident_clock(*, incident: Incident, now: datetime | None = None) -> Clock | None:
    """The 72-hour clock while it runs for `incident`, else None."""
    if not clock_runs(incident):
        return None
    return clock(due_at=incident.imy_due_at, now=now or timezone.now())


EVENT_LABELS: dict[str, Promise] = {
    "incident.reported": _("Reported"),
    "incident.register": _("Registered in the diary"),
    "incident.acknowledge": _("Receipt confirmed"),
}

FIELD_LABELS: dict[str, Promise] = {
    "diary_series": _("diary series"),
    "diary_number": _("diary number"),
    "assignee": _("case officer"),
    "registered_at": _("registered"),
    "registered_by": _("registered by"),
    "acknowledged_at": _("receipt confirmed"),
    "acknowledged_by": _("receipt confirmed by"),
    "unit": _("unit"),
}


@dataclass(frozen=True)
class TimelineChange:
    field: Promise | str
    old: Any
    new: Any


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: User | None
    label: Promise | str
    changes: list[TimelineChange]
    note: str
    assignment: str = ""


def _display(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return value["text"]
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def incident_timeline(*, incident: Incident) -> list[TimelineEntry]:
    """Every recorded event of `incident`, oldest first, with its changes."""
    entries = []
    events: QuerySet[AuditEvent] = incident.audit_events.select_related("actor").order_by(
        "at", "pk"
    )
    for event in events:
        if not isinstance(event.data, dict):
            event.data = {}
        raw_changes = event.data.get("changes", {})
        changes = [
            TimelineChange(
                field=FIELD_LABELS.get(name, name),
                old=_display(change.get("old")),
                new=_display(change.get("new")),
            )
            for name, change in raw_changes.items()
        ]
        entries.append(
            TimelineEntry(
                at=event.at,
                actor=event.actor,
                label=EVENT_LABELS.get(event.kind, event.kind),
                changes=changes,
                note=str(event.data.get("note", "")),
                assignment=str(ASSIGNMENT_REASON_LABELS.get(event.data.get("assignment", ""), "")),
            )
        )
    return entries
