"""The clocks' messages: which reminders are due at a moment, each planned once.

Planning is idempotent: every scheduled alert has a key naming the case (or measure), the
deadline it counts towards, the point on the clock and the person, and a unique index on the
key lets only the first of any number of concurrent planners insert it (the others' inserts
are ignored as conflicts). The key names the deadline, so a deadline that moved would be
reminded afresh.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert, AlertKind
from breachdesk.alerts.recipients import People, case_officers_of, dpos_of, managers_of
from breachdesk.alerts.services import alert_new
from breachdesk.incidents.models import Incident, Measure
from breachdesk.incidents.workflow import State, SubjectsDecision, clock_running_q
from breachdesk.lib.deadlines import STOCKHOLM


def _stamp(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y%m%dT%H%M%z")


def _unique(people: Iterable[User]) -> list[User]:
    return list({person.pk: person for person in people if person.is_active}.values())


def latest_reminder_point(incident: Incident, *, now: datetime) -> int | None:
    """The latest of REMINDER_HOURS passed at `now` for `incident`'s clock, before its
    deadline; None before the first and from the deadline on."""
    if now >= incident.imy_due_at:
        return None
    passed = [
        hours
        for hours in settings.REMINDER_HOURS
        if incident.aware_at + timedelta(hours=hours) <= now
    ]
    return passed[-1] if passed else None


def deadline_alerts(
    *, incident: Incident, now: datetime, people: People | None = None
) -> list[Alert]:
    """The deadline messages of `incident` due at `now` (unsaved; planned once by their keys).

    Before the deadline: the latest reminder point passed (REMINDER_HOURS after awareness) to
    the case officer; earlier points a stopped scheduler missed are not sent late, the latest
    says more. At the deadline: the case officer, the DPO and the unit's manager.
    """
    people = people or People()
    due = incident.imy_due_at
    today = now.astimezone(STOCKHOLM).date()
    prefix = f"deadline:{incident.pk}:{_stamp(due)}"
    data = {"due_at": due.isoformat()}
    if now >= due:
        officers = case_officers_of(incident=incident, on=today, people=people)
        roles = (
            [(person, "case_officer") for person in officers]
            + [(person, "dpo") for person in dpos_of(incident=incident, people=people)]
            + [(person, "manager") for person in managers_of(incident=incident, people=people)]
        )
        seen: set[int] = set()
        alerts = []
        for person, role in roles:
            if person.pk in seen or not person.is_active:
                continue
            seen.add(person.pk)
            alerts.append(
                alert_new(
                    kind=AlertKind.DEADLINE_PASSED,
                    incident=incident,
                    recipient=person,
                    now=now,
                    key=f"{prefix}:passed:{person.pk}",
                    data={**data, "as": role},
                    deadline=due,
                )
            )
        return alerts
    hours = latest_reminder_point(incident, now=now)
    if hours is None:
        return []
    return [
        alert_new(
            kind=AlertKind.DEADLINE_REMINDER,
            incident=incident,
            recipient=person,
            now=now,
            key=f"{prefix}:{hours}h:{person.pk}",
            data={**data, "hours": hours},
            deadline=due,
        )
        for person in _unique(case_officers_of(incident=incident, on=today, people=people))
    ]


def due_point(day: date, *, now: datetime) -> str | None:
    """Where `now` stands to a day something is due (Swedish days): "due" from
    MEASURE_REMINDER_DAYS before it, "overdue" after it, else None."""
    today = now.astimezone(STOCKHOLM).date()
    if today > day:
        return "overdue"
    if today >= day - timedelta(days=settings.MEASURE_REMINDER_DAYS):
        return "due"
    return None


def measure_alerts(*, measure: Measure, now: datetime) -> list[Alert]:
    """The message of `measure` due at `now`: MEASURE_REMINDER_DAYS before its due date, and
    the day after it when it is still not done."""
    due_on = measure.due_on
    person = measure.responsible
    if due_on is None or measure.done_on is not None or not person.is_active:
        return []
    point = due_point(due_on, now=now)
    if point is None:
        return []
    kind = AlertKind.MEASURE_OVERDUE if point == "overdue" else AlertKind.MEASURE_DUE
    return [
        alert_new(
            kind=kind,
            incident=measure.incident,
            measure=measure,
            recipient=person,
            now=now,
            key=f"measure:{measure.pk}:{due_on.isoformat()}:{point}:{person.pk}",
            data={"due_on": due_on.isoformat()},
        )
    ]


def inform_alerts(*, incident: Incident, now: datetime) -> list[Alert]:
    """The message to the case officer of `incident` on the day planned for informing the
    people affected: MEASURE_REMINDER_DAYS before it, and the day after it when they are
    still not informed."""
    planned = incident.subjects_inform_planned_on
    officer = incident.assignee
    if (
        planned is None
        or incident.subjects_informed_at is not None
        or incident.subjects_decision != SubjectsDecision.INFORM
        or officer is None
        or not officer.is_active
    ):
        return []
    point = due_point(planned, now=now)
    if point is None:
        return []
    kind = AlertKind.INFORM_OVERDUE if point == "overdue" else AlertKind.INFORM_DUE
    return [
        alert_new(
            kind=kind,
            incident=incident,
            recipient=officer,
            now=now,
            key=f"inform:{incident.pk}:{planned.isoformat()}:{point}:{officer.pk}",
            data={"due_on": planned.isoformat()},
        )
    ]


def _chunks(items: list[Alert], size: int = 500) -> Iterator[list[Alert]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def alerts_plan(*, now: datetime) -> int:
    """Insert the clocks' messages due at `now` that do not exist yet; return how many were
    new to this planner (a concurrent planner may have inserted some of them first)."""
    first_point = timedelta(hours=min(settings.REMINDER_HOURS, default=settings.IMY_DEADLINE_HOURS))
    # Cases between their first reminder and their deadline, and overdue cases whose
    # escalation for their present deadline is not made yet (the rest were told already).
    escalated = Alert.objects.filter(
        incident=OuterRef("pk"), kind=AlertKind.DEADLINE_PASSED, deadline=OuterRef("imy_due_at")
    )
    cases = (
        Incident.objects.filter(clock_running_q(), aware_at__lte=now - first_point)
        .filter(Q(imy_due_at__gt=now) | ~Exists(escalated))
        .select_related("unit", "assignee", "assignee__manager")
    )
    candidates: list[Alert] = []
    people = People()
    for incident in cases.iterator(chunk_size=500):
        candidates.extend(deadline_alerts(incident=incident, now=now, people=people))
    latest_due = now.astimezone(STOCKHOLM).date() + timedelta(days=settings.MEASURE_REMINDER_DAYS)
    # Overdue measures whose responsible person was told after the present due date are
    # passed over, as escalated cases are.
    told_overdue = Alert.objects.filter(
        measure=OuterRef("pk"),
        kind=AlertKind.MEASURE_OVERDUE,
        recipient=OuterRef("responsible"),
        created_at__date__gt=OuterRef("due_on"),
    )
    measures = (
        Measure.objects.filter(done_on__isnull=True, due_on__lte=latest_due)
        .exclude(incident__state=State.CLOSED)
        .exclude(Exists(told_overdue))
        .select_related("incident", "responsible")
    )
    for measure in measures.iterator(chunk_size=500):
        candidates.extend(measure_alerts(measure=measure, now=now))
    # Cases whose people are to be informed by a planned day (the partial index
    # incident_inform_due), unless the case officer was told after that day already.
    told_late = Alert.objects.filter(
        incident=OuterRef("pk"),
        kind=AlertKind.INFORM_OVERDUE,
        created_at__date__gt=OuterRef("subjects_inform_planned_on"),
    )
    informing = (
        Incident.objects.filter(
            subjects_informed_at__isnull=True, subjects_inform_planned_on__lte=latest_due
        )
        .exclude(state=State.CLOSED)
        .exclude(Exists(told_late))
        .select_related("assignee")
    )
    for incident in informing.iterator(chunk_size=500):
        candidates.extend(inform_alerts(incident=incident, now=now))
    planned = 0
    # One transaction: a run that fails half-way plans nothing, so that no case is left with
    # only some of its escalation (the next run would pass over it).
    with transaction.atomic():
        for chunk in _chunks(candidates):
            existing = set(
                Alert.objects.filter(key__in=[alert.key for alert in chunk]).values_list(
                    "key", flat=True
                )
            )
            new = [alert for alert in chunk if alert.key not in existing]
            if new:
                Alert.objects.bulk_create(new, ignore_conflicts=True)
                planned += len(new)
    return planned
