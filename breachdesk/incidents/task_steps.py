"""The steps of a case, in their order: a part of the registry of actions (workflow.ACTIONS).

Each step (`TaskStep`) names the actions that do it (`does`), those it also offers while it
is open and after it is done (`also`: contacts, measures, supplements, closing as not an
incident), those it offers even before it can start (`early`: drafting the notification
while the decision on IMY is still to be taken), the facts that make it done, started or not
needed, the steps it waits for (`after`), and who takes it. Every action the case page
offers (a link, a document or a button) belongs to exactly one step: the module refuses to
load otherwise. incidents.tasks derives a case's task list from it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.workflow import (
    ACTIONS,
    Action,
    ImyDecision,
    Shown,
    State,
    SubjectsDecision,
)

if TYPE_CHECKING:
    from breachdesk.incidents.models import Incident
    from breachdesk.incidents.selectors import CaseFile


@dataclass(frozen=True)
class Facts:
    """What the steps are decided on: the incident's row and what the case file holds."""

    incident: "Incident"
    investigated: bool = False
    contacts: int = 0
    measures: int = 0
    assessed: Any = None  # (when, by whom) of the risk assessment

    @classmethod
    def of(cls, incident: "Incident", file: "CaseFile") -> "Facts":
        assessment = file.assessment
        return cls(
            incident=incident,
            investigated=file.investigation is not None,
            contacts=len(file.contacts),
            measures=len(file.measures),
            assessed=(assessment.assessed_at, assessment.assessed_by) if assessment else None,
        )


# When a step was done and by whom, as far as the case's row says.
Record = tuple[datetime | date | None, Any]


@dataclass(frozen=True, kw_only=True)
class TaskStep:
    """One step of a case. `after` names the steps that must be done (or not needed) first;
    `first` is the reason a later step gives while this one is not done."""

    key: str
    title: Promise
    by: Promise
    done: Callable[[Facts], bool]
    does: tuple[Action, ...] = ()
    also: tuple[Action, ...] = ()
    early: frozenset[Action] = frozenset()
    after: tuple[str, ...] = ()
    first: Promise | None = None
    started: Callable[[Facts], bool] | None = None
    needed: Callable[[Facts], bool] | None = None
    record: Callable[[Facts], Record] | None = None
    hint: Promise | None = None
    # Why it is not needed for this case (when `needed` says it is not).
    unneeded: Callable[[Facts], Promise | str] | None = None
    # It happens when someone outside acts (IMY answers): never the next step.
    awaited: bool = False

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.does + self.also


def _an_incident(facts: Facts) -> bool:
    return not facts.incident.not_an_incident


def _imy_may_be_notified(facts: Facts) -> bool:
    return _an_incident(facts) and facts.incident.imy_decision != ImyDecision.NOT_NOTIFY


def _imy_decided(facts: Facts) -> bool:
    incident = facts.incident
    return _an_incident(facts) and State(incident.state) in (
        State.ASSESSED,
        State.NOTIFIED,
        State.DECIDED,
        State.CLOSED,
    )


def _people_may_be_informed(facts: Facts) -> bool:
    return _an_incident(facts) and facts.incident.subjects_decision in (
        "",
        SubjectsDecision.INFORM,
    )


def _why_unneeded(facts: Facts) -> Promise | str:
    incident = facts.incident
    if incident.not_an_incident:
        return _("The case was closed as not a personal data incident.")
    if incident.imy_decision == ImyDecision.NOT_NOTIFY:
        return _("It was decided not to notify IMY.")
    if incident.subjects_decision:
        return capfirst(str(incident.get_subjects_decision_display())) + "."
    return ""


