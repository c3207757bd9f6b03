"""E-mail and reminders through a real SMTP server, with the clock moved by time-machine.

The scheduler's real code runs (scheduler_tick: plan, then deliver over SMTP to the aiosmtpd
server of tests/mailbox.py); what arrived is read back from the server.
"""

import logging
import threading
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from breachdesk.alerts import mail as outbox
from breachdesk.alerts import scheduler
from breachdesk.alerts.models import Alert, AlertKind, MailState
from breachdesk.alerts.schedule import alerts_plan
from breachdesk.alerts.scheduler import scheduler_tick
from breachdesk.incidents import services
from breachdesk.incidents.models import ImyOutcome, Incident
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision
from breachdesk.lib.deadlines import STOCKHOLM
from tests import flow
from tests.conftest import World, at, report_facts
from tests.mailbox import Mailbox, body_of, free_port
from tests.threads import at_the_same_moment

UTC = ZoneInfo("UTC")
DESCRIPTION = "E-post med uppgifter om en klient skickades till fel mottagare."


def addresses(messages: list[EmailMessage]) -> list[str]:
    return sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in messages)


def subject(message: EmailMessage) -> str:
    # Django folds a long encoded subject onto a continuation line; the parser keeps the
    # fold's space, which mail programs do not show.
    return str(message["Subject"]).strip()


def tick(box: Mailbox) -> list[EmailMessage]:
    scheduler_tick()
    return box.take()


def assert_no_case_content(message: EmailMessage) -> None:
    body = body_of(message)
    assert DESCRIPTION not in body
    assert "klient" not in subject(message).lower()


# --- The acknowledgement, to the registrar -----------------------------------------------------


@pytest.mark.django_db
def test_the_registrar_learns_that_the_case_officer_confirmed_receipt(
    world: World, mailbox: Mailbox
) -> None:
    incident = flow.registered(world)
    tick(mailbox)
    services.incident_acknowledge(incident=incident, actor=world.coordinator)
    (told,) = tick(mailbox)
    assert addresses([told]) == ["registrar@testby.example"]
    assert subject(told) == f"{incident.diary_number}: handläggaren har bekräftat mottagandet"
    assert world.coordinator.get_full_name() in body_of(told)
    assert_no_case_content(told)
    alert = Alert.objects.get(kind=AlertKind.ACKNOWLEDGED)
    assert alert.recipient == world.registrar


# --- The 72 hours across the spring change to summer time ------------------------------------


