"""The registry of actions (incidents.workflow.ACTIONS): every action has a page, a service, a
label and a URL-matrix entry, and the tables derived from it say what they said before.

Adding a step is one entry in the registry, its service and its test: these tests fail until
the new action has all four.
"""

import ast
import uuid
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from breachdesk.incidents.selectors import EVENT_LABELS
from breachdesk.incidents.task_steps import TASK_STEPS
from breachdesk.incidents.views import steps
from breachdesk.incidents.views.case import ACTION_PAGES
from breachdesk.incidents.workflow import (
    ACTIONS,
    STEPS,
    TRANSITIONS,
    Action,
    Rule,
    Shown,
    Step,
    pages,
    sources_of,
)
from tests.test_url_matrix import SPECS

ROOT = Path(__file__).resolve().parent.parent / "breachdesk"
CODE = uuid.UUID(int=1)
# The services that record a move or a step, and so name the action they take.
RECORDERS = {"incident_transition", "incident_step", "incident_step_row", "step_check"}


def _url(name: str) -> str:
    try:
        return reverse(name, kwargs={"code": CODE})
    except NoReverseMatch:
        return reverse(name, kwargs={"code": CODE, "pk": 1})  # a row of the case (a reader)


def _action_name(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Action"
    ):
        return node.attr
    return None


def _recorded_actions() -> tuple[set[str], set[str]]:
    """What the code of breachdesk records, read from its source.

    First the `Action.X` passed straight as `action=` to a recording service; then every
    `Action.X` named in a module that passes a recording service an action it looked up (the
    documents map each kind of case document to its step).
    """
    direct: set[str] = set()
    looked_up: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named: set[str] = set()
        looks_up = False
        for node in ast.walk(tree):
            name = _action_name(node)
            if name is not None:
                named.add(name)
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in RECORDERS:
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                name = _action_name(keyword.value)
                if name is not None:
                    direct.add(name)
                else:
                    looks_up = True
        if looks_up:
            looked_up |= named
    return direct, looked_up


def test_every_action_is_a_move_or_a_step_of_the_registry() -> None:
    assert list(ACTIONS) == list(Action)
    moves = {rule.action for rule in TRANSITIONS.values()}
    assert moves.isdisjoint(STEPS)
    assert moves | set(STEPS) == set(Action)
    for action, entry in ACTIONS.items():
        assert entry.action is action
        assert sources_of(action), action


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_page_that_reverses(action: Action) -> None:
    page = ACTIONS[action].page
    url = _url(page.name)
    assert str(CODE) in url
    if page.segment:
        assert url == f"/incidents/{CODE}/{page.segment}/"
        match = resolve(url)
        assert match.func is steps.step
        assert match.kwargs["action"] == action


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_url_matrix_entry(action: Action) -> None:
    assert ACTIONS[action].page.name in SPECS


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_label_and_a_timeline_label(action: Action) -> None:
    entry = ACTIONS[action]
    assert str(entry.label).strip()
    assert str(entry.event).strip()
    assert EVENT_LABELS[f"incident.{action}"] is entry.event


def test_every_action_is_taken_by_a_service() -> None:
    direct, looked_up = _recorded_actions()
    assert direct | looked_up <= {action.name for action in Action}
    documents = {action for action, page in pages(Shown.DOCUMENT).items()}
    missing = {action.name for action in Action if action not in documents} - direct
    assert not missing, f"no service records {sorted(missing)}"
    # A case document's step is looked up by the kind of document, in the module producing it.
    missing = {action.name for action in documents} - looked_up
    assert not missing, f"no service records {sorted(missing)}"


def test_every_plain_step_page_has_its_form_and_service() -> None:
    plain = {action for action, page in pages().items() if page.segment}
    assert set(steps.STEP_PAGES) == plain
    for action in plain:
        assert isinstance(ACTIONS[action], Rule | Step)


def test_the_case_page_links_the_pages_it_linked_before() -> None:
    # The case page's links, by action, as they were when the table was written by hand.
    assert {action: page.name for action, page in ACTION_PAGES.items()} == {
        "register": "incidents:case_register",
        "investigate": "incidents:investigation",
        "contact": "incidents:contact_new",
        "measure": "incidents:measure_new",
        "assess_risk": "incidents:assessment",
        "assess": "incidents:imy_decision",
        "imy_pending": "incidents:imy_decision",
        "notify": "incidents:notify",
        "supplement": "incidents:supplement",
        "inform": "incidents:inform",
        "decide": "incidents:decide",
        "send_to_dpo": "incidents:send_to_dpo",
        "imy_answer": "incidents:imy_answer",
        "close": "incidents:close",
        "close_not_incident": "incidents:close_not_incident",
        "document_imy_notification": "documents:imy_notification",
        "document_imy_supplement": "documents:imy_supplement",
        "document_subjects_letter": "documents:subjects_letter",
        "document_decision": "documents:decision",
    }
    documents = {action for action, page in ACTION_PAGES.items() if page.shown == Shown.DOCUMENT}
    assert documents == {action for action in Action if action.startswith("document_")}


def test_the_step_pages_keep_their_paths() -> None:
    assert {page.name: page.segment for page in pages().values() if page.segment} == {
        "incidents:notify": "notify",
        "incidents:supplement": "supplement",
        "incidents:inform": "inform",
        "incidents:decide": "decide",
        "incidents:send_to_dpo": "send-to-dpo",
        "incidents:imy_answer": "imy-answer",
        "incidents:close": "close",
        "incidents:close_not_incident": "not-an-incident",
    }


@pytest.mark.parametrize(
    "action",
    [a for a in Action if ACTIONS[a].page.shown in (Shown.LINK, Shown.DOCUMENT, Shown.BUTTON)],
)
def test_every_action_the_case_page_offers_is_in_exactly_one_task_step(action: Action) -> None:
    holders = [step.key for step in TASK_STEPS if action in step.actions]
    assert len(holders) == 1, f"{action} is in the task steps {holders}"


def test_the_task_steps_hold_no_action_of_the_protection_panel() -> None:
    panel = set(pages(Shown.PANEL))
    assert panel
    assert not panel & {action for step in TASK_STEPS for action in step.actions}
