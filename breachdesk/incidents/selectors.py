"""Reads of incidents: the register, the registration queue, my reports, the timeline."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.audit.kinds import KIND_LABELS, READ_KINDS
from breachdesk.audit.models import AuditEvent
from breachdesk.incidents.access import (
    case_scope,
    case_scope_arms,
    registered_arms,
    reports_of,
)
from breachdesk.incidents.field_labels import field_label, model_field, value_text
from breachdesk.incidents.models import (
    Contact,
    DataType,
    ImyNotification,
    Incident,
    Investigation,
    Measure,
    ProtectedReader,
    RiskAssessment,
)
from breachdesk.incidents.risk.inputs import Consequence
from breachdesk.incidents.risk.reasons import Reason
from breachdesk.incidents.search import incidents_matching
from breachdesk.incidents.workflow import ACTIONS, State, clock_running_q, clock_runs
from breachdesk.lib.deadlines import STOCKHOLM, Clock, clock
from breachdesk.lib.keyset import Cursor, KeysetPage, bounded_count, either, keyset_page
from breachdesk.orgs.models import Controller, Role, Unit
from breachdesk.orgs.scoping import memberships_over, reach
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


def _register_filtered(*, filters: RegisterFilters, now: datetime) -> QuerySet[Incident]:
    """Every incident (no scope yet) that the register's filters let through."""
    incidents = Incident.objects.all()
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
    return incidents.select_related("unit", "assignee", "controller")


def incident_list(
    *, user: User, filters: RegisterFilters, now: datetime | None = None
) -> QuerySet[Incident]:
    """The register: incidents `user` may read, filtered, newest report first."""
    incidents = _register_filtered(filters=filters, now=now or timezone.now())
    return incidents.filter(case_scope(user)).order_by("-reported_at", "-pk")


