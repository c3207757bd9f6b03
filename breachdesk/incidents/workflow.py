"""The incident's states, the one table of transitions between them, and the table of steps.

`incident_transition()` in services is the only code that changes an incident's state, and it
does so only along an edge of TRANSITIONS, by the roles the edge names, when the edge's
condition holds. `incident_step()` is the only code that records facts on a case without moving
it (the investigation, measures, the risk assessment, supplements …): STEPS says in which states
and by whom. Both tables are read by `access.actions_for()` to show what a person can do now.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.orgs.models import Role

if TYPE_CHECKING:
    from breachdesk.incidents.models import Incident


class State(models.TextChoices):
    REPORTED = "reported", _("reported")
    REGISTERED = "registered", _("registered")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSESSED = "assessed", _("assessed")
    NOTIFIED = "notified", _("notified to IMY")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")


class ImyDecision(models.TextChoices):
    """Whether to notify IMY (seed 000's column: Ja / Nej / Utredning pågår)."""

    NOTIFY = "notify", _("notify IMY")
    NOT_NOTIFY = "not_notify", _("do not notify IMY")
    INVESTIGATING = "investigating", _("still under investigation")


# The 72 hours run until IMY is notified or a decision not to notify is taken: also in
# `assessed` while a decision to notify waits for the notification itself.
CLOCK_RUNNING_STATES: frozenset[State] = frozenset(
    {State.REPORTED, State.REGISTERED, State.ACKNOWLEDGED}
)


def clock_runs(incident: "Incident") -> bool:
    """Whether the 72-hour clock runs for `incident`."""
    state = State(incident.state)
    return state in CLOCK_RUNNING_STATES or (
        state == State.ASSESSED and incident.imy_decision == ImyDecision.NOTIFY
    )


def clock_running_q() -> Q:
    """The same as clock_runs(), as a filter on incidents."""
    return Q(state__in=CLOCK_RUNNING_STATES) | Q(
        state=State.ASSESSED, imy_decision=ImyDecision.NOTIFY
    )


# A check run before a move, on the case with the move's changes applied: it returns the
# message for the user when the move must not happen, else None.
Check = Callable[["Incident"], Promise | str | None]


@dataclass(frozen=True)
class Rule:
    """Who may move a case along one edge, and what must be true after the move.

    `when` decides whether the edge exists for this case at all (two edges can leave one
    state, chosen by the case's facts); `check` refuses a move with a message for the user.
    """

    action: str
    label: Promise
    roles: frozenset[Role] = frozenset()
    assignee_may: bool = False
    requires: tuple[str, ...] = ()
    note_required: bool = False
    when: Callable[["Incident"], bool] | None = None
    check: Check | None = None

    def applies(self, incident: "Incident") -> bool:
        return self.when is None or self.when(incident)


@dataclass(frozen=True)
class Step:
    """A step that records facts on a case without moving it: in which states, by whom."""

    action: str
    label: Promise
    states: frozenset[State]
    roles: frozenset[Role] = frozenset()
    assignee_may: bool = False
    when: Callable[["Incident"], bool] | None = None

    def applies(self, incident: "Incident") -> bool:
        return State(incident.state) in self.states and (self.when is None or self.when(incident))


def _decided_to_notify(incident: "Incident") -> bool:
    return incident.imy_decision == ImyDecision.NOTIFY


def _decided_not_to_notify(incident: "Incident") -> bool:
    return incident.imy_decision == ImyDecision.NOT_NOTIFY


def _not_notifying(incident: "Incident") -> bool:
    return incident.imy_decision != ImyDecision.NOTIFY


def _notified(incident: "Incident") -> bool:
    return incident.imy_notified_at is not None


def _decided_to_inform(incident: "Incident") -> bool:
    return incident.subjects_decision == "inform"


def _may_draft_notification(incident: "Incident") -> bool:
    return not incident.not_an_incident and incident.imy_decision != ImyDecision.NOT_NOTIFY


def _decided_on_imy(incident: "Incident") -> bool:
    return not incident.not_an_incident and incident.imy_decision in (
        ImyDecision.NOTIFY,
        ImyDecision.NOT_NOTIFY,
    )


def _imy_decision_taken(incident: "Incident") -> Promise | None:
    if incident.imy_decision not in (ImyDecision.NOTIFY, ImyDecision.NOT_NOTIFY):
        return _(
            "Decide whether to notify IMY or not. While the investigation goes on, record it "
            "as still under investigation instead."
        )
    return None


def _followed_up(incident: "Incident") -> Promise | None:
    if incident.closing_note.strip():
        return None
    if incident.measures.filter(done_on__isnull=True).exists():
        return _(
            "Some measures are not done. Record them as done, or write in the closing note "
            "why the case is closed with open measures."
        )
    if incident.subjects_decision == "inform" and incident.subjects_informed_at is None:
        return _(
            "The people affected have not been recorded as informed. Record when they were "
            "told, or write in the closing note why the case is closed anyway."
        )
    return None


def _protected(incident: "Incident") -> bool:
    return incident.protected


def _not_protected(incident: "Incident") -> bool:
    return not incident.protected


def _has_readers(incident: "Incident") -> bool:
    return incident.protected and incident.protected_readers.exists()


CASE_OFFICER = frozenset({Role.COORDINATOR})
DECIDERS = frozenset({Role.DECISION_MAKER})
INVESTIGATING_STATES = frozenset({State.ACKNOWLEDGED, State.ASSESSED, State.NOTIFIED})
AFTER_NOTIFICATION = frozenset({State.NOTIFIED, State.DECIDED, State.CLOSED})
AFTER_IMY_DECISION = frozenset({State.ASSESSED}) | AFTER_NOTIFICATION
# A registered case can be marked protected (OSL), or the marking lifted, for as long as it is
# kept; before registration the reporter and the registrar mark it on their forms.
REGISTERED_STATES = frozenset(State) - {State.REPORTED}

_decide = Rule(
    action="decide",
    label=_("Take the internal decision"),
    roles=DECIDERS,
    requires=("decision_maker", "decided_on"),
)
_close_not_incident = Rule(
    action="close_not_incident",
    label=_("Close as not a personal data incident"),
    roles=CASE_OFFICER,
    assignee_may=True,
    requires=("closed_at", "closing_note"),
    when=_not_notifying,
)

TRANSITIONS: dict[tuple[State, State], Rule] = {
    (State.REPORTED, State.REGISTERED): Rule(
        action="register",
        label=_("Register"),
        roles=frozenset({Role.REGISTRAR}),
        requires=("diary_series", "diary_number", "assignee", "registered_at"),
    ),
    (State.REGISTERED, State.ACKNOWLEDGED): Rule(
        action="acknowledge",
        label=_("Confirm receipt"),
        assignee_may=True,
        requires=("acknowledged_at",),
    ),
    (State.ACKNOWLEDGED, State.ASSESSED): Rule(
        action="assess",
        label=_("Decide on IMY and the people affected"),
        roles=CASE_OFFICER,
        assignee_may=True,
        requires=("risk_level", "imy_decision", "imy_decided_at", "subjects_decision"),
        check=_imy_decision_taken,
    ),
    (State.ASSESSED, State.NOTIFIED): Rule(
        action="notify",
        label=_("Record the notification to IMY"),
        roles=CASE_OFFICER,
        assignee_may=True,
        requires=("imy_notified_at",),
        when=_decided_to_notify,
    ),
    (State.ASSESSED, State.DECIDED): Rule(
        action=_decide.action,
        label=_decide.label,
        roles=_decide.roles,
        requires=_decide.requires,
        when=_decided_not_to_notify,
    ),
    (State.NOTIFIED, State.DECIDED): _decide,
    (State.DECIDED, State.CLOSED): Rule(
        action="close",
        label=_("Close the case"),
        roles=CASE_OFFICER,
        assignee_may=True,
        requires=("sent_to_dpo_at", "closed_at"),
        check=_followed_up,
    ),
    (State.ACKNOWLEDGED, State.CLOSED): _close_not_incident,
}
# One action may leave several states ("decide" after notifying, or after deciding not to);
# it never leads two ways from one state.
_ACTIONS: dict[tuple[str, State], State] = {
    (rule.action, source): target for (source, target), rule in TRANSITIONS.items()
}
if len(_ACTIONS) != len(TRANSITIONS):
    raise ImproperlyConfigured("an action leaves one state by two edges")

STEPS: dict[str, Step] = {
    step.action: step
    for step in [
        Step(
            "investigate",
            _("Record the investigation"),
            INVESTIGATING_STATES,
            CASE_OFFICER,
            assignee_may=True,
        ),
        Step("contact", _("Record a contact"), INVESTIGATING_STATES, CASE_OFFICER, True),
        Step(
            "measure",
            _("Record a measure"),
            INVESTIGATING_STATES | {State.DECIDED},
            CASE_OFFICER,
            True,
        ),
        Step("assess_risk", _("Assess the risk"), INVESTIGATING_STATES, CASE_OFFICER, True),
        Step(
            "imy_pending",
            _("Record as still under investigation"),
            frozenset({State.ACKNOWLEDGED}),
            CASE_OFFICER,
            True,
        ),
        Step(
            "supplement",
            _("Record a supplement to IMY"),
            AFTER_NOTIFICATION,
            CASE_OFFICER,
            True,
            when=_notified,
        ),
        Step(
            "inform",
            _("Record informing the people affected"),
            frozenset({State.ASSESSED, State.NOTIFIED, State.DECIDED}),
            CASE_OFFICER,
            True,
            when=_decided_to_inform,
        ),
        Step(
            "send_to_dpo",
            _("Record the decision as sent to the DPO"),
            frozenset({State.DECIDED}),
            CASE_OFFICER,
            True,
        ),
        Step(
            "imy_answer",
            _("Record IMY's answer"),
            AFTER_NOTIFICATION,
            CASE_OFFICER,
            True,
            when=_notified,
        ),
        # Documents of the case (documents app): producing one records it in the timeline.
        Step(
            "document_imy_notification",
            _("Draft the notification to IMY"),
            frozenset({State.ACKNOWLEDGED}) | AFTER_IMY_DECISION,
            CASE_OFFICER,
            True,
            when=_may_draft_notification,
        ),
        Step(
            "document_imy_supplement",
            _("Draft a supplement to IMY"),
            AFTER_NOTIFICATION,
            CASE_OFFICER,
            True,
            when=_notified,
        ),
        Step(
            "document_subjects_letter",
            _("Write the letter to the people affected"),
            AFTER_IMY_DECISION,
            CASE_OFFICER,
            True,
            when=_decided_to_inform,
        ),
        # Protected identity or secret information (OSL). The actions are named as their
        # audit events ("incident.protected" …), since incident_step() audits by action.
        Step(
            "protected",
            _("Mark as protected (OSL)"),
            REGISTERED_STATES,
            CASE_OFFICER,
            True,
            when=_not_protected,
        ),
        Step(
            "unprotected",
            _("Lift the protection (OSL)"),
            REGISTERED_STATES,
            CASE_OFFICER,
            True,
            when=_protected,
        ),
        Step(
            "reader_added",
            _("Add a named reader"),
            REGISTERED_STATES,
            CASE_OFFICER,
            True,
            when=_protected,
        ),
        Step(
            "reader_removed",
            _("Remove a named reader"),
            REGISTERED_STATES,
            CASE_OFFICER,
            True,
            when=_has_readers,
        ),
        Step(
            "document_decision",
            _("Write the internal decision"),
            AFTER_IMY_DECISION,
            CASE_OFFICER | DECIDERS,
            True,
            when=_decided_on_imy,
        ),
    ]
}


def rule_for(action: str, state: State) -> tuple[State, Rule]:
    """The edge named `action` out of `state`, as (target, rule); KeyError if there is none."""
    target = _ACTIONS[(action, state)]
    return target, TRANSITIONS[(state, target)]


def may(rule: Rule | Step, *, roles: set[Role], is_assignee: bool) -> bool:
    """Whether a person with `roles` over the case (and assignee or not) may take `rule`."""
    return bool(rule.roles & roles) or (rule.assignee_may and is_assignee)
