"""Where each demo case acknowledged months ago ends, and what its handling implies.

A case's handling (cases/<key>.toml) gives the risk assessment's inputs beyond the report, so
DemoCase computes the recommendation and the decision on IMY from them. `plan()` gives every
case an end state: the oldest go furthest, a few are closed as no personal data incident and a
few notifications to IMY are late. carrier.py then takes each case there.
"""

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.core.management.base import CommandError

from breachdesk.demo.specs import Handling
from breachdesk.incidents.models import ImyOutcome, Incident
from breachdesk.incidents.risk.assess import evaluate
from breachdesk.incidents.risk.inputs import Group, RiskInputs, TriState
from breachdesk.incidents.risk.scales import Recommendation
from breachdesk.incidents.workflow import ImyDecision

# End states, filled youngest case first; NOT_INCIDENT is drawn first among the stories that
# allow it, and every case left over is closed.
PENDING, INVESTIGATED, ASSESSED, NOTIFIED = "pending", "investigated", "assessed", "notified"
DECIDED, SENT, CLOSED, NOT_INCIDENT = "decided", "sent", "closed", "not_incident"
QUOTAS = ((PENDING, 3), (INVESTIGATED, 2), (ASSESSED, 2), (NOTIFIED, 3), (DECIDED, 2), (SENT, 2))
NOT_INCIDENTS, LATE_AT_LEAST = 3, 2
MARGIN = timedelta(hours=2)  # on time only if acknowledged this long before the deadline
NOTIFIED_ANSWERS = (ImyOutcome.SUPERVISION, ImyOutcome.QUESTIONS, None)  # None: a supplement


@dataclass
class DemoCase:
    """A case acknowledged months ago, with its story's handling and where it will end."""

    incident: Incident
    acknowledged: datetime
    handling: Handling
    end: str = CLOSED
    answer: ImyOutcome | None = None  # for a case that ends notified: IMY's answer, if any
    late: bool = False  # notified after the 72 hours
    inputs: RiskInputs = field(init=False)
    recommendation: Recommendation = field(init=False)
    decision: ImyDecision = field(init=False)

    def __post_init__(self) -> None:
        if self.incident.unit.name != self.handling.unit:
            raise CommandError(f"The handling of {self.incident} is for {self.handling.unit}.")
        values = asdict(self.handling.risk)
        group = Group(
            label="",
            people_count=self.incident.affected_count,
            data_types=frozenset(self.incident.data_types),
            types_uncertain=False,
            vulnerable_people=TriState.YES if values.pop("vulnerable") else TriState.NO,
            insight=values.pop("insight"),
            identification=values.pop("identification"),
        )
        self.inputs = RiskInputs(groups=(group,), **values)
        self.recommendation = evaluate(self.inputs).recommendation
        deviates = bool(self.handling.deviation) and self.recommendation == Recommendation.NOTIFY
        documents = deviates or self.recommendation == Recommendation.DOCUMENT
        self.decision = ImyDecision.NOT_NOTIFY if documents else ImyDecision.NOTIFY
        if documents and not self.handling.assessment:
            raise CommandError(f"The handling of {self.incident} lacks the written assessment.")

    @property
    def notifies(self) -> bool:
        return self.decision == ImyDecision.NOTIFY


def plan(cases: Sequence[DemoCase], rng: random.Random) -> None:
    """Give every case its end: the youngest stop earliest, at most one case per story is
    closed as no incident, and at least LATE_AT_LEAST notifications are late."""
    left = sorted(cases, key=lambda case: case.acknowledged, reverse=True)
    eligible = [case for case in left if case.handling.not_incident]
    rng.shuffle(eligible)
    for case in eligible:
        taken = [c.handling for c in cases if c.end == NOT_INCIDENT]
        if len(taken) < NOT_INCIDENTS and case.handling not in taken:
            case.end = NOT_INCIDENT
            left.remove(case)
    for end, count in QUOTAS:
        for _ in range(min(count, len(left))):
            wanted = {ASSESSED: False, NOTIFIED: True}.get(end)
            case = next((c for c in left if c.notifies == wanted), left[0])
            case.end = SENT if end == NOTIFIED and not case.notifies else end
            left.remove(case)
    notified = [case for case in cases if case.end == NOTIFIED]
    notified.sort(key=lambda case: evaluate(case.inputs).score, reverse=True)
    for case, answer in zip(notified, NOTIFIED_ANSWERS, strict=False):
        case.answer = answer
    notifying = [c for c in cases if c.notifies and c.end in (NOTIFIED, DECIDED, SENT, CLOSED)]
    for case in notifying:
        case.late = case.acknowledged > case.incident.imy_due_at - MARGIN
    for case in sorted(notifying, key=lambda case: not case.handling.delay_reason):
        if sum(c.late for c in notifying) < LATE_AT_LEAST:
            case.late = True