# The columns a register row shows (and its clock reads: the deadline, the state, the decision
# on IMY and the moments that stopped the clock): a page reads only these, not every text and
# list of the case.
REGISTER_COLUMNS = (
    "code",
    "reference",
    "diary_number",
    "controller_id",
    "unit__name",
    "state",
    "protected",
    "occurred_at",
    "occurred_approximate",
    "discovered_at",
    "discovered_approximate",
    "reported_at",
    "imy_due_at",
    "imy_decision",
    "imy_decided_at",
    "imy_notified_at",
    "not_an_incident",
    "closed_at",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


@dataclass(frozen=True)
class RegisterPage:
    page: KeysetPage[Incident]
    count: int  # exact up to the bound; above it means "more than the bound"


def register_page(
    *,
    user: User,
    filters: RegisterFilters,
    now: datetime,
    size: int,
    bound: int,
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> RegisterPage:
    """One page of the register and its bounded count. The person's scope is read arm by arm
    along the indexes (lib.keyset), so a page costs the same at a million cases as at sixty;
    a search is read as one query, the full-text index narrowing it first."""
    incidents = (
        _register_filtered(filters=filters, now=now)
        .select_related(None)
        .select_related("unit", "assignee")
        .only(*REGISTER_COLUMNS)
    )
    arms = case_scope_arms(user)
    arms_or_none: list[Q] | None = arms + registered_arms(user)
    if filters.query.strip():
        # A search reads the texts of the cases: only those the person may read.
        incidents, arms_or_none = incidents.filter(either(arms)), None
    page = keyset_page(
        incidents, field="reported_at", size=size, after=after, before=before, arms=arms_or_none
    )
    _mark_readable(page.rows, arms)
    return RegisterPage(page=page, count=bounded_count(incidents, bound=bound, arms=arms_or_none))


def _mark_readable(rows: list[Incident], arms: list[Q]) -> None:
    """Set `readable` on each row: False for a protected case listed only because the person
    registered it (the register shows it without a link to the case)."""
    protected = [row.pk for row in rows if row.protected]
    readable = (
        set(
            Incident.objects.filter(pk__in=protected)
            .filter(either(arms))
            .values_list("pk", flat=True)
        )
        if protected and arms
        else set()
    )
    for row in rows:
        row.readable = not row.protected or row.pk in readable  # type: ignore[attr-defined]


def registration_queue(*, user: User, controller: Controller | None = None) -> QuerySet[Incident]:
    """New reports waiting for a diary number in the controllers where `user` registers."""
    incidents = Incident.objects.filter(
        reach(user=user, roles=[Role.REGISTRAR]).q(), state=State.REPORTED
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


# The timeline's name of each event of a case: the report, then every action of the registry
# (workflow.ACTIONS), in its order.
EVENT_LABELS: dict[str, Promise] = {
    "incident.reported": _("Reported"),
    **{f"incident.{action}": entry.event for action, entry in ACTIONS.items()},
}

# The audit log names the fields of related rows "row.field"; their labels are the models',
# made in one place for the timeline and the audit trail (field_labels.py).
_field = model_field
_field_label = field_label


def _value_label(name: str, value: Any) -> Any:
    field = _field(name)
    choices = dict(getattr(field, "choices", None) or [])
    if name.endswith("data_types"):
        choices = dict(DataType.choices)
    elif name.endswith("consequences"):
        choices = dict(Consequence.choices)
    if isinstance(value, list):
        return ", ".join(str(_value_label(name, item)) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if choices and isinstance(value, str) and value in choices:
        return choices[value]
    shown = _display(value)
    if isinstance(shown, str):
        return value_text(name, shown)
    if isinstance(shown, datetime):
        return shown.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
    return shown


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
    about: str = ""
    reasons: list[Reason] = field(default_factory=list)


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
    events: QuerySet[AuditEvent] = incident.audit_events.exclude(kind__in=READ_KINDS)
    events = events.select_related("actor").order_by("at", "pk")
    for event in events:
        if not isinstance(event.data, dict):
            event.data = {}
        raw_changes = event.data.get("changes", {})
        changes = [
            TimelineChange(
                field=_field_label(name),
                old=_value_label(name, change.get("old")),
                new=_value_label(name, change.get("new")),
            )
            for name, change in raw_changes.items()
        ]
        entries.append(
            TimelineEntry(
                at=event.at,
                actor=event.actor,
                label=EVENT_LABELS.get(event.kind, KIND_LABELS.get(event.kind, event.kind)),
                changes=changes,
                note=str(event.data.get("note", "")),
                about=str(event.data.get("about", "")),
                reasons=[Reason.from_json(item) for item in event.data.get("reasons", [])],
                assignment=str(ASSIGNMENT_REASON_LABELS.get(event.data.get("assignment", ""), "")),
            )
        )
    return entries


def case_people(*, incident: Incident) -> QuerySet[User]:
    """People who may answer for a measure: those with a role over the case's unit, and its
    case officer."""
    holders = memberships_over(unit=incident.unit).values("user_id")
    return User.objects.filter(
        Q(pk__in=holders) | Q(pk=incident.assignee_id), is_active=True
    ).order_by("last_name", "first_name")


@dataclass(frozen=True)
class CaseFile:
    """What the case page shows beyond the incident row itself."""

    investigation: Investigation | None
    contacts: list[Contact]
    measures: list[Measure]
    assessment: RiskAssessment | None
    submissions: list[ImyNotification]

    @property
    def open_measures(self) -> int:
        return sum(1 for measure in self.measures if measure.done_on is None)


def case_file(*, incident: Incident) -> CaseFile:
    """The investigation, contacts, measures, assessment and submissions of `incident`."""
    return CaseFile(
        investigation=Investigation.objects.filter(incident=incident).first(),
        contacts=list(incident.contacts.order_by("contacted_on", "pk")),
        measures=list(incident.measures.select_related("responsible").order_by("pk")),
        assessment=RiskAssessment.objects.filter(incident=incident)
        .select_related("assessed_by")
        .first(),
        submissions=list(incident.imy_notifications.select_related("recorded_by")),
    )


@dataclass(frozen=True)
class Protection:
    """Who reads a protected case beyond its case officer and the DPO."""

    readers: list[ProtectedReader]
    # Decision-makers over the case's unit who are not named readers: they cannot take the
    # internal decision until they are (shown while the decision is still to be taken).
    unnamed_deciders: list[User]


def protection_of(*, incident: Incident) -> Protection | None:
    """The named readers of `incident` and the decision-makers still to be named, when it is
    protected (OSL); None when it is not."""
    if not incident.protected:
        return None
    readers = list(incident.protected_readers.select_related("user", "added_by"))
    unnamed: list[User] = []
    if State(incident.state) not in (State.DECIDED, State.CLOSED):
        named = [reader.user_id for reader in readers]
        if incident.assignee_id is not None:
            named.append(incident.assignee_id)
        deciders = memberships_over(unit=incident.unit).filter(role=Role.DECISION_MAKER)
        unnamed = list(
            User.objects.filter(pk__in=deciders.values("user_id"), is_active=True)
            .exclude(pk__in=named)
            .order_by("last_name", "first_name")
        )
    return Protection(readers=readers, unnamed_deciders=unnamed)
