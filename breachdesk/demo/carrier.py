"""The rest of the demo cases' lives, taken through the real services.

`carry_cases()` plans each case's end (cases.py) and takes its steps as its case officer and
its unit's decision-maker, with `now=` moments between the acknowledgement and now, from the
case's handling in cases/<key>.toml. The coordinator follows the computed recommendation
unless a handling deviates, with the written reason. Everything is invented; the texts name no
affected person.
"""

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.management.base import CommandError

from breachdesk.accounts.models import User
from breachdesk.demo.cases import (
    ASSESSED,
    DECIDED,
    INVESTIGATED,
    MARGIN,
    NOT_INCIDENT,
    NOTIFIED,
    PENDING,
    SENT,
    DemoCase,
    plan,
)
from breachdesk.demo.specs import DONE, LATER, OPEN, TEXTS
from breachdesk.documents.case_services import case_document_produce
from breachdesk.documents.models import DocumentKind
from breachdesk.incidents import services
from breachdesk.incidents.models import ImyOutcome, Incident, Measure
from breachdesk.incidents.risk.inputs import Availability, Exposure, Integrity
from breachdesk.incidents.risk.scales import Recommendation
from breachdesk.incidents.services import ImyDecisionFacts, InvestigationFacts
from breachdesk.incidents.workflow import ImyDecision
from breachdesk.incidents.workflow import SubjectsDecision as SD
from breachdesk.lib.deadlines import STOCKHOLM, swedish_day
from breachdesk.orgs.models import Role
from breachdesk.orgs.services import nearest_role_holder


class Clock:
    """Moments after `at` and before `limit`: in office hours when there is room, else at
    least not at night. A step takes at most half the time left, so any number fits."""

    def __init__(self, at: datetime, limit: datetime, rng: random.Random) -> None:
        if limit <= at:
            raise ValueError("a clock needs time left before its limit")
        self.at, self.limit, self.rng = at, limit, rng

    def step(self, low: float, high: float, after: datetime | None = None) -> datetime:
        """A moment `low` to `high` hours on; from `after` instead, when that leaves room."""
        if after is not None and self.at < after < self.limit - (self.limit - self.at) / 3:
            self.at = after
        cap = (self.limit - self.at) / 3
        moment = self.at + min(timedelta(hours=self.rng.uniform(low, high)), cap)
        for first, last, weekdays in ((8, 17, 5), (7, 22, 7)):  # office, then waking hours
            local = moment.astimezone(STOCKHOLM)
            if local.weekday() < weekdays and first <= local.hour < last:
                break
            day = local.date() + timedelta(days=1 if local.hour >= first else 0)
            while day.weekday() >= weekdays:
                day += timedelta(days=1)
            start = datetime(day.year, day.month, day.day, first, tzinfo=STOCKHOLM)
            snapped = start + timedelta(minutes=self.rng.uniform(0, 120))
            if snapped < self.at + (self.limit - self.at) / 2:
                moment = snapped
                break
        self.at = moment
        return moment


def carry_cases(*, cases: Sequence[DemoCase], rng: random.Random, now: datetime) -> None:
    """Carry `cases` (acknowledged months ago) to their planned ends through the services."""
    plan(cases, rng)
    carrier = Carrier(rng, now)
    for case in sorted(cases, key=lambda case: case.acknowledged):
        carrier.carry(case)