TASK_STEPS: tuple[TaskStep, ...] = (
    TaskStep(
        key="report",
        title=_("Report the incident"),
        by=_("the reporter"),
        done=lambda facts: True,
        record=lambda f: (f.incident.reported_at, f.incident.reporter_name),
    ),
    TaskStep(
        key="register",
        title=_("Register the report"),
        by=_("the registrar"),
        does=(Action.REGISTER,),
        done=lambda f: f.incident.diary_number is not None,
        first=_("The registrar registers the report first."),
        record=lambda f: (f.incident.registered_at, f.incident.registered_by),
    ),
    TaskStep(
        key="acknowledge",
        title=_("Confirm receipt"),
        by=_("the case officer"),
        does=(Action.ACKNOWLEDGE,),
        after=("register",),
        done=lambda f: f.incident.acknowledged_at is not None,
        first=_("The case officer confirms receipt first."),
        record=lambda f: (f.incident.acknowledged_at, f.incident.acknowledged_by),
    ),
    TaskStep(
        key="investigate",
        title=_("Investigate the incident"),
        by=_("the case officer"),
        does=(Action.INVESTIGATE,),
        also=(Action.CONTACT, Action.MEASURE, Action.CLOSE_NOT_INCIDENT),
        after=("acknowledge",),
        done=lambda f: f.investigated or f.incident.not_an_incident,
        started=lambda f: bool(f.contacts or f.measures),
        first=_("Record the investigation first."),
        hint=_("What happened, why, and what was done about it."),
    ),
    TaskStep(
        key="assess_risk",
        title=_("Assess the risk"),
        by=_("the case officer"),
        does=(Action.ASSESS_RISK,),
        after=("investigate",),
        done=lambda f: bool(f.incident.risk_level),
        needed=_an_incident,
        unneeded=_why_unneeded,
        first=_("Assess the risk first."),
        record=lambda f: f.assessed or (None, None),
    ),
    TaskStep(
        key="decide_imy",
        title=_("Decide on IMY and the people affected"),
        by=_("the case officer"),
        does=(Action.ASSESS,),
        also=(Action.IMY_PENDING,),
        early=frozenset({Action.IMY_PENDING}),
        after=("assess_risk",),
        done=_imy_decided,
        started=lambda f: f.incident.imy_decision == ImyDecision.INVESTIGATING,
        needed=_an_incident,
        unneeded=_why_unneeded,
        first=_("Decide on IMY and the people affected first."),
        record=lambda f: (f.incident.imy_decided_at, f.incident.imy_decided_by),
    ),
    TaskStep(
        key="notify",
        title=_("Notify IMY"),
        by=_("the case officer"),
        does=(Action.NOTIFY, Action.DOCUMENT_IMY_NOTIFICATION),
        also=(Action.SUPPLEMENT, Action.DOCUMENT_IMY_SUPPLEMENT),
        early=frozenset({Action.DOCUMENT_IMY_NOTIFICATION}),
        after=("decide_imy",),
        done=lambda f: f.incident.imy_notified_at is not None,
        needed=_imy_may_be_notified,
        unneeded=_why_unneeded,
        first=_("Notify IMY first."),
        record=lambda f: (f.incident.imy_notified_at, None),
        hint=_("Draft the notification, send it through IMY's e-service, then record it."),
    ),
    TaskStep(
        key="inform",
        title=_("Inform the people affected"),
        by=_("the case officer"),
        does=(Action.INFORM, Action.DOCUMENT_SUBJECTS_LETTER),
        after=("decide_imy",),
        done=lambda f: f.incident.subjects_informed_at is not None,
        started=lambda f: f.incident.subjects_inform_planned_on is not None,
        needed=_people_may_be_informed,
        unneeded=_why_unneeded,
        first=_("Inform the people affected first."),
        record=lambda f: (f.incident.subjects_informed_at, None),
    ),
    TaskStep(
        key="decide",
        title=_("Take the internal decision"),
        by=_("the decision-maker (a manager with delegated authority)"),
        does=(Action.DECIDE,),
        # The decision's document is written before it is taken, or after, to be sent.
        also=(Action.DOCUMENT_DECISION,),
        early=frozenset({Action.DOCUMENT_DECISION}),
        after=("decide_imy", "notify"),
        done=lambda f: f.incident.decided_on is not None,
        needed=_an_incident,
        unneeded=_why_unneeded,
        first=_("The decision-maker takes the internal decision first."),
        record=lambda f: (f.incident.decided_on, f.incident.decision_maker),
    ),
    TaskStep(
        key="send_to_dpo",
        title=_("Send the decision to the DPO"),
        by=_("the case officer"),
        does=(Action.SEND_TO_DPO,),
        after=("decide",),
        done=lambda f: f.incident.sent_to_dpo_at is not None,
        needed=_an_incident,
        unneeded=_why_unneeded,
        first=_("Record the decision as sent to the DPO first."),
        record=lambda f: (f.incident.sent_to_dpo_at, None),
        hint=_("Send the written decision to the data protection officer, then record it."),
    ),
    TaskStep(
        key="imy_answer",
        title=_("IMY's answer"),
        by=_("IMY answers; the case officer records it"),
        does=(Action.IMY_ANSWER,),
        after=("notify",),
        done=lambda f: f.incident.imy_answer_on is not None,
        needed=_imy_may_be_notified,
        unneeded=_why_unneeded,
        record=lambda f: (f.incident.imy_answer_on, None),
        hint=_("Record it when IMY answers; the case can be closed before."),
        awaited=True,
    ),
    TaskStep(
        key="close",
        title=_("Close the case"),
        by=_("the case officer"),
        does=(Action.CLOSE,),
        after=("send_to_dpo",),
        done=lambda f: f.incident.closed_at is not None,
        record=lambda f: (f.incident.closed_at, None),
    ),
)

STEPS_BY_KEY: dict[str, TaskStep] = {step.key: step for step in TASK_STEPS}
if len(STEPS_BY_KEY) != len(TASK_STEPS):
    raise ImproperlyConfigured("two task steps share a key")
_OFFERED = frozenset({Shown.LINK, Shown.DOCUMENT, Shown.BUTTON})
_IN_STEPS = [action for step in TASK_STEPS for action in step.actions]
if sorted(_IN_STEPS) != sorted(a for a in Action if ACTIONS[a].page.shown in _OFFERED):
    raise ImproperlyConfigured("an action the case page offers is in no task step, or in two")
for _step in TASK_STEPS:
    if not _step.early <= set(_step.actions) or not set(_step.after) <= set(STEPS_BY_KEY):
        raise ImproperlyConfigured(f"task step {_step.key} names what it does not have")
