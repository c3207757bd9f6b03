"""The case page as a task list (incidents.tasks): every step in its order, with its status,
the one next step for each person, and nothing offered again once it is done."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.documents.case_services import case_document_produce
from breachdesk.incidents import services
from breachdesk.incidents.access import CASE_RELATED, actions_for
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import case_file
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.task_steps import STEPS_BY_KEY, TASK_STEPS
from breachdesk.incidents.tasks import CaseTask, Status, TaskList, case_tasks_for
from breachdesk.incidents.workflow import ACTIONS, Action, ImyDecision, Shown, SubjectsDecision
from tests import flow
from tests.conftest import World, login

ORDER = [
    "report",
    "register",
    "acknowledge",
    "investigate",
    "assess_risk",
    "decide_imy",
    "notify",
    "inform",
    "decide",
    "send_to_dpo",
    "imy_answer",
    "close",
]


def _tasks(incident: Incident, user: User) -> TaskList:
    """The task list `user` sees on the case page, read as the page reads it."""
    incident = Incident.objects.select_related(*CASE_RELATED).get(pk=incident.pk)
    actions = dict(actions_for(user, incident))
    return case_tasks_for(user, incident, case_file(incident=incident), actions)


def _by_key(tasks: TaskList) -> dict[str, CaseTask]:
    return {task.key: task for task in tasks.tasks}


def _statuses(tasks: TaskList) -> dict[str, Status]:
    return {task.key: task.status for task in tasks.tasks}


def _investigated_only(world: World) -> Incident:
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    return incident


def _pending(world: World) -> Incident:
    incident = flow.acknowledged(world)
    facts = ImyDecisionFacts(
        imy_decision=ImyDecision.INVESTIGATING,
        imy_decision_reason="",
        subjects_decision="",
        subjects_reason="",
    )
    return services.imy_decide(incident=incident, actor=world.coordinator, facts=facts)


def _informing(world: World) -> Incident:
    incident = flow.investigated(world)
    facts = ImyDecisionFacts(
        imy_decision=ImyDecision.NOTIFY,
        imy_decision_reason="",
        subjects_decision=SubjectsDecision.INFORM,
        subjects_reason="",
        deviation_reason="Eleven kan behöva skydda sig själv mot fler utskick.",
    )
    return services.imy_decide(incident=incident, actor=world.coordinator, facts=facts)


def _sent(world: World) -> Incident:
    incident = flow.decided(world)
    return services.decision_send_to_dpo(incident=incident, actor=world.coordinator)


def _closed(world: World) -> Incident:
    return services.incident_close(incident=_sent(world), actor=world.coordinator, note="")


def _not_an_incident(world: World) -> Incident:
    return services.incident_close_not_incident(
        incident=flow.acknowledged(world),
        actor=world.coordinator,
        reason="Uppgifterna var redan offentliga.",
    )


# Every stage a case passes, by name.
STAGES: dict[str, Callable[[World], Incident]] = {
    "reported": flow.reported,
    "registered": flow.registered,
    "acknowledged": flow.acknowledged,
    "investigated only": _investigated_only,
    "risk assessed": flow.investigated,
    "still under investigation": _pending,
    "decided to notify": flow.assessed,
    "decided not to notify": lambda world: flow.assessed(world, notify=False),
    "decided to inform": _informing,
    "notified": flow.notified,
    "decided": flow.decided,
    "decided without notifying": lambda world: flow.decided(world, notify=False),
    "sent to the DPO": _sent,
    "closed": _closed,
    "closed as not an incident": _not_an_incident,
}

# The one next step of each person at each stage (None: nothing for them to do now). The
# coordinator is the case officer (registration assigns the case to them).
NEXT: dict[str, dict[str, Action | None]] = {
    "reported": {"registrar": Action.REGISTER, "coordinator": None, "dpo": None},
    "registered": {"coordinator": Action.ACKNOWLEDGE, "decision_maker": None},
    "acknowledged": {"coordinator": Action.INVESTIGATE, "decision_maker": None},
    "investigated only": {"coordinator": Action.ASSESS_RISK},
    "risk assessed": {"coordinator": Action.ASSESS, "dpo": None},
    # Recorded as still under investigation before anything was investigated.
    "still under investigation": {"coordinator": Action.INVESTIGATE},
    "decided to notify": {"coordinator": Action.NOTIFY, "decision_maker": None},
    "decided not to notify": {"coordinator": None, "decision_maker": Action.DECIDE},
    "decided to inform": {"coordinator": Action.NOTIFY},
    "notified": {"coordinator": None, "decision_maker": Action.DECIDE},
    "decided": {"coordinator": Action.SEND_TO_DPO, "decision_maker": None},
    "decided without notifying": {"coordinator": Action.SEND_TO_DPO},
    "sent to the DPO": {"coordinator": Action.CLOSE},
    "closed": {"coordinator": None},
    "closed as not an incident": {"coordinator": None},
}

# For a person with nothing to do: the step the case waits for.
WAITING_FOR: dict[tuple[str, str], str] = {
    ("reported", "coordinator"): "register",
    ("reported", "dpo"): "register",
    ("registered", "decision_maker"): "acknowledge",
    ("acknowledged", "decision_maker"): "investigate",
    ("risk assessed", "dpo"): "decide_imy",
    ("decided to notify", "decision_maker"): "notify",
    ("decided not to notify", "coordinator"): "decide",
    ("notified", "coordinator"): "decide",
    ("decided", "decision_maker"): "send_to_dpo",
}

CASES = [(stage, person) for stage, people in NEXT.items() for person in people]


@pytest.mark.parametrize(("stage", "person"), CASES)
def test_the_next_step_of_each_person_at_each_stage(world: World, stage: str, person: str) -> None:
    tasks = _tasks(STAGES[stage](world), world.person(person))
    expected = NEXT[stage][person]
    assert (tasks.next.action if tasks.next else None) == expected
    if expected is not None:
        assert tasks.next is not None and tasks.next.primary
        assert tasks.next_task is not None and expected in tasks.next_task.step.does
        # The one primary offer of the page.
        primaries = [o for task in tasks.tasks for o in task.offers if o.primary]
        assert primaries == [tasks.next]
    elif (stage, person) in WAITING_FOR:
        assert tasks.waiting
        assert tasks.next_task is not None
        assert tasks.next_task.key == WAITING_FOR[(stage, person)]
        assert not tasks.next_task.mine
    else:
        assert tasks.finished
        assert tasks.next_task is None


@pytest.mark.parametrize(("stage", "person"), CASES)
def test_the_steps_keep_their_order_and_nothing_done_is_offered_again(
    world: World, stage: str, person: str
) -> None:
    tasks = _tasks(STAGES[stage](world), world.person(person))
    assert [task.key for task in tasks.tasks] == ORDER
    for task in tasks.tasks:
        offered = {offer.action for offer in task.offers}
        assert offered <= set(task.step.actions), task.key
        if task.status == Status.DONE:
            assert not offered & set(task.step.does), f"{task.key} is done but offered"
        if task.status == Status.CANNOT_START:
            assert offered <= task.step.early, f"{task.key} cannot start but is offered"
            assert task.reason, f"{task.key} gives no reason"
        if task.status == Status.IN_PROGRESS and task.reason:  # begun early, still waiting
            assert offered <= task.step.early, f"{task.key} waits but is offered"
        if task.status == Status.NOT_NEEDED:
            assert not offered, task.key


def test_after_acknowledgement_the_investigation_comes_before_the_decision_on_imy(
    world: World,
) -> None:
    tasks = _tasks(flow.acknowledged(world), world.coordinator)
    steps = _by_key(tasks)
    assert tasks.next is not None and tasks.next.action == Action.INVESTIGATE
    assert steps["investigate"].status == Status.NOT_STARTED
    assert steps["assess_risk"].status == Status.CANNOT_START
    assert steps["assess_risk"].reason == STEPS_BY_KEY["investigate"].first
    assert steps["decide_imy"].status == Status.CANNOT_START
    assert steps["decide_imy"].reason == STEPS_BY_KEY["assess_risk"].first
    # Not offered before the risk is assessed: only "still under investigation" is.
    assert [o.action for o in steps["decide_imy"].offers] == [Action.IMY_PENDING]
    # The notification can be drafted early, beside its step.
    assert [o.action for o in steps["notify"].offers] == [Action.DOCUMENT_IMY_NOTIFICATION]
    assert steps["notify"].reason == STEPS_BY_KEY["decide_imy"].first


def test_a_contact_or_measure_puts_the_investigation_in_progress(world: World) -> None:
    incident = flow.acknowledged(world)
    flow.measure(world, incident)
    steps = _by_key(_tasks(incident, world.coordinator))
    assert steps["investigate"].status == Status.IN_PROGRESS
    assert {o.action for o in steps["investigate"].offers} >= {
        Action.INVESTIGATE,
        Action.MEASURE,
    }


def test_a_decision_on_imy_begun_early_is_in_progress_and_still_waits(world: World) -> None:
    incident = _investigated_only(world)
    facts = ImyDecisionFacts(imy_decision=ImyDecision.INVESTIGATING)
    services.imy_decide(incident=incident, actor=world.coordinator, facts=facts)
    tasks = _tasks(incident, world.coordinator)
    steps = _by_key(tasks)
    assert steps["decide_imy"].status == Status.IN_PROGRESS
    assert steps["decide_imy"].reason == STEPS_BY_KEY["assess_risk"].first
    assert Action.ASSESS not in {o.action for o in steps["decide_imy"].offers}
    assert tasks.next is not None and tasks.next.action == Action.ASSESS_RISK
    services.risk_assessment_record(incident=incident, actor=world.coordinator, inputs=flow.RISKY)
    tasks = _tasks(incident, world.coordinator)
    steps = _by_key(tasks)
    assert steps["decide_imy"].status == Status.IN_PROGRESS
    assert steps["decide_imy"].reason is None
    assert tasks.next is not None and tasks.next.action == Action.ASSESS


def test_after_the_decision_the_dpo_comes_before_closing_and_is_not_offered_twice(
    world: World,
) -> None:
    incident = flow.decided(world)
    steps = _by_key(_tasks(incident, world.coordinator))
    assert steps["send_to_dpo"].status == Status.NOT_STARTED
    assert steps["close"].status == Status.CANNOT_START
    assert steps["close"].reason == STEPS_BY_KEY["send_to_dpo"].first
    assert steps["close"].offers == []
    services.decision_send_to_dpo(incident=incident, actor=world.coordinator)
    tasks = _tasks(incident, world.coordinator)
    steps = _by_key(tasks)
    assert steps["send_to_dpo"].status == Status.DONE
    assert steps["send_to_dpo"].offers == []
    assert steps["send_to_dpo"].done_at is not None
    assert tasks.next is not None and tasks.next.action == Action.CLOSE
    # The registry no longer opens the step either: its page refuses it.
    assert Action.SEND_TO_DPO not in dict(actions_for(world.coordinator, incident))


def test_after_notifying_imy_the_case_officer_is_told_the_manager_decides(
    world: World,
) -> None:
    tasks = _tasks(flow.notified(world), world.coordinator)
    assert tasks.next is None
    assert tasks.next_task is not None and tasks.next_task.key == "decide"
    assert tasks.next_task.step.by == STEPS_BY_KEY["decide"].by
    steps = _by_key(tasks)
    assert steps["notify"].status == Status.DONE
    # The supplements follow the notification; the decision can be written for the manager.
    assert {o.action for o in steps["notify"].offers} == {
        Action.SUPPLEMENT,
        Action.DOCUMENT_IMY_SUPPLEMENT,
    }
    assert [o.action for o in steps["decide"].offers] == [Action.DOCUMENT_DECISION]
    assert steps["imy_answer"].status == Status.NOT_STARTED
    assert [o.action for o in steps["imy_answer"].offers] == [Action.IMY_ANSWER]


def test_steps_that_do_not_apply_are_shown_as_not_needed(world: World) -> None:
    statuses = _statuses(_tasks(flow.assessed(world, notify=False), world.coordinator))
    assert statuses["notify"] == Status.NOT_NEEDED
    assert statuses["imy_answer"] == Status.NOT_NEEDED
    assert statuses["inform"] == Status.NOT_NEEDED  # the risk is not high
    assert statuses["decide"] == Status.NOT_STARTED
    statuses = _statuses(_tasks(_not_an_incident(world), world.coordinator))
    assert statuses["investigate"] == Status.DONE
    assert statuses["close"] == Status.DONE
    for key in ORDER[4:-1]:
        assert statuses[key] == Status.NOT_NEEDED, key


def test_informing_the_people_is_a_step_with_its_letter(world: World) -> None:
    tasks = _tasks(_informing(world), world.coordinator)
    steps = _by_key(tasks)
    assert steps["inform"].status == Status.NOT_STARTED
    assert [o.action for o in steps["inform"].offers] == [
        Action.INFORM,
        Action.DOCUMENT_SUBJECTS_LETTER,
    ]
    assert steps["inform"].link is not None and steps["inform"].link.action == Action.INFORM


def test_steps_taken_by_another_role_say_so(world: World) -> None:
    steps = _by_key(_tasks(flow.registered(world), world.coordinator))
    assert not steps["register"].mine
    assert steps["register"].done_by == world.registrar
    assert steps["acknowledge"].mine
    assert not steps["decide"].mine
    steps = _by_key(_tasks(flow.notified(world), world.decision_maker))
    assert steps["decide"].mine
    assert not steps["notify"].mine


def test_the_reasons_and_labels_are_written_in_swedish_on_the_page(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world)
    html = login(client, world.coordinator).get(reverse("incidents:case", args=[incident.code]))
    text = html.content.decode()
    assert 'class="govuk-task-list"' in text
    assert "Dokumentera utredningen först." in text
    assert "kan inte påbörjas än" in text and "ej påbörjad" in text and "klar" in text
    # The primary button at the top is the investigation.
    investigation = reverse("incidents:investigation", args=[incident.code])
    assert f'draggable="false" href="{investigation}">' in text


def test_the_primary_button_confirms_receipt_with_a_form(client: Client, world: World) -> None:
    incident = flow.registered(world)
    response = login(client, world.coordinator).get(reverse("incidents:case", args=[incident.code]))
    text = response.content.decode()
    action = reverse("incidents:case_acknowledge", args=[incident.code])
    assert text.count(f'action="{action}"') == 1
    assert response.context["tasks"].next.is_button


def test_a_document_appears_in_the_step_that_produces_it(client: Client, world: World) -> None:
    incident = flow.notified(world)
    text = (
        login(client, world.coordinator)
        .get(reverse("incidents:case", args=[incident.code]))
        .content.decode()
    )
    notify = text.index('id="task-notify"')
    decide = text.index('id="task-decide"')
    supplement = reverse("documents:imy_supplement", args=[incident.code])
    decision = reverse("documents:decision", args=[incident.code])
    assert notify < text.index(supplement) < decide
    assert decide < text.index(decision) < text.index('id="task-send_to_dpo"')


def test_every_offered_action_is_in_exactly_one_step() -> None:
    offered = [a for a in Action if ACTIONS[a].page.shown != Shown.PANEL]
    in_steps = [action for step in TASK_STEPS for action in step.actions]
    assert sorted(in_steps) == sorted(offered)
    assert [step.key for step in TASK_STEPS] == ORDER


def test_a_step_done_late_shows_when(world: World) -> None:
    incident = flow.notified(world)
    steps = _by_key(_tasks(incident, world.coordinator))
    notified_at = steps["notify"].done_at
    assert notified_at is not None
    assert abs(notified_at - (timezone.now() - timedelta(minutes=5))) < timedelta(minutes=1)


def test_a_produced_document_is_listed_in_its_step(client: Client, world: World) -> None:
    incident = flow.decided(world)
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind="decision", builtin=True
    )
    text = (
        login(client, world.coordinator)
        .get(reverse("incidents:case", args=[incident.code]))
        .content.decode()
    )
    step = text[text.index('id="task-decide"') : text.index('id="task-send_to_dpo"')]
    assert document.title in step
    assert reverse("documents:download", args=[document.code, "pdf"]) in step
    # Every version is also listed with its checksums further down.
    assert f'id="document-{document.code}"' in text
