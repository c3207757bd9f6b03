"""A person's tasks: what is theirs to do, with its due time, soonest first.

"Mina uppgifter" shows them, and the person's calendar feed carries those with a due time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.incidents.access import incidents_open_to, incidents_visible_to
from breachdesk.incidents.models import Incident, Measure
from breachdesk.incidents.selectors import registration_queue
from breachdesk.incidents.workflow import ACTIONS, Action, ImyDecision, State, clock_runs
from breachdesk.lib.deadlines import STOCKHOLM

TaskKind = Literal["register", "case", "decide", "measure"]

# What the case officer does next, by the case's state.
_NEXT_STEP: dict[str, Promise] = {
    State.REGISTERED: _("Confirm receipt and start the investigation"),
    State.ACKNOWLEDGED: _("Investigate, assess the risk and decide on IMY"),
    State.NOTIFIED: _("Prepare the internal decision"),
    State.DECIDED: _("Follow up the measures and close the case"),
}


@dataclass(frozen=True)
class Task:
    kind: TaskKind
    what: Promise | str
    incident: Incident
    path: str
    # The moment it is due (the IMY deadline), or the day (a measure), or neither.
    due_at: datetime | None = None
    due_on: date | None = None
    measure: Measure | None = None

    @property
    def sort_key(self) -> datetime | None:
        if self.due_at is not None:
            return self.due_at
        if self.due_on is not None:
            return datetime.combine(self.due_on, time.max, tzinfo=STOCKHOLM)
        return None

    def overdue(self, now: datetime) -> bool:
        key = self.sort_key
        return key is not None and key < now

    @property
    def uid(self) -> str:
        """Stable across fetches, so that a calendar updates the event instead of adding one."""
        if self.measure is not None:
            return f"measure-{self.measure.pk}"
        return f"{self.kind}-{self.incident.code}"


def _case_step(incident: Incident) -> Promise:
    if incident.state == State.ASSESSED:
        if incident.imy_decision == ImyDecision.NOTIFY:
            return _("Notify IMY")
        return _("Prepare the internal decision")
    return _NEXT_STEP.get(incident.state, _("Handle the case"))


def tasks_for(*, user: User, now: datetime | None = None) -> list[Task]:
    """The tasks of `user`: reports to register, own open cases, decisions to take and own
    open measures; due soonest first, those without a due time last."""
    now = now or timezone.now()
    tasks: list[Task] = []
    for incident in registration_queue(user=user):
        tasks.append(
            Task(
                kind="register",
                what=_("Register the report and assign a case officer"),
                incident=incident,
                path=reverse(ACTIONS[Action.REGISTER].page.name, args=[incident.code]),
                due_at=incident.imy_due_at,
            )
        )
    own = (
        Incident.objects.filter(assignee=user)
        .exclude(state__in=[State.REPORTED, State.CLOSED])
        .select_related("controller", "unit")
    )
    own_pks = set()
    for incident in own:
        own_pks.add(incident.pk)
        tasks.append(
            Task(
                kind="case",
                what=_case_step(incident),
                incident=incident,
                path=reverse("incidents:case", args=[incident.code]),
                due_at=incident.imy_due_at if clock_runs(incident) else None,
            )
        )
    waiting = (
        incidents_visible_to(user)
        .exclude(pk__in=own_pks)
        .select_related("controller", "unit", "assignee")
    )
    decide = ACTIONS[Action.DECIDE]
    for incident in incidents_open_to(user, Action.DECIDE, among=waiting):
        tasks.append(
            Task(
                kind="decide",
                what=decide.label,
                incident=incident,
                path=reverse(decide.page.name, args=[incident.code]),
            )
        )
    measures = (
        Measure.objects.filter(responsible=user, done_on__isnull=True)
        .exclude(incident__state=State.CLOSED)
        .select_related("incident", "incident__controller")
    )
    for measure in measures:
        tasks.append(
            Task(
                kind="measure",
                what=_("Carry out a measure"),
                incident=measure.incident,
                path=reverse("incidents:case", args=[measure.incident.code]),
                due_on=measure.due_on,
                measure=measure,
            )
        )
    far = datetime.max.replace(tzinfo=STOCKHOLM)
    return sorted(tasks, key=lambda task: (task.sort_key or far, task.incident.pk))
