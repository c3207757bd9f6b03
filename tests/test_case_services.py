"""Investigate, assess, decide, notify, close: the services and the tables behind them."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation

from breachdesk.alerts.models import Alert
from breachdesk.audit.models import AuditEvent
from breachdesk.incidents import services
from breachdesk.incidents.access import actions_for
from breachdesk.incidents.models import ImyNotification, ImyOutcome, Incident, Investigation
from breachdesk.incidents.risk.inputs import Insight
from breachdesk.incidents.risk.scales import Recommendation
from breachdesk.incidents.selectors import incident_clock, incident_timeline
from breachdesk.incidents.services import ImyDecisionFacts, TransitionRefused
from breachdesk.incidents.workflow import Action, ImyDecision, State, SubjectsDecision
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Membership, Role
from tests import flow
from tests.conftest import World


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _decide_imy(world: World, incident: Incident, **overrides: object) -> Incident:
    values: dict[str, object] = {
        "imy_decision": ImyDecision.NOTIFY,
        "subjects_decision": SubjectsDecision.NOT_REQUIRED,
        "subjects_reason": "Risken är inte hög.",
    }
    values.update(overrides)
    facts = ImyDecisionFacts(**values)  # type: ignore[arg-type]
    return services.imy_decide(incident=incident, actor=world.coordinator, facts=facts)


# The investigation ----------------------------------------------------------------------------


def test_investigation_is_recorded_and_each_change_lands_in_the_timeline(world: World) -> None:
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    services.investigation_record(
        incident=incident,
        actor=world.coordinator,
        facts=replace(
            flow.INVESTIGATION,
            systems="E-post, Teams",
            dpo_consulted=True,
            dpo_consulted_on=timezone.localdate(),
            dpo_advice="Anmäl inte.",
        ),
    )
    investigation = Investigation.objects.get(incident=incident)
    assert investigation.systems == "E-post, Teams"
    assert investigation.dpo_advice == "Anmäl inte."
    events = AuditEvent.objects.filter(incident=incident, kind="incident.investigate")
    assert events.count() == 2
    second = events.order_by("pk").last()
    assert second is not None
    assert set(second.data["changes"]) == {
        "investigation.systems",
        "investigation.dpo_consulted",
        "investigation.dpo_consulted_on",
        "investigation.dpo_advice",
    }
    labels = [
        str(change.field)
        for entry in incident_timeline(incident=incident)
        for change in entry.changes
    ]
    assert "Systems involved" in labels


def test_investigation_cannot_be_recorded_before_receipt_is_confirmed(world: World) -> None:
    incident = flow.registered(world)
    with pytest.raises(TransitionRefused, match="not possible while the case is registered"):
        services.investigation_record(
            incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
        )
    assert not Investigation.objects.exists()


def test_investigation_by_someone_without_the_role_is_refused(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.investigation_record(incident=incident, actor=world.dpo, facts=flow.INVESTIGATION)


def test_investigation_end_before_it_happened_is_refused(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(DomainError, match="ended before it happened"):
        services.investigation_record(
            incident=incident,
            actor=world.coordinator,
            facts=replace(flow.INVESTIGATION, ended_at=incident.occurred_at - timedelta(hours=1)),
        )


def test_measure_defaults_to_the_units_responsible_manager(world: World) -> None:
    incident = flow.acknowledged(world)
    measure = services.measure_record(
        incident=incident,
        actor=world.coordinator,
        description="Se över rutinen för e-post.",
        responsible=None,
        due_on=timezone.localdate() + timedelta(days=30),
        done_on=None,
    )
    assert measure.responsible == world.manager


def test_measure_responsible_outside_the_unit_is_refused(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(DomainError, match="role in the case's unit"):
        services.measure_record(
            incident=incident,
            actor=world.coordinator,
            description="Utbilda personalen.",
            responsible=world.school_coordinator,
            due_on=None,
            done_on=None,
        )


def test_contact_of_another_case_cannot_be_amended_through_this_one(world: World) -> None:
    first, second = flow.acknowledged(world), flow.acknowledged(world)
    contact = services.contact_record(
        incident=first,
        actor=world.coordinator,
        party="it",
        name="IT-supporten",
        contacted_on=timezone.localdate(),
        outcome="Meddelandet återkallat.",
    )
    with pytest.raises(DomainError, match="another case"):
        services.contact_record(
            incident=second,
            actor=world.coordinator,
            contact=contact,
            party="it",
            name="",
            contacted_on=timezone.localdate(),
            outcome="",
        )


# The risk assessment --------------------------------------------------------------------------


def test_assessment_before_the_investigation_is_refused(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(DomainError, match="Record the investigation first"):
        services.risk_assessment_record(
            incident=incident, actor=world.coordinator, inputs=flow.RISKY
        )


def test_assessment_that_contradicts_the_investigation_is_refused(world: World) -> None:
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident,
        actor=world.coordinator,
        facts=replace(flow.INVESTIGATION, confidentiality=False, availability=True),
    )
    with pytest.raises(DomainError, match="no loss of confidentiality"):
        services.risk_assessment_record(
            incident=incident, actor=world.coordinator, inputs=flow.RISKY
        )


def test_assessment_stores_inputs_result_and_reasons_on_case_and_timeline(world: World) -> None:
    incident = flow.investigated(world)
    incident.refresh_from_db()
    assessment = incident.risk_assessment
    assert incident.risk_level == assessment.level
    assert incident.recommendation == assessment.recommendation
    assert assessment.recommendation == Recommendation.NOTIFY
    assert assessment.reasons, "the recommendation comes with its reasons"
    event = AuditEvent.objects.get(incident=incident, kind="incident.assess_risk")
    assert event.data["changes"]["risk_assessment.recommendation"]["new"] == "notify"
    assert event.data["reasons"] == assessment.reasons
    entry = next(e for e in incident_timeline(incident=incident) if e.reasons)
    assert all(reason.text() for reason in entry.reasons)


# The IMY decision -----------------------------------------------------------------------------


def test_deciding_before_assessing_is_refused_with_a_clear_message(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(DomainError, match="risk assessment before deciding"):
        _decide_imy(world, incident)
    incident.refresh_from_db()
    assert incident.state == State.ACKNOWLEDGED


def test_still_under_investigation_keeps_the_case_and_the_clock_running(world: World) -> None:
    incident = flow.acknowledged(world)
    _decide_imy(world, incident, imy_decision=ImyDecision.INVESTIGATING)
    incident.refresh_from_db()
    assert incident.state == State.ACKNOWLEDGED
    assert incident.imy_decision == ImyDecision.INVESTIGATING
    assert incident_clock(incident=incident) is not None


def test_not_notifying_needs_the_written_assessment(world: World) -> None:
    incident = flow.investigated(world, flow.HARMLESS)
    with pytest.raises(DomainError, match="why IMY is not notified"):
        _decide_imy(world, incident, imy_decision=ImyDecision.NOT_NOTIFY)
    _decide_imy(
        world, incident, imy_decision=ImyDecision.NOT_NOTIFY, imy_decision_reason="Endast namn."
    )
    incident.refresh_from_db()
    assert incident.state == State.ASSESSED
    assert incident_clock(incident=incident) is None, "a decision not to notify stops the clock"


def test_decision_against_the_recommendation_needs_a_reason(world: World) -> None:
    incident = flow.investigated(world)  # recommended: notify IMY
    with pytest.raises(DomainError, match="differs from the recommendation"):
        _decide_imy(
            world, incident, imy_decision=ImyDecision.NOT_NOTIFY, imy_decision_reason="Ringa."
        )
    _decide_imy(
        world,
        incident,
        imy_decision=ImyDecision.NOT_NOTIFY,
        imy_decision_reason="Ringa.",
        deviation_reason="Mottagaren är en annan myndighet med tystnadsplikt.",
    )
    incident.refresh_from_db()
    assert incident.deviation_reason.startswith("Mottagaren")
    event = AuditEvent.objects.get(incident=incident, kind="incident.assess")
    assert event.data["follows"] is False
    assert event.data["recommendation"] == "notify"


def test_decision_that_follows_the_recommendation_keeps_no_deviation(world: World) -> None:
    incident = flow.assessed(world, notify=True)
    assert incident.state == State.ASSESSED
    assert incident.deviation_reason == ""
    assert incident_clock(incident=incident) is not None, "the clock runs until IMY is notified"


def test_art_34_exception_needs_which_one_and_why(world: World) -> None:
    incident = flow.investigated(world)
    with pytest.raises(DomainError, match=r"exception of art\. 34"):
        _decide_imy(world, incident, subjects_decision=SubjectsDecision.EXCEPTION)


# Notifying IMY --------------------------------------------------------------------------------


def test_notification_records_submission_and_stops_the_clock(world: World) -> None:
    incident = flow.notified(world)
    assert incident.state == State.NOTIFIED
    assert incident.imy_case_number == "IMY-2026-1234"
    submission = ImyNotification.objects.get(incident=incident)
    assert (submission.kind, submission.complete) == ("initial", False)
    assert incident_clock(incident=incident) is None


def test_late_notification_needs_the_reasons_for_the_delay(world: World) -> None:
    discovered = timezone.now() - timedelta(days=5)
    incident = flow.assessed(
        world, occurred_at=discovered - timedelta(hours=1), discovered_at=discovered
    )
    kwargs = {
        "incident": incident,
        "actor": world.coordinator,
        "made_at": timezone.now() - timedelta(hours=1),
        "complete": True,
        "imy_case_number": "",
        "content": "",
    }
    with pytest.raises(DomainError, match="after the 72 hours"):
        services.imy_notify(delay_reason="", **kwargs)  # type: ignore[arg-type]
    services.imy_notify(delay_reason="Incidenten upptäcktes under en helg.", **kwargs)  # type: ignore[arg-type]
    assert ImyNotification.objects.get(incident=incident).delay_reason.startswith("Incidenten")


def test_notify_is_not_offered_when_the_decision_was_not_to_notify(world: World) -> None:
    incident = flow.assessed(world, notify=False)
    with pytest.raises(TransitionRefused, match="not possible"):
        services.imy_notify(
            incident=incident,
            actor=world.coordinator,
            made_at=timezone.now(),
            complete=True,
            imy_case_number="",
            content="",
            delay_reason="",
        )


def test_supplements_are_kept_with_their_dates_and_content(world: World) -> None:
    incident = flow.notified(world)
    services.imy_supplement(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now(),
        complete=True,
        content="Antalet berörda är 3, inte 1.",
    )
    kinds = list(ImyNotification.objects.filter(incident=incident).values_list("kind", "complete"))
    assert kinds == [("initial", False), ("supplement", True)]
    with pytest.raises(DomainError, match="what the supplement added"):
        services.imy_supplement(
            incident=incident,
            actor=world.coordinator,
            made_at=timezone.now(),
            complete=True,
            content=" ",
        )


def test_a_supplement_adds_or_corrects_imys_case_number(world: World) -> None:
    incident = flow.notified(world)  # IMY-2026-1234
    services.imy_supplement(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now(),
        complete=False,
        content="Rättat ärendenummer.",
        imy_case_number=" IMY-2026-4321 ",
    )
    incident.refresh_from_db()
    assert incident.imy_case_number == "IMY-2026-4321"
    latest = ImyNotification.objects.filter(incident=incident).latest("pk")
    assert latest.imy_case_number == "IMY-2026-4321"
    event = AuditEvent.objects.filter(incident=incident, kind="incident.supplement").get()
    assert event.data["changes"]["imy_case_number"] == {
        "old": "IMY-2026-1234",
        "new": "IMY-2026-4321",
    }
    services.imy_supplement(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now(),
        complete=True,
        content="Nu komplett.",
        imy_case_number="",
    )
    incident.refresh_from_db()
    assert incident.imy_case_number == "IMY-2026-4321", "an empty number keeps the one known"


# The internal decision, IMY's answer, closing -------------------------------------------------


def test_only_the_units_decision_maker_takes_the_decision(world: World) -> None:
    incident = flow.notified(world)
    with pytest.raises(TransitionRefused, match="not allowed"):
        services.incident_decide(
            incident=incident, actor=world.coordinator, decided_on=timezone.localdate(), note=""
        )
    services.incident_decide(
        incident=incident, actor=world.decision_maker, decided_on=timezone.localdate(), note=""
    )
    assert incident.state == State.DECIDED
    assert incident.decision_maker == world.decision_maker


def test_decision_without_notifying_goes_straight_from_assessed(world: World) -> None:
    incident = flow.decided(world, notify=False)
    assert incident.state == State.DECIDED
    assert incident.imy_notified_at is None


def test_supervision_by_imy_alerts_the_dpo_once(world: World) -> None:
    incident = flow.notified(world)
    for _ in range(2):
        services.imy_answer_record(
            incident=incident,
            actor=world.coordinator,
            answered_on=timezone.localdate(),
            outcome=ImyOutcome.SUPERVISION,
            imy_case_number="IMY-2026-1234",
            note="",
        )
    alert = Alert.objects.get(kind="supervision")
    assert (alert.recipient, alert.incident) == (world.dpo, incident)


def test_closing_with_an_open_measure_needs_a_note(world: World) -> None:
    incident = flow.decided(world)
    services.decision_send_to_dpo(incident=incident, actor=world.coordinator)
    services.measure_record(
        incident=incident,
        actor=world.coordinator,
        description="Påminn enheten om säker e-post.",
        responsible=None,
        due_on=None,
        done_on=None,
    )
    with pytest.raises(TransitionRefused, match="Some measures are not done"):
        services.incident_close(incident=incident, actor=world.coordinator, note="")
    assert incident.state == State.DECIDED
    services.incident_close(
        incident=incident, actor=world.coordinator, note="Åtgärden följs upp i enhetens plan."
    )
    incident.refresh_from_db()
    assert incident.state == State.CLOSED
    assert incident.closed_at is not None


def test_closing_before_the_decision_reaches_the_dpo_is_refused(world: World) -> None:
    incident = flow.decided(world)
    with pytest.raises(TransitionRefused, match="sent to the DPO"):
        services.incident_close(incident=incident, actor=world.coordinator, note="")


def test_not_a_personal_data_incident_closes_early_with_the_reason(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(DomainError, match="Write why"):
        services.incident_close_not_incident(incident=incident, actor=world.coordinator, reason="")
    services.incident_close_not_incident(
        incident=incident,
        actor=world.coordinator,
        reason="Bedöms inte vara en personuppgiftsincident efter samråd med dataskyddsombudet.",
    )
    incident.refresh_from_db()
    assert (incident.state, incident.not_an_incident) == (State.CLOSED, True)


def test_a_step_on_a_case_moved_meanwhile_is_refused_and_changes_nothing(world: World) -> None:
    incident = flow.acknowledged(world)
    stale = Incident.objects.get(pk=incident.pk)
    services.incident_close_not_incident(
        incident=incident, actor=world.coordinator, reason="Ingen personuppgift."
    )
    with pytest.raises(TransitionRefused):
        services.investigation_record(
            incident=stale, actor=world.coordinator, facts=flow.INVESTIGATION
        )
    assert not Investigation.objects.exists()


def test_a_refused_move_leaves_the_in_memory_case_as_it_was(world: World) -> None:
    incident = flow.investigated(world)
    with pytest.raises(TransitionRefused), transaction.atomic():
        services.incident_transition(
            incident=incident,
            actor=world.coordinator,
            action=Action.ASSESS,
            changes={"imy_decision": ImyDecision.INVESTIGATING},
        )
    assert incident.imy_decision == ""


def test_dpo_of_another_controller_is_not_alerted(world: World) -> None:
    Membership.objects.create(user=world.outsider, controller=world.school, role=Role.DPO)
    incident = flow.notified(world)
    services.imy_answer_record(
        incident=incident,
        actor=world.coordinator,
        answered_on=timezone.localdate(),
        outcome=ImyOutcome.SUPERVISION,
        imy_case_number="",
        note="",
    )
    supervision = Alert.objects.filter(kind="supervision")
    assert list(supervision.values_list("recipient__username", flat=True)) == ["dpo"]


def test_a_case_never_notified_offers_no_supplement_and_no_answer_from_imy(world: World) -> None:
    incident = flow.decided(world, notify=False)
    services.decision_send_to_dpo(incident=incident, actor=world.coordinator)
    services.incident_close(incident=incident, actor=world.coordinator, note="")
    offered = {action for action, _rule in actions_for(world.coordinator, incident)}
    assert offered.isdisjoint({"supplement", "imy_answer"})
    with pytest.raises(TransitionRefused, match="not possible"):
        services.imy_supplement(
            incident=incident,
            actor=world.coordinator,
            made_at=timezone.now(),
            complete=True,
            content="Något nytt.",
        )


@pytest.mark.parametrize(
    ("recommendation", "imy", "subjects", "follows"),
    [
        ("notify_and_inform", "notify", "inform", True),
        ("notify_and_inform", "notify", "exception", True),
        ("notify_and_inform", "notify", "not_required", False),
        ("notify_and_inform", "not_notify", "inform", False),
        ("notify", "notify", "not_required", True),
        ("notify", "notify", "exception", True),
        ("notify", "notify", "inform", False),
        ("notify", "not_notify", "not_required", False),
        ("document", "not_notify", "not_required", True),
        ("document", "notify", "not_required", False),
        ("document", "not_notify", "inform", False),
    ],
)
def test_which_decisions_follow_the_recommendation(
    recommendation: str, imy: str, subjects: str, follows: bool
) -> None:
    assert (
        services.decision_follows(
            recommendation=recommendation, imy_decision=imy, subjects_decision=subjects
        )
        is follows
    )


def test_an_art_34_exception_follows_a_recommendation_to_inform(world: World) -> None:
    incident = flow.investigated(
        world,
        flow.with_group(
            flow.RISKY, data_types=frozenset({"name", "health"}), insight=Insight.USUAL
        ),
    )
    assert incident.recommendation == "notify_and_inform"
    _decide_imy(
        world,
        incident,
        subjects_decision=SubjectsDecision.EXCEPTION,
        subjects_exception="c",
        subjects_reason="Adresser saknas; information läggs ut på webbplatsen.",
    )
    incident.refresh_from_db()
    assert (incident.state, incident.deviation_reason) == (State.ASSESSED, "")


@pytest.mark.parametrize(
    ("field", "shift", "message"),
    [
        ("contacted_on", timedelta(days=1), "in the future"),
        ("contacted_on", -timedelta(days=30), "before the incident happened"),
    ],
)
def test_services_check_the_dates_they_are_given(
    world: World, field: str, shift: timedelta, message: str
) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(DomainError, match=message):
        services.contact_record(
            incident=incident,
            actor=world.coordinator,
            party="it",
            name="",
            contacted_on=timezone.localdate() + shift,
            outcome="",
        )
    with pytest.raises(DomainError, match=message):
        services.measure_record(
            incident=incident,
            actor=world.coordinator,
            description="Rutin",
            responsible=None,
            due_on=None,
            done_on=timezone.localdate() + shift,
        )
    assert not incident.contacts.exists() and not incident.measures.exists()
