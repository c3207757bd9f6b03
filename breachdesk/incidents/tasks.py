"""The case as a task list: every step of a case in its order (task_steps.TASK_STEPS), its
status, and the one next step for the person reading it.

`case_tasks()` derives the list from the case's facts and from what the person may do now
(access.actions_for()). A step that is done offers none of its own actions again; a step that
cannot start yet offers nothing but its `early` actions, and says which step it waits for. The
next step is the first open step in which the person may take one of its own actions that is
not a document: a document is prepared for a step, it does not take it. A step that waits for
someone outside (IMY's answer) is never the next step.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from breachdesk.incidents.task_steps import STEPS_BY_KEY, TASK_STEPS, Facts, TaskStep
from breachdesk.incidents.workflow import ACTIONS, Action, Shown, may
from breachdesk.orgs.models import Role
from breachdesk.orgs.scoping import roles_at

if TYPE_CHECKING:
    from breachdesk.accounts.models import User
    from breachdesk.incidents.models import Incident
    from breachdesk.incidents.selectors import CaseFile

__all__ = ["TASK_STEPS", "CaseTask", "Facts", "Offer", "Status", "TaskList", "case_tasks"]


class Status(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    CANNOT_START = "cannot_start"
    NOT_NEEDED = "not_needed"


STATUS_LABELS: dict[Status, Promise] = {
    Status.DONE: pgettext_lazy("task status", "done"),
    Status.IN_PROGRESS: pgettext_lazy("task status", "in progress"),
    Status.NOT_STARTED: pgettext_lazy("task status", "not started"),
    Status.CANNOT_START: pgettext_lazy("task status", "cannot start yet"),
    Status.NOT_NEEDED: pgettext_lazy("task status", "not needed"),
}

# GOV.UK Frontend's tag colours, by status: the words differ too.
STATUS_COLOURS: dict[Status, str] = {
    Status.DONE: "green",
    Status.IN_PROGRESS: "light-blue",
    Status.NOT_STARTED: "blue",
    Status.CANNOT_START: "grey",
    Status.NOT_NEEDED: "grey",
}


@dataclass(frozen=True)
class Offer:
    """An action the person may take now, in its step."""

    action: Action
    label: str
    url: str
    shown: Shown
    primary: bool = False

    @property
    def is_button(self) -> bool:
        return self.shown == Shown.BUTTON

    @property
    def is_document(self) -> bool:
        return self.shown == Shown.DOCUMENT


@dataclass(frozen=True)
class CaseTask:
    step: TaskStep
    status: Status
    offers: list[Offer]
    # What it waits for (it cannot start yet, or began early), or why it is not needed.
    reason: Promise | str | None = None
    mine: bool = False  # the person may take the step's own actions (by their roles)
    done_at: datetime | date | None = None
    done_by: Any = None

    @property
    def key(self) -> str:
        return self.step.key

    @property
    def label(self) -> Promise:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def link(self) -> Offer | None:
        """The page of the step itself, when the person may open it now (its documents and
        the buttons of the case page are offered beside it)."""
        return next(
            (
                offer
                for offer in self.offers
                if offer.action in self.step.does and offer.shown == Shown.LINK
            ),
            None,
        )

    @property
    def more(self) -> list[Offer]:
        """The step's other offers, beside its own link."""
        link = self.link
        return [offer for offer in self.offers if offer is not link]


@dataclass(frozen=True)
class TaskList:
    tasks: list[CaseTask]
    next: Offer | None  # the one next step for the person
    next_task: CaseTask | None  # the step `next` belongs to, or the one waited for
    finished: bool  # the case is closed

    @property
    def waiting(self) -> bool:
        """The case waits for someone else (or for IMY), not for the person."""
        return self.next is None and self.next_task is not None


