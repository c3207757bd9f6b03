"""The incident's states, and the registry of every action taken on a case.

An action (`Action`) is either a move along an edge of TRANSITIONS (a `Rule`) or a step that
records facts without moving the case (a `Step`, in STEPS). Each declares its roles, the states
it is taken in, its page (URL name, and a path segment when it is a plain step page), its label
on the page and in the timeline, and, for a simple move, what the move itself sets. ACTIONS
holds them all, in the order of Action. The case page's task list (incidents.tasks, which
orders the actions into the steps of a case), the step pages' URLs and forms, the timeline's
labels and what waits for whom in *Mina uppgifter* are read from it.

`incident_transition()` in services is the only code that changes an incident's state, and it
does so only along an edge of TRANSITIONS, by the roles the edge names, when the edge's
condition holds. `incident_step()` is the only code that records facts on a case without moving
it: STEPS says in which states and by whom. `access.actions_for()` reads both tables to show
what a person can do now.

A new step is one entry here, its service (which passes `action=Action.X`), and its test.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.orgs.models import Role

if TYPE_CHECKING:
    from breachdesk.accounts.models import User
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
    """Whether to notify IMY (GDPR art. 33; the register's column: Ja / Nej / Utredning pågår)."""

    NOTIFY = "notify", _("notify IMY")
    NOT_NOTIFY = "not_notify", _("do not notify IMY")
    INVESTIGATING = "investigating", _("still under investigation")


class SubjectsDecision(models.TextChoices):
    """Whether the people affected must be told (art. 34)."""

    INFORM = "inform", _("inform the people affected")
    NOT_REQUIRED = "not_required", _("not required: the risk is not high")
    EXCEPTION = "exception", _("not required: an exception of art. 34(3) applies")


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


class Action(StrEnum):
    """Every move and step of a case, by the name its audit event carries ("incident.<action>").

    The order is the timeline's and the audit filter's: as a case goes.
    """

    REGISTER = "register"
    ACKNOWLEDGE = "acknowledge"
    INVESTIGATE = "investigate"
    CONTACT = "contact"
    MEASURE = "measure"
    ASSESS_RISK = "assess_risk"
    IMY_PENDING = "imy_pending"
    ASSESS = "assess"
    NOTIFY = "notify"
    SUPPLEMENT = "supplement"
    INFORM = "inform"
    DECIDE = "decide"
    SEND_TO_DPO = "send_to_dpo"
    IMY_ANSWER = "imy_answer"
    CLOSE = "close"
    CLOSE_NOT_INCIDENT = "close_not_incident"
    DOCUMENT_IMY_NOTIFICATION = "document_imy_notification"
    DOCUMENT_IMY_SUPPLEMENT = "document_imy_supplement"
    DOCUMENT_SUBJECTS_LETTER = "document_subjects_letter"
    DOCUMENT_DECISION = "document_decision"
    # Protected identity or secret information (OSL).
    PROTECTED = "protected"
    UNPROTECTED = "unprotected"
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"


class Shown(StrEnum):
    """Where the case page offers an action that is open now."""

    LINK = "link"  # a link to its page, in its step of the task list (incidents.tasks)
    DOCUMENT = "document"  # a link to the page producing it, in the step it serves
    BUTTON = "button"  # a form of its own on the case page ("Confirm receipt")
    PANEL = "panel"  # in the protection panel


@dataclass(frozen=True, kw_only=True)
class Page:
    """The page where a person takes an action.

    `name` is its URL name. A page with a `segment` is one of the plain step pages: its path
    is "<code>/<segment>/" and it is served by `incidents.views.steps.step` with the form of
    `STEP_PAGES[action]`; the others have a view of their own (in incidents or documents).
    """

    name: str
    segment: str = ""
    shown: Shown = Shown.LINK


# A check run before a move, on the case with the move's changes applied: it returns the
# message for the user when the move must not happen, else None.
Check = Callable[["Incident"], Promise | str | None]
# What a simple move sets by itself, given who takes it and when: it comes before the changes
# the service passes, in the audit event too.
Change = Callable[["User", datetime], dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Who may move a case along one edge, and what must be true after the move.

    `when` decides whether the edge exists for this case at all (two edges can leave one
    state, chosen by the case's facts); `check` refuses a move with a message for the user.
    `label` names the action on the page; `event` names it in the timeline.
    """

    action: Action
    label: Promise
    event: Promise
    page: Page
    roles: frozenset[Role] = frozenset()
    assignee_may: bool = False
    requires: tuple[str, ...] = ()
    note_required: bool = False
    change: Change | None = None
    when: Callable[["Incident"], bool] | None = None
    check: Check | None = None

    def applies(self, incident: "Incident") -> bool:
        return self.when is None or self.when(incident)


@dataclass(frozen=True, kw_only=True)
class Step:
    """A step that records facts on a case without moving it: in which states, by whom."""

    action: Action
    label: Promise
    event: Promise
    page: Page
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


def _not_sent_to_dpo(incident: "Incident") -> bool:
    return incident.sent_to_dpo_at is None


def _decided_to_inform(incident: "Incident") -> bool:
    return incident.subjects_decision == SubjectsDecision.INFORM


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
    if (
        incident.subjects_decision == SubjectsDecision.INFORM
        and incident.subjects_informed_at is None
    ):
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


class _Who(TypedDict):
    roles: frozenset[Role]
    assignee_may: bool


# Most actions are the case officer's: the coordinators of the unit, or the assignee.
_BY_CASE_OFFICER: _Who = {"roles": CASE_OFFICER, "assignee_may": True}


_decide = Rule(
    action=Action.DECIDE,
    label=_("Take the internal decision"),
    event=_("Internal decision taken"),
    page=Page(name="incidents:decide", segment="decide"),
    roles=DECIDERS,
    requires=("decision_maker", "decided_on"),
)

TRANSITIONS: dict[tuple[State, State], Rule] = {
    (State.REPORTED, State.REGISTERED): Rule(
        action=Action.REGISTER,
        label=_("Register"),
        event=_("Registered in the diary"),
        page=Page(name="incidents:case_register"),
        roles=frozenset({Role.REGISTRAR}),
        requires=("diary_series", "diary_number", "assignee", "registered_at"),
    ),
    (State.REGISTERED, State.ACKNOWLEDGED): Rule(
        action=Action.ACKNOWLEDGE,
        label=_("Confirm receipt"),
        event=_("Receipt confirmed"),
        page=Page(name="incidents:case_acknowledge", shown=Shown.BUTTON),
        assignee_may=True,
        requires=("acknowledged_at",),
        change=lambda actor, now: {"acknowledged_at": now, "acknowledged_by": actor},
    ),
    (State.ACKNOWLEDGED, State.ASSESSED): Rule(
        action=Action.ASSESS,
        label=_("Decide on IMY and the people affected"),
        event=_("Decided on IMY and the people affected"),
        page=Page(name="incidents:imy_decision"),
        **_BY_CASE_OFFICER,
        requires=("risk_level", "imy_decision", "imy_decided_at", "subjects_decision"),
        check=_imy_decision_taken,
    ),
    (State.ASSESSED, State.NOTIFIED): Rule(
        action=Action.NOTIFY,
        label=_("Record the notification to IMY"),
        event=_("Notified to IMY"),
        page=Page(name="incidents:notify", segment="notify"),
        **_BY_CASE_OFFICER,
        requires=("imy_notified_at",),
        when=_decided_to_notify,
    ),
    (State.ASSESSED, State.DECIDED): replace(_decide, when=_decided_not_to_notify),
    (State.NOTIFIED, State.DECIDED): _decide,
    (State.DECIDED, State.CLOSED): Rule(
        action=Action.CLOSE,
        label=_("Close the case"),
        event=_("Closed"),
        page=Page(name="incidents:close", segment="close"),
        **_BY_CASE_OFFICER,
        requires=("sent_to_dpo_at", "closed_at"),
        change=lambda actor, now: {"closed_at": now},
        check=_followed_up,
    ),
    (State.ACKNOWLEDGED, State.CLOSED): Rule(
        action=Action.CLOSE_NOT_INCIDENT,
        label=_("Close as not a personal data incident"),
        event=_("Closed as not a personal data incident"),
        page=Page(name="incidents:close_not_incident", segment="not-an-incident"),
        **_BY_CASE_OFFICER,
        requires=("closed_at", "closing_note"),
        change=lambda actor, now: {"closed_at": now},
        when=_not_notifying,
    ),
}
# One action may leave several states ("decide" after notifying, or after deciding not to);
# it never leads two ways from one state.
_ACTIONS: dict[tuple[Action, State], State] = {
    (rule.action, source): target for (source, target), rule in TRANSITIONS.items()
}
if len(_ACTIONS) != len(TRANSITIONS):
    raise ImproperlyConfigured("an action leaves one state by two edges")

_PRODUCED = _("Document produced")

STEPS: dict[Action, Step] = {
    step.action: step
    for step in [
        Step(
            action=Action.INVESTIGATE,
            label=_("Record the investigation"),
            event=_("Investigation recorded"),
            page=Page(name="incidents:investigation"),
            states=INVESTIGATING_STATES,
            **_BY_CASE_OFFICER,
        ),
        Step(
            action=Action.CONTACT,
            label=_("Record a contact"),
            event=_("Contact recorded"),
            page=Page(name="incidents:contact_new"),
            states=INVESTIGATING_STATES,
            **_BY_CASE_OFFICER,
        ),
        Step(
            action=Action.MEASURE,
            label=_("Record a measure"),
            event=_("Measure recorded"),
            page=Page(name="incidents:measure_new"),
            states=INVESTIGATING_STATES | {State.DECIDED},
            **_BY_CASE_OFFICER,
        ),
        Step(
            action=Action.ASSESS_RISK,
            label=_("Assess the risk"),
            event=_("Risk assessed"),
            page=Page(name="incidents:assessment"),
            states=INVESTIGATING_STATES,
            **_BY_CASE_OFFICER,
        ),
        Step(
            action=Action.IMY_PENDING,
            label=_("Record as still under investigation"),
            event=_("IMY decision: still under investigation"),
            page=Page(name="incidents:imy_decision"),
            states=frozenset({State.ACKNOWLEDGED}),
            **_BY_CASE_OFFICER,
        ),
        Step(
            action=Action.SUPPLEMENT,
            label=_("Record a supplement to IMY"),
            event=_("Supplement sent to IMY"),
            page=Page(name="incidents:supplement", segment="supplement"),
            states=AFTER_NOTIFICATION,
            **_BY_CASE_OFFICER,
            when=_notified,
        ),
        Step(
            action=Action.INFORM,
            label=_("Record informing the people affected"),
            event=_("The people affected informed"),
            page=Page(name="incidents:inform", segment="inform"),
            states=frozenset({State.ASSESSED, State.NOTIFIED, State.DECIDED}),
            **_BY_CASE_OFFICER,
            when=_decided_to_inform,
        ),
        Step(
            action=Action.SEND_TO_DPO,
            label=_("Record the decision as sent to the DPO"),
            event=_("Decision sent to the DPO"),
            page=Page(name="incidents:send_to_dpo", segment="send-to-dpo"),
            states=frozenset({State.DECIDED}),
            **_BY_CASE_OFFICER,
            when=_not_sent_to_dpo,
        ),
        Step(
            action=Action.IMY_ANSWER,
            label=_("Record IMY's answer"),
            event=_("IMY's answer recorded"),
            page=Page(name="incidents:imy_answer", segment="imy-answer"),
            states=AFTER_NOTIFICATION,
            **_BY_CASE_OFFICER,
            when=_notified,
        ),
        # Documents of the case (documents app): producing one records it in the timeline.
        Step(
            action=Action.DOCUMENT_IMY_NOTIFICATION,
            label=_("Draft the notification to IMY"),
            event=_PRODUCED,
            page=Page(name="documents:imy_notification", shown=Shown.DOCUMENT),
            states=frozenset({State.ACKNOWLEDGED}) | AFTER_IMY_DECISION,
            **_BY_CASE_OFFICER,
            when=_may_draft_notification,
        ),
        Step(
            action=Action.DOCUMENT_IMY_SUPPLEMENT,
            label=_("Draft a supplement to IMY"),
            event=_PRODUCED,
            page=Page(name="documents:imy_supplement", shown=Shown.DOCUMENT),
            states=AFTER_NOTIFICATION,
            **_BY_CASE_OFFICER,
            when=_notified,
        ),
        Step(
            action=Action.DOCUMENT_SUBJECTS_LETTER,
            label=_("Write the letter to the people affected"),
            event=_PRODUCED,
            page=Page(name="documents:subjects_letter", shown=Shown.DOCUMENT),
            states=AFTER_IMY_DECISION,
            **_BY_CASE_OFFICER,
            when=_decided_to_inform,
        ),
        # Protected identity or secret information (OSL). The actions are named as their
        # audit events ("incident.protected" …), since incident_step() audits by action.
        Step(
            action=Action.PROTECTED,
            label=_("Mark as protected (OSL)"),
            event=_("Marked as protected (OSL)"),
            page=Page(name="incidents:protection", shown=Shown.PANEL),
            states=REGISTERED_STATES,
            **_BY_CASE_OFFICER,
            when=_not_protected,
        ),
        Step(
            action=Action.UNPROTECTED,
            label=_("Lift the protection (OSL)"),
            event=_("Protection (OSL) lifted"),
            page=Page(name="incidents:protection", shown=Shown.PANEL),
            states=REGISTERED_STATES,
            **_BY_CASE_OFFICER,
            when=_protected,
        ),
        Step(
            action=Action.READER_ADDED,
            label=_("Add a named reader"),
            event=_("Named reader added"),
            page=Page(name="incidents:reader_add", shown=Shown.PANEL),
            states=REGISTERED_STATES,
            **_BY_CASE_OFFICER,
            when=_protected,
        ),
        Step(
            action=Action.READER_REMOVED,
            label=_("Remove a named reader"),
            event=_("Named reader removed"),
            page=Page(name="incidents:reader_remove", shown=Shown.PANEL),
            states=REGISTERED_STATES,
            **_BY_CASE_OFFICER,
            when=_has_readers,
        ),
        Step(
            action=Action.DOCUMENT_DECISION,
            label=_("Write the internal decision"),
            event=_PRODUCED,
            page=Page(name="documents:decision", shown=Shown.DOCUMENT),
            states=AFTER_IMY_DECISION,
            roles=CASE_OFFICER | DECIDERS,
            assignee_may=True,
            when=_decided_on_imy,
        ),
    ]
}

# The registry: every action, the move or step that defines it, in the order of Action.
_DEFINED: dict[Action, Rule | Step] = {rule.action: rule for rule in TRANSITIONS.values()}
if set(_DEFINED) & set(STEPS):
    raise ImproperlyConfigured("an action is both a move and a step")
_DEFINED.update(STEPS)
if set(_DEFINED) != set(Action):
    raise ImproperlyConfigured("an action is neither a move nor a step")
ACTIONS: dict[Action, Rule | Step] = {action: _DEFINED[action] for action in Action}


def pages(*shown: Shown) -> dict[Action, Page]:
    """The page of every action, or of those shown in one of the places `shown`."""
    return {
        action: entry.page
        for action, entry in ACTIONS.items()
        if not shown or entry.page.shown in shown
    }


def sources_of(action: Action) -> frozenset[State]:
    """The states a move leaves, or the states a step is taken in."""
    entry = ACTIONS[action]
    if isinstance(entry, Step):
        return entry.states
    return frozenset(source for (known, source) in _ACTIONS if known == action)


def rule_for(action: Action, state: State) -> tuple[State, Rule]:
    """The edge named `action` out of `state`, as (target, rule); KeyError if there is none."""
    target = _ACTIONS[(action, state)]
    return target, TRANSITIONS[(state, target)]


def may(rule: Rule | Step, *, roles: set[Role], is_assignee: bool) -> bool:
    """Whether a person with `roles` over the case (and assignee or not) may take `rule`."""
    return bool(rule.roles & roles) or (rule.assignee_may and is_assignee)