@pytest.mark.django_db
def test_a_case_through_its_72_hours_across_the_daylight_saving_change(
    world: World, mailbox: Mailbox
) -> None:
    """Discovered Saturday 28 March 2026 10:30 CET; the clocks go forward on Sunday at 02:00,
    so the deadline is Tuesday 31 March 11:30 CEST, exactly 72 hours later."""
    world.coordinator.email_language = "en"
    world.coordinator.save()
    discovered = at("2026-03-28 10:30")
    with time_machine.travel(at("2026-03-28 11:00"), tick=False) as clock:
        incident = services.incident_report(
            reporter=world.reporter,
            facts=report_facts(world.children, discovered_at=discovered, occurred_at=discovered),
        )
        assert incident.imy_due_at == datetime(2026, 3, 31, 9, 30, tzinfo=UTC)

        # The report: to the registrar, and a receipt to the reporter; in Swedish (default).
        arrived = tick(mailbox)
        assert addresses(arrived) == ["registrar@testby.example", "reporter@testby.example"]
        (to_registrar,) = mailbox_filter(arrived, "registrar@")
        assert subject(to_registrar) == (f"Ny incidentrapport att registrera: {incident.reference}")
        assert "31 mars 2026 kl. 11:30 (svensk tid)" in body_of(to_registrar)
        (receipt,) = mailbox_filter(arrived, "reporter@")
        assert incident.reference in subject(receipt)
        for message in arrived:
            assert_no_case_content(message)
            assert message["Auto-Submitted"] == "auto-generated"

        # Registered and assigned: to the coordinator, in English (their e-mail language).
        clock.move_to(at("2026-03-28 11:30"))
        services.incident_register(incident=incident, actor=world.registrar)
        incident.refresh_from_db()
        (assigned,) = tick(mailbox)
        assert addresses([assigned]) == ["coordinator@testby.example"]
        assert subject(assigned) == f"You are the case officer of {incident.diary_number}"
        assert "31 March 2026 at 11:30 (Swedish time)" in body_of(assigned)
        assert f"https://breachdesk.testby.example/incidents/{incident.code}/" in body_of(assigned)

        # 24 hours: one minute before, nothing; at 24 elapsed hours (11:30 CEST, not 10:30,
        # because an hour was skipped), the first reminder; the next run sends nothing again.
        clock.move_to(datetime(2026, 3, 29, 9, 29, tzinfo=UTC))
        assert tick(mailbox) == []
        clock.move_to(datetime(2026, 3, 29, 9, 30, tzinfo=UTC))
        (first,) = tick(mailbox)
        assert addresses([first]) == ["coordinator@testby.example"]
        assert subject(first) == f"{incident.diary_number}: 48 hours left to notify IMY"
        assert "24 hours have passed" in body_of(first)
        assert tick(mailbox) == []

        clock.move_to(datetime(2026, 3, 30, 9, 30, tzinfo=UTC))
        (second,) = tick(mailbox)
        assert subject(second) == f"{incident.diary_number}: 24 hours left to notify IMY"
        clock.move_to(datetime(2026, 3, 31, 1, 29, tzinfo=UTC))
        assert tick(mailbox) == []
        clock.move_to(datetime(2026, 3, 31, 1, 30, tzinfo=UTC))
        (third,) = tick(mailbox)
        assert subject(third) == f"{incident.diary_number}: 8 hours left to notify IMY"

        # The deadline: the coordinator (English), the DPO and the manager (Swedish).
        clock.move_to(datetime(2026, 3, 31, 9, 29, 59, tzinfo=UTC))
        assert tick(mailbox) == []
        clock.move_to(datetime(2026, 3, 31, 9, 30, tzinfo=UTC))
        escalation = tick(mailbox)
        assert addresses(escalation) == [
            "coordinator@testby.example",
            "dpo@testby.example",
            "manager@testby.example",
        ]
        (to_dpo,) = mailbox_filter(escalation, "dpo@")
        assert subject(to_dpo) == (
            f"{incident.diary_number}: de 72 timmarna för anmälan till IMY har passerat"
        )
        assert "dataskyddsombud" in body_of(to_dpo)
        (to_officer,) = mailbox_filter(escalation, "coordinator@")
        assert "reasons for the delay" in body_of(to_officer)
        assert tick(mailbox) == []

        # A late notification with its reasons stops the clock: nothing more is sent.
        clock.move_to(datetime(2026, 3, 31, 14, 0, tzinfo=UTC))
        services.incident_acknowledge(incident=incident, actor=world.coordinator)
        (acknowledged,) = tick(mailbox)
        assert addresses([acknowledged]) == ["registrar@testby.example"]
        flow_assess(world, incident)
        services.imy_notify(
            incident=incident,
            actor=world.coordinator,
            made_at=datetime(2026, 3, 31, 13, 0, tzinfo=UTC),
            complete=False,
            imy_case_number="IMY-2026-77",
            content="Preliminär anmälan.",
            delay_reason="Omfattningen blev känd först efter intervjuer med personalen.",
        )
        clock.move_to(datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
        assert tick(mailbox) == []
    kinds = list(
        Alert.objects.filter(incident=incident).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds.count(AlertKind.DEADLINE_REMINDER) == 3
    assert kinds.count(AlertKind.DEADLINE_PASSED) == 3
    assert set(Alert.objects.values_list("mail_state", flat=True)) == {MailState.SENT}


def mailbox_filter(messages: list[EmailMessage], prefix: str) -> list[EmailMessage]:
    return [m for m in messages if prefix in str(m["To"])]


def flow_assess(world: World, incident: Incident) -> None:
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    services.risk_assessment_record(incident=incident, actor=world.coordinator, inputs=flow.RISKY)
    services.imy_decide(
        incident=incident,
        actor=world.coordinator,
        facts=services.ImyDecisionFacts(
            imy_decision=ImyDecision.NOTIFY,
            imy_decision_reason="",
            subjects_decision=SubjectsDecision.NOT_REQUIRED,
            subjects_reason="Risken bedöms inte som hög.",
        ),
    )


@pytest.mark.django_db
def test_autumn_change_keeps_elapsed_hours(world: World, mailbox: Mailbox) -> None:
    """Discovered Saturday 24 October 2026 09:00 CEST; the clocks go back on Sunday at 03:00,
    so 24 elapsed hours is Sunday 08:00 CET and the deadline Tuesday 08:00 CET."""
    discovered = at("2026-10-24 09:00")
    with time_machine.travel(discovered, tick=False) as clock:
        incident = flow.registered(world, discovered_at=discovered, occurred_at=discovered)
        mailbox.take()
        scheduler_tick()
        mailbox.take()
        clock.move_to(at("2026-10-25 07:59"))
        assert tick(mailbox) == []
        clock.move_to(at("2026-10-25 08:00"))
        (reminder,) = tick(mailbox)
        assert "48 timmar kvar" in subject(reminder)
        assert "27 oktober 2026 kl. 08:00" in body_of(reminder)
        assert incident.imy_due_at.astimezone(STOCKHOLM) == at("2026-10-27 08:00")


# --- Who is told -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_absent_case_officer_has_the_manager_reminded_too(world: World, mailbox: Mailbox) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        flow.registered(world, discovered_at=start, occurred_at=start)
        tick(mailbox)
        world.coordinator.absences.create(starts_on=date(2026, 5, 5), ends_on=date(2026, 5, 8))
        clock.move_to(start + timedelta(hours=24))
        assert addresses(tick(mailbox)) == [
            "coordinator@testby.example",
            "manager@testby.example",
        ]


@pytest.mark.django_db
def test_a_stopped_scheduler_sends_only_the_latest_reminder(world: World, mailbox: Mailbox) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        incident = flow.registered(world, discovered_at=start, occurred_at=start)
        tick(mailbox)
        clock.move_to(start + timedelta(hours=50))
        (reminder,) = tick(mailbox)
        assert "24 timmar kvar" in subject(reminder)
    assert Alert.objects.filter(incident=incident, kind=AlertKind.DEADLINE_REMINDER).count() == 1


@pytest.mark.django_db
def test_no_reminders_once_decided_not_to_notify(world: World, mailbox: Mailbox) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        flow.assessed(world, notify=False, discovered_at=start, occurred_at=start)
        tick(mailbox)
        clock.move_to(start + timedelta(hours=80))
        assert tick(mailbox) == []


@pytest.mark.django_db
def test_a_decision_to_notify_keeps_the_clock_running(world: World, mailbox: Mailbox) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        flow.assessed(world, notify=True, discovered_at=start, occurred_at=start)
        tick(mailbox)
        clock.move_to(start + timedelta(hours=72))
        assert len(tick(mailbox)) == 3


@pytest.mark.django_db
def test_measure_reminders_before_the_due_date_and_when_overdue(
    world: World, mailbox: Mailbox
) -> None:
    with time_machine.travel(at("2026-04-01 09:00"), tick=False) as clock:
        incident = flow.acknowledged(world)
        measure = flow.measure(
            world,
            incident,
            description="Byta rutin för utskick av kallelser.",
            due_on=date(2026, 4, 10),
        )
        tick(mailbox)
        clock.move_to(at("2026-04-06 23:59"))
        assert [m for m in tick(mailbox) if "åtgärd" in subject(m)] == []
        clock.move_to(at("2026-04-07 00:01"))
        due = [m for m in tick(mailbox) if "åtgärd" in subject(m)]
        assert addresses(due) == ["manager@testby.example"]
        assert subject(due[0]) == (
            f"{incident.diary_number}: en åtgärd ska vara klar 10 april 2026"
        )
        assert "Byta rutin" not in body_of(due[0])
        clock.move_to(at("2026-04-10 23:00"))
        assert [m for m in tick(mailbox) if "åtgärd" in subject(m)] == []
        clock.move_to(at("2026-04-11 00:01"))
        overdue = [m for m in tick(mailbox) if "åtgärd" in subject(m)]
        assert [subject(m) for m in overdue] == [f"{incident.diary_number}: en åtgärd är försenad"]
        flow.measure(
            world,
            incident,
            description=measure.description,
            due_on=measure.due_on,
            done_on=date(2026, 4, 11),
            amend=measure,
        )
        clock.move_to(at("2026-04-20 09:00"))
        assert [m for m in tick(mailbox) if "åtgärd" in subject(m)] == []


@pytest.mark.django_db
def test_decision_and_supervision_go_to_the_dpo(world: World, mailbox: Mailbox) -> None:
    incident = flow.decided(world)
    mailbox.take()
    scheduler_tick()
    mailbox.take()
    services.decision_send_to_dpo(incident=incident, actor=world.coordinator)
    (decision,) = tick(mailbox)
    assert addresses([decision]) == ["dpo@testby.example"]
    assert "internt beslut" in subject(decision)
    services.imy_answer_record(
        incident=incident,
        actor=world.coordinator,
        answered_on=timezone.localdate(),
        outcome=ImyOutcome.SUPERVISION,
        imy_case_number="IMY-2026-1234",
        note="",
    )
    (supervision,) = tick(mailbox)
    assert addresses([supervision]) == ["dpo@testby.example"]
    assert "tillsyn" in subject(supervision)


@pytest.mark.django_db
def test_an_email_no_longer_current_is_not_sent(world: World, mailbox: Mailbox) -> None:
    """The scheduler was away while the report was registered and IMY notified: the
    registrar is not asked to register it, nor the case officer reminded, by e-mail."""
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        incident = flow.registered(world, discovered_at=start, occurred_at=start)
        clock.move_to(start + timedelta(hours=25))
        alerts_plan(now=start + timedelta(hours=25))
        services.incident_acknowledge(incident=incident, actor=world.coordinator)
        flow_assess(world, incident)
        services.imy_notify(
            incident=incident,
            actor=world.coordinator,
            made_at=start + timedelta(hours=25),
            complete=True,
            imy_case_number="IMY-2026-9",
            content="Anmälan.",
            delay_reason="",
        )
        arrived = tick(mailbox)
    assert addresses(arrived) == [
        "coordinator@testby.example",
        "registrar@testby.example",
        "reporter@testby.example",
    ]
    assert [subject(m) for m in arrived if "coordinator" in str(m["To"])] == [
        f"Du är handläggare för {incident.diary_number}"
    ]
    skipped = Alert.objects.filter(mail_state=MailState.SKIPPED)
    assert sorted(skipped.values_list("kind", flat=True)) == [
        AlertKind.DEADLINE_REMINDER,
        AlertKind.REPORT_NEW,
    ]
    assert all(alert.seen_at is None for alert in skipped)


@pytest.mark.django_db
def test_a_reminder_replaced_by_a_later_point_is_not_sent(world: World, mailbox: Mailbox) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        flow.registered(world, discovered_at=start, occurred_at=start)
        tick(mailbox)
        alerts_plan(now=start + timedelta(hours=25))  # the 24-hour reminder, not sent yet
        clock.move_to(start + timedelta(hours=49))
        (reminder,) = tick(mailbox)  # the server was away until now
    assert "24 timmar kvar" in subject(reminder)
    skipped = Alert.objects.get(kind=AlertKind.DEADLINE_REMINDER, mail_state=MailState.SKIPPED)
    assert skipped.data["hours"] == 24


@pytest.mark.django_db
def test_the_day_planned_for_informing_the_people_is_reminded_and_marked_when_passed(
    client: Any, world: World, mailbox: Mailbox
) -> None:
    with time_machine.travel(at("2026-04-01 09:00"), tick=False) as clock:
        incident = services.imy_decide(
            incident=flow.investigated(world),
            actor=world.coordinator,
            facts=services.ImyDecisionFacts(
                imy_decision=ImyDecision.NOTIFY,
                subjects_decision=SubjectsDecision.INFORM,
                subjects_inform_planned_on=date(2026, 4, 10),
                deviation_reason="Eleven kan behöva skydda sig själv mot fler utskick.",
            ),
        )
        tick(mailbox)

        def about_informing() -> list[EmailMessage]:
            return [m for m in tick(mailbox) if "berörda" in subject(m)]

        clock.move_to(at("2026-04-06 23:59"))
        assert about_informing() == []
        clock.move_to(at("2026-04-07 00:01"))
        (due,) = about_informing()
        assert addresses([due]) == ["coordinator@testby.example"]
        assert (
            subject(due)
            == f"{incident.diary_number}: de berörda ska informeras senast 10 april 2026"
        )
        assert not incident.inform_overdue
        clock.move_to(at("2026-04-11 00:01"))
        (late,) = about_informing()
        assert subject(late) == f"{incident.diary_number}: de berörda är inte informerade än"
        incident.refresh_from_db()
        assert incident.inform_overdue
        client.force_login(world.coordinator)
        case = client.get(f"/incidents/{incident.code}/").content.decode()
        assert 'govuk-tag--red">försenad</strong>' in case
        services.subjects_inform_record(
            incident=incident,
            actor=world.coordinator,
            informed_at=at("2026-04-11 00:00"),
            how="Brev",
            count=1,
        )
        clock.move_to(at("2026-04-20 09:00"))
        assert about_informing() == []
        incident.refresh_from_db()
        assert not incident.inform_overdue


@pytest.mark.django_db
def test_a_measure_moved_before_its_email_went_is_not_sent(world: World, mailbox: Mailbox) -> None:
    with time_machine.travel(at("2026-04-07 09:00"), tick=False):
        incident = flow.acknowledged(world)
        measure = flow.measure(world, incident, description="Byta rutin.", due_on=date(2026, 4, 10))
        alerts_plan(now=at("2026-04-07 09:00"))  # "due on 10 April", not sent yet
        flow.measure(
            world,
            incident,
            description=measure.description,
            due_on=date(2026, 5, 10),
            amend=measure,
        )
        assert [m for m in tick(mailbox) if "åtgärd" in subject(m)] == []
    assert Alert.objects.get(kind=AlertKind.MEASURE_DUE).mail_state == MailState.SKIPPED


@pytest.mark.django_db
def test_a_double_click_tells_the_dpo_once(world: World, mailbox: Mailbox) -> None:
    incident = flow.decided(world)
    stale = Incident.objects.get(pk=incident.pk)
    services.decision_send_to_dpo(incident=incident, actor=world.coordinator)
    with pytest.raises(services.TransitionRefused):
        services.decision_send_to_dpo(incident=stale, actor=world.coordinator)
    assert Alert.objects.filter(kind=AlertKind.DECISION).count() == 1


@pytest.mark.django_db
def test_a_batch_goes_over_one_smtp_session(world: World, mailbox: Mailbox) -> None:
    for _ in range(3):
        flow.reported(world)
    assert outbox.mail_deliver().sent == 6
    assert len(mailbox.peers) == 6
    assert len(set(mailbox.peers)) == 1


@pytest.mark.django_db
def test_a_message_that_cannot_be_written_fails_and_the_rest_go(
    world: World, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = flow.reported(world)
    real_compose = outbox.mail_compose
    receipt = Alert.objects.get(incident=incident, kind=AlertKind.REPORT_RECEIPT)

    def broken_for_the_receipt(alert: Alert, **kwargs: Any) -> Any:
        if alert.pk == receipt.pk:
            raise ValueError("a broken translation")
        return real_compose(alert, **kwargs)

    monkeypatch.setattr(outbox, "mail_compose", broken_for_the_receipt)
    result = outbox.mail_deliver()
    assert (result.sent, result.failed) == (1, 1)
    receipt.refresh_from_db()
    assert receipt.mail_state == MailState.FAILED
    assert receipt.mail_error.startswith("ValueError")


@pytest.mark.django_db
def test_a_change_that_rolls_back_sends_nothing(world: World, mailbox: Mailbox) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        flow.reported(world)
        raise RuntimeError("the change fails after the report")
    assert Alert.objects.count() == 0
    assert tick(mailbox) == []


@pytest.mark.django_db
def test_a_person_without_address_gets_the_message_in_the_application_only(
    world: World, mailbox: Mailbox
) -> None:
    world.registrar.email = ""
    world.registrar.save()
    incident = flow.reported(world)
    assert addresses(tick(mailbox)) == ["reporter@testby.example"]
    alert = Alert.objects.get(incident=incident, recipient=world.registrar)
    assert alert.mail_state == MailState.NONE
    assert alert.seen_at is None


# --- Delivery: exactly once, failures, crashes --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_plan_and_send_each_reminder_once(
    world: World, mailbox: Mailbox
) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        incidents = [flow.registered(world, discovered_at=start) for _ in range(6)]
        clock.move_to(start + timedelta(hours=72))
        assert at_the_same_moment(lambda _n: scheduler_tick(), 3) == []
    arrived = mailbox.take()
    ids = [str(m["Message-ID"]) for m in arrived]
    assert len(ids) == len(set(ids)), "a message was sent twice"
    # Per case: the receipt, the assignment and the escalation to 3 people; the registrar's
    # "new report" is no longer current once the case is registered.
    assert len(arrived) == 6 * 5
    keys = list(Alert.objects.exclude(key="").values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 6 * 3
    assert Alert.objects.filter(mail_state=MailState.SKIPPED).count() == 6
    assert Alert.objects.exclude(mail_state__in=[MailState.SENT, MailState.SKIPPED]).count() == 0
    assert {i.pk for i in incidents} == set(Alert.objects.values_list("incident", flat=True))


@pytest.mark.django_db(transaction=True)
def test_planning_twice_at_the_same_moment_inserts_once(world: World) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(4):
            flow.registered(world, discovered_at=start)
        clock.move_to(start + timedelta(hours=30))
        now = start + timedelta(hours=30)
        planned: list[int] = []
        errors = at_the_same_moment(lambda _n: planned.append(alerts_plan(now=now)), 2)
    assert errors == []
    assert len(planned) == 2, "both planners ran to the end"
    assert Alert.objects.filter(kind=AlertKind.DEADLINE_REMINDER).count() == 4


@pytest.mark.django_db
def test_a_crash_between_sending_and_recording_resends_once_with_the_same_id(
    world: World,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        incident = flow.reported(world)
        receipt = Alert.objects.get(incident=incident, kind=AlertKind.REPORT_RECEIPT)
        Alert.objects.exclude(pk=receipt.pk).update(mail_state=MailState.NONE)
        real_record = outbox._record

        def crash_on_sent(pk: int, token: str, **changes: object) -> bool:
            if changes.get("mail_state") == MailState.SENT:
                raise KeyboardInterrupt("the scheduler is killed after the SMTP server said 250")
            return real_record(pk, token, **changes)

        monkeypatch.setattr(outbox, "_record", crash_on_sent)
        with pytest.raises(KeyboardInterrupt):
            outbox.mail_deliver()
        monkeypatch.setattr(outbox, "_record", real_record)
        (first,) = mailbox.take()
        receipt.refresh_from_db()
        assert receipt.mail_state == MailState.SENDING

        # Within the claim, nobody sends it again; after it, once more, and it is said.
        clock.move_to(start + timedelta(minutes=9))
        assert outbox.mail_deliver().sent == 0
        clock.move_to(start + timedelta(minutes=11))
        with caplog.at_level(logging.WARNING, logger="breachdesk.alerts.mail"):
            result = outbox.mail_deliver()
        assert (result.sent, result.resent) == (1, 1)
        assert "never confirmed" in caplog.text
        (again,) = mailbox.take()
        assert again["Message-ID"] == first["Message-ID"]
        receipt.refresh_from_db()
        assert receipt.mail_state == MailState.SENT
        assert receipt.mail_attempts == 2
        assert "not confirmed" in receipt.mail_error
        clock.move_to(start + timedelta(hours=1))
        assert outbox.mail_deliver().sent == 0
        assert mailbox.take() == []


@pytest.mark.django_db
def test_a_server_that_is_down_is_retried_later(
    world: World, mailbox: Mailbox, settings: Any
) -> None:
    start = at("2026-05-04 09:00")
    with time_machine.travel(start, tick=False) as clock:
        flow.reported(world)
        settings.EMAIL_PORT = free_port()  # nothing listens there
        result = outbox.mail_deliver()
        assert (result.sent, result.retrying) == (0, 1)  # the batch stops at the first failure
        failed = Alert.objects.get(mail_attempts=1)
        assert failed.mail_state == MailState.PENDING
        assert failed.mail_error.startswith("ConnectionRefusedError")
        assert failed.mail_next_at == start + timedelta(minutes=2)
        settings.EMAIL_PORT = mailbox.port
        clock.move_to(start + timedelta(minutes=1))
        assert outbox.mail_deliver().sent == 1  # the other one; the failed one waits
        clock.move_to(start + timedelta(minutes=2))
        assert outbox.mail_deliver().sent == 1
    assert len(mailbox.take()) == 2


@pytest.mark.django_db
def test_a_refused_address_fails_at_once_and_the_rest_go(world: World, mailbox: Mailbox) -> None:
    mailbox.refuse.add("registrar@testby.example")
    incident = flow.reported(world)
    result = outbox.mail_deliver()
    assert (result.sent, result.failed) == (1, 1)
    refused = Alert.objects.get(incident=incident, recipient=world.registrar)
    assert refused.mail_state == MailState.FAILED
    assert "SMTPRecipientsRefused" in refused.mail_error
    assert addresses(mailbox.take()) == ["reporter@testby.example"]


@pytest.mark.django_db
def test_escalated_cases_are_passed_over_in_later_runs(world: World) -> None:
    """Each run looks only at cases in their reminder window and overdue cases not yet
    escalated: the queries of a run do not grow with the cases escalated before."""
    start = at("2026-05-04 09:00")
    earlier = start - timedelta(hours=80)
    with time_machine.travel(earlier, tick=False):
        for _ in range(20):
            flow.registered(world, discovered_at=earlier, occurred_at=earlier)
    assert alerts_plan(now=start) == 20 * 3  # the case officer, the DPO and the manager
    with CaptureQueriesContext(connection) as queries:
        assert alerts_plan(now=start + timedelta(minutes=1)) == 0
    # The cases, the measures, the days planned for informing, and the run's transaction (a
    # savepoint inside the test's).
    assert len(queries) <= 5


@pytest.mark.django_db
def test_a_backlog_larger_than_a_batch_drains_in_one_run(
    world: World, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "BATCH", 2)
    for _ in range(3):
        flow.reported(world)
    assert outbox.mail_deliver().more
    tick_result = scheduler_tick()
    assert (tick_result.delivery.sent, tick_result.delivery.more) == (4, False)
    assert len(mailbox.take()) == 6


@pytest.mark.django_db
def test_the_one_shot_command_for_cron(world: World, mailbox: Mailbox) -> None:
    flow.reported(world)
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert out.getvalue().startswith("0 planned, 2 sent, 0 to retry, 0 failed")
    assert len(mailbox.take()) == 2


def test_the_loop_goes_on_after_a_failed_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, transactional_db: None
) -> None:
    """The database or the mail server away for a while: the run fails, is logged, and the
    loop tries again at the next interval. (Each run first closes a stale connection, as the
    scheduler's thread does: that touches the database, outside a test transaction.)"""
    halt = threading.Event()
    calls: list[int] = []

    def flaky_tick(stop: threading.Event | None = None) -> scheduler.Tick:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the database is restarting")
        halt.set()
        return scheduler.Tick(planned=0, delivery=outbox.Delivery())

    monkeypatch.setattr(scheduler, "scheduler_tick", flaky_tick)
    with caplog.at_level(logging.ERROR, logger="breachdesk.alerts.scheduler"):
        scheduler.scheduler_loop(interval=0.01, stop=halt)
    assert len(calls) == 2
    assert "Scheduler run failed" in caplog.text
