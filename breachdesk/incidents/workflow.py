"""The incident's states and the one table of transitions between them.

`incident_transition()` in services.py is the only code that changes an incident's state, and
it does so only along an edge of TRANSITIONS, by the roles the edge names. Later issues add the
edges from `acknowledged` onwards; the states are all here already (DESIGN.md).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.orgs.models import Role


class State(models.TextChoices):
    REPORTED = "reported", _("reported")
    REGISTERED = "registered", _("registered")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSESSED = "assessed", _("assessed")
    NOTIFIED = "notified", _("notified to IMY")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")


# While IMY has not been notified and no decision not to notify is taken, the 72 hours run.
CLOCK_RUNNING_STATES: frozenset[State] = frozenset(
    {State.REPORTED, State.REGISTERED, State.ACKNOWLEDGED}
)


@dataclass(frozen=True)
class Rule:
    """Who may move a case along one edge, and what must be true after the move."""

    action: str
    label: Promise
    roles: frozenset[Role] = frozenset()
    assignee_may: bool = False
    requires: tuple[str, ...] = ()
    note_required: bool = False


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
}

ACTIONS: dict[str, tuple[State, State]] = {rule.action: edge for edge, rule in TRANSITIONS.items()}


def rule_for(action: str) -> tuple[State, State, Rule]:
    source, target = ACTIONS[action]
    return source, target, TRANSITIONS[(source, target)]


def may(rule: Rule, *, roles: set[Role], is_assignee: bool) -> bool:
    """Whether a person with `roles` over the case (and assignee or not) may take `rule`."""
    return bool(rule.roles & roles) or (rule.assignee_may and is_assignee)