def _status(step: TaskStep, facts: Facts, settled: dict[str, Status]) -> tuple[Status, Any]:
    if step.needed is not None and not step.needed(facts) and not step.done(facts):
        return Status.NOT_NEEDED, step.unneeded(facts) if step.unneeded else None
    if step.done(facts):
        return Status.DONE, None
    waits_for = next(
        (key for key in step.after if settled[key] not in (Status.DONE, Status.NOT_NEEDED)), None
    )
    reason = STEPS_BY_KEY[waits_for].first if waits_for else None
    # A step begun early (recorded as still under investigation) is in progress, and still
    # says what it waits for.
    if step.started is not None and step.started(facts):
        return Status.IN_PROGRESS, reason
    if waits_for:
        return Status.CANNOT_START, reason
    return Status.NOT_STARTED, None


def _offers(
    step: TaskStep, status: Status, waiting: bool, open_now: Collection[Action], code: Any
) -> list[Offer]:
    if status == Status.NOT_NEEDED:
        return []
    if waiting:
        wanted = [a for a in step.actions if a in step.early]
    elif status == Status.DONE:
        wanted = list(step.also)
    else:
        wanted = list(step.actions)
    offers: list[Offer] = []
    seen: set[str] = set()
    for action in wanted:
        if action not in open_now:
            continue
        entry = ACTIONS[action]
        url = reverse(entry.page.name, kwargs={"code": code})
        if url in seen:  # two actions of one page (the decision on IMY, or pending)
            continue
        seen.add(url)
        offers.append(Offer(action=action, label=str(entry.label), url=url, shown=entry.page.shown))
    return offers


def _mine(step: TaskStep, roles: Collection[Role], is_assignee: bool) -> bool:
    return any(
        may(ACTIONS[action], roles=set(roles), is_assignee=is_assignee)
        for action in step.does
        if ACTIONS[action].page.shown != Shown.DOCUMENT
    )


def case_tasks(
    facts: Facts,
    *,
    open_now: Collection[Action],
    roles: Collection[Role],
    is_assignee: bool,
) -> TaskList:
    """The steps of the case of `facts` for a person who may take `open_now` now (and holds
    `roles` over its unit): each with its status and what the person may do in it."""
    settled: dict[str, Status] = {}
    tasks: list[CaseTask] = []
    for step in TASK_STEPS:
        status, reason = _status(step, facts, settled)
        settled[step.key] = status
        when, who = step.record(facts) if step.record and status == Status.DONE else (None, None)
        tasks.append(
            CaseTask(
                step=step,
                status=status,
                offers=_offers(
                    step,
                    status,
                    status != Status.DONE and reason is not None,
                    open_now,
                    facts.incident.code,
                ),
                reason=reason,
                mine=_mine(step, roles, is_assignee),
                done_at=when,
                done_by=who,
            )
        )
    open_steps = [
        task
        for task in tasks
        if task.status in (Status.NOT_STARTED, Status.IN_PROGRESS) and not task.step.awaited
    ]
    chosen: Offer | None = None
    chosen_task: CaseTask | None = None
    for task in open_steps:
        own = [o for o in task.offers if o.action in task.step.does and not o.is_document]
        if own:
            chosen, chosen_task = own[0], task
            break
    if chosen is not None and chosen_task is not None:
        marked = replace(chosen, primary=True)
        offers = [marked if offer is chosen else offer for offer in chosen_task.offers]
        index = tasks.index(chosen_task)
        tasks[index] = chosen_task = replace(chosen_task, offers=offers)
        chosen = marked
    elif open_steps:
        chosen_task = open_steps[0]
    finished = facts.incident.closed_at is not None
    return TaskList(tasks=tasks, next=chosen, next_task=chosen_task, finished=finished)


def case_tasks_for(
    user: "User", incident: "Incident", file: "CaseFile", open_now: Collection[Action]
) -> TaskList:
    """The task list of `incident` for `user`, who may take `open_now` (access.actions_for())
    now; their roles are read from the memberships that read, with no query of its own."""
    return case_tasks(
        Facts.of(incident, file),
        open_now=open_now,
        roles=roles_at(user=user, unit=incident.unit),
        is_assignee=incident.assignee_id is not None and incident.assignee_id == user.pk,
    )