class Carrier:
    """Takes each case through its steps as its case officer and its unit's decision-maker."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng, self.now = rng, now
        self.left_open = False  # one closed case keeps an open measure, with a closing note
        # A few cases carry their documents; each costs a PDF, so not all of them.
        self.documents: dict[str, int] = {
            DocumentKind.IMY_NOTIFICATION: 4,
            DocumentKind.DECISION: 4,
        }

    def document(
        self, incident: Incident, actor: User, kind: str, at: datetime, **inputs: object
    ) -> None:
        """Produce `kind` on `incident` at `at`, while the demo's budget for it lasts."""
        if self.documents[kind] > 0:
            self.documents[kind] -= 1
            case_document_produce(incident=incident, actor=actor, kind=kind, inputs=inputs, now=at)

    def carry(self, case: DemoCase) -> None:
        incident, handling, officer = case.incident, case.handling, case.incident.assignee
        if officer is None:
            raise CommandError(f"{incident} has no case officer.")
        due = incident.imy_due_at
        hurry = case.notifies and not case.late and case.end not in (PENDING, NOT_INCIDENT)
        hurry = hurry and case.acknowledged < due - MARGIN
        limit = min(self.now, due - MARGIN / 4) if hurry else self.now
        clock, pace = Clock(case.acknowledged, limit, self.rng), 0.2 if hurry else 1.0
        if case.end == NOT_INCIDENT:
            found, reason = handling.not_incident or ("", "")
            self.investigate(case, officer, clock.step(2, 30), found=found)
            services.incident_close_not_incident(
                incident=incident, actor=officer, reason=reason, now=clock.step(4, 72)
            )
            return
        self.investigate(case, officer, clock.step(pace, 20 * pace))
        if case.end == PENDING:
            facts = ImyDecisionFacts(imy_decision=ImyDecision.INVESTIGATING)
            services.imy_decide(
                incident=incident, actor=officer, facts=facts, now=clock.step(0.2, 3)
            )
        for party, name, outcome in handling.contacts:
            at = clock.step(0.3, 24 * pace)
            services.contact_record(
                incident=incident,
                actor=officer,
                party=party,
                name=name,
                contacted_on=swedish_day(at),
                outcome=outcome,
                now=at,
            )
        measures = [
            (self.measure(incident, officer, clock.step(0.1, 3 * pace), item), item[1])
            for item in handling.measures
        ]
        if case.end in (PENDING, INVESTIGATED):
            return
        at = clock.step(0.3, 24 * pace)
        services.risk_assessment_record(
            incident=incident, actor=officer, inputs=case.inputs, now=at
        )
        if incident.recommendation != case.recommendation:
            raise CommandError(f"{incident}: the service recommends otherwise than planned.")
        at = clock.step(0.2, 4 * pace)
        services.imy_decide(incident=incident, actor=officer, facts=self.decision(case, at), now=at)
        if case.end == ASSESSED:
            return

        supplement = handling.supplement or (TEXTS.supplement if case.end == NOTIFIED else "")
        if case.notifies:
            self.document(
                incident,
                officer,
                DocumentKind.IMY_NOTIFICATION,
                at,
                complete=not supplement,
                delay_reason=handling.delay_reason or (TEXTS.late_unclear if case.late else ""),
            )
            self.notify(case, officer, clock, complete=not supplement)
        clock.limit = self.now
        if incident.subjects_decision == SD.INFORM:
            informed = clock.step(2, 72)
            services.subjects_inform_record(
                incident=incident,
                actor=officer,
                informed_at=informed,
                how=handling.inform_how or TEXTS.inform_how,
                count=incident.affected_count,
                now=clock.step(0.1, 2),
            )
        if case.notifies and supplement and (case.end != NOTIFIED or case.answer is None):
            made = clock.step(24, 24 * 10)
            services.imy_supplement(
                incident=incident,
                actor=officer,
                made_at=made,
                complete=True,
                content=supplement,
                now=clock.step(0.1, 3),
            )
        if case.end == NOTIFIED:
            if case.answer is not None:
                self.imy_answer(incident, officer, clock, case.answer)
            return

        for measure, status in measures:  # some planned measures are done before the decision
            if status == LATER and self.rng.random() < 0.5:
                self.measure(incident, officer, clock.step(24, 24 * 20), measure)
        maker = nearest_role_holder(unit=incident.unit, role=Role.DECISION_MAKER)
        if maker is None:
            raise CommandError(f"Nobody may take the internal decision on {incident}.")
        at = clock.step(24, 24 * 14)
        note = TEXTS.decision_notes[case.decision]
        services.incident_decide(
            incident=incident, actor=maker, decided_on=swedish_day(at), note=note, now=at
        )
        self.document(incident, officer, DocumentKind.DECISION, at)
        if case.end == DECIDED:
            return
        services.decision_send_to_dpo(incident=incident, actor=officer, now=clock.step(0.2, 48))
        if case.end == SENT:
            return

        note = ""
        for measure, status in measures:
            if measure.done_on is None:
                if status == OPEN and not self.left_open:
                    self.left_open, note = True, TEXTS.left_open
                else:
                    self.measure(incident, officer, clock.step(24, 24 * 30), measure)
        at = clock.step(2, 24 * 7)
        services.incident_close(incident=incident, actor=officer, note=note, now=at)
        if incident.imy_notified_at is not None and self.rng.random() < 0.6:
            self.imy_answer(incident, officer, clock, ImyOutcome.CLOSED)

    def investigate(self, case: DemoCase, officer: User, at: datetime, found: str = "") -> None:
        """Record the investigation; `found` is what showed the case to be no incident."""
        incident, handling, inputs = case.incident, case.handling, case.inputs
        advice = TEXTS.not_incident_advice if found else handling.dpo_advice
        ongoing = case.end == PENDING and bool(handling.processors)  # not known yet
        ended_at = None
        if not ongoing:
            lasted = timedelta(hours=inputs.unavailable_hours or self.rng.uniform(0, 6))
            ended_at = max(incident.occurred_at, min(incident.occurred_at + lasted, at))
        facts = InvestigationFacts(
            confidentiality=not found and inputs.exposure != Exposure.NONE,
            integrity=not found and inputs.integrity != Integrity.NONE,
            availability=not found and inputs.availability != Availability.NONE,
            cause=handling.cause,
            cause_detail=found or handling.detail,
            systems=handling.systems,
            processors=handling.processors,
            has_ended=None if ongoing else True,
            ended_at=ended_at,
            dpo_consulted=bool(advice),
            dpo_consulted_on=swedish_day(at) if advice else None,
            dpo_advice=advice,
        )
        services.investigation_record(incident=incident, actor=officer, facts=facts, now=at)

    def measure(
        self, incident: Incident, officer: User, at: datetime, item: tuple[str, str] | Measure
    ) -> Measure:
        """Record a measure (done at once, or planned with a due date), or record `item` as
        done now. The unit's responsible manager answers for it: the service's default."""
        done: date | None = swedish_day(at)
        if isinstance(item, Measure):
            measure, text, due = item, item.description, item.due_on
        else:
            (text, status), measure = item, None
            done = done if status == DONE else None
            due = None if done else swedish_day(at) + timedelta(days=self.rng.randint(14, 60))
        return services.measure_record(
            incident=incident,
            actor=officer,
            description=text,
            responsible=measure.responsible if measure else None,
            due_on=due,
            done_on=done,
            measure=measure,
            now=at,
        )

    def decision(self, case: DemoCase, at: datetime) -> ImyDecisionFacts:
        """The coordinator's decision: the recommendation's, or the handling's deviation."""
        handling, reason = case.handling, case.handling.subjects_reason or TEXTS.low_risk
        if not case.notifies:
            deviates = case.recommendation != Recommendation.DOCUMENT
            deviation = TEXTS.deviation.format(why=handling.deviation)
            return ImyDecisionFacts(
                imy_decision=ImyDecision.NOT_NOTIFY,
                imy_decision_reason=handling.assessment,
                subjects_decision=SD.NOT_REQUIRED,
                subjects_reason=reason,
                deviation_reason=deviation if deviates else "",
            )
        if case.recommendation == Recommendation.NOTIFY_AND_INFORM:
            planned = swedish_day(at) + timedelta(days=self.rng.randint(1, 5))
            return ImyDecisionFacts(
                imy_decision=ImyDecision.NOTIFY,
                subjects_decision=SD.INFORM,
                subjects_inform_planned_on=planned,
            )
        return ImyDecisionFacts(
            imy_decision=ImyDecision.NOTIFY,
            subjects_decision=SD.NOT_REQUIRED,
            subjects_reason=reason,
        )

    def notify(self, case: DemoCase, officer: User, clock: Clock, *, complete: bool) -> None:
        """Notify IMY: within the 72 hours, or after them with the reasons for the delay."""
        incident, handling, due = case.incident, case.handling, case.incident.imy_due_at
        delay = ""
        if not case.late:
            made = clock.step(0.2, 2)
        elif case.acknowledged > due - MARGIN:
            made, delay = clock.step(1, 24, after=due), TEXTS.late_reached
        else:
            made = clock.step(4, 24 * (4 if handling.delay_reason else 1), after=due)
            delay = handling.delay_reason or TEXTS.late_unclear
        content = f"{incident.description}\n\n{handling.detail}"
        services.imy_notify(
            incident=incident,
            actor=officer,
            made_at=made,
            complete=complete,
            imy_case_number=f"IMY-{made.year}-{self.rng.randint(1000, 19999)}",
            content=content if complete else TEXTS.preliminary.format(content=content),
            delay_reason=delay,
            now=clock.step(0.05, 1),
        )

    def imy_answer(
        self, incident: Incident, officer: User, clock: Clock, outcome: ImyOutcome
    ) -> None:
        at = clock.step(24 * 10, 24 * 60)
        services.imy_answer_record(
            incident=incident,
            actor=officer,
            answered_on=swedish_day(at),
            outcome=outcome,
            imy_case_number="",
            note=TEXTS.imy_notes[outcome],
            now=clock.step(0.5, 24),
        )
