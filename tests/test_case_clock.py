"""The 72-hour clock as people read it (incidents.clock): its states in words, its one way of
writing a duration, the deadline in Swedish time, and where it shows (the case page's banner,
the register's and the queue's clock column)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from breachdesk.incidents import services
from breachdesk.incidents.clock import (
    STATE_LABELS,
    ClockState,
    case_clock,
    duration_text,
    moment_text,
)
from breachdesk.incidents.models import Incident
from breachdesk.incidents.workflow import ImyDecision, State
from tests import flow
from tests.conftest import World, login

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Stockholm


def _incident(**fields: Any) -> Incident:
    """An incident in memory: the clock reads only its own columns."""
    values: dict[str, Any] = {"state": State.ACKNOWLEDGED, "imy_due_at": NOW + timedelta(hours=30)}
    values.update(fields)
    return Incident(**values)


@pytest.mark.parametrize(
    ("delta", "english", "swedish"),
    [
        (timedelta(hours=24), "1 d 0 h", "1 dygn 0 tim"),
        (timedelta(hours=23, minutes=59), "23 h 59 min", "23 tim 59 min"),
        (timedelta(hours=23, minutes=59, seconds=59), "23 h 59 min", "23 tim 59 min"),
        (timedelta(minutes=1), "1 min", "1 min"),
        (timedelta(seconds=59), "0 min", "0 min"),
        (timedelta(days=2, hours=5, minutes=40), "2 d 5 h", "2 dygn 5 tim"),
        (timedelta(hours=1687, minutes=12), "70 d 7 h", "70 dygn 7 tim"),
        (-timedelta(hours=1687, minutes=12), "70 d 7 h", "70 dygn 7 tim"),
    ],
)
def test_a_duration_is_days_and_hours_over_a_day_else_hours_and_minutes(
    delta: timedelta, english: str, swedish: str
) -> None:
    with translation.override("en"):
        assert duration_text(delta) == english
    with translation.override("sv"):
        assert duration_text(delta) == swedish


def test_the_deadline_is_written_out_in_swedish_time() -> None:
    moment = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    with translation.override("sv"):
        assert moment_text(moment) == "torsdag 3 december 2026 kl. 14.00"
    with translation.override("en"):
        assert moment_text(moment) == "Thursday 3 December 2026 at 14:00"
    summer = datetime(2026, 6, 1, 10, 30, tzinfo=UTC)  # CEST, two hours ahead
    with translation.override("sv"):
        assert moment_text(summer) == "måndag 1 juni 2026 kl. 12.30"


@pytest.mark.parametrize(
    ("left", "state", "text"),
    [
        (timedelta(hours=53, minutes=10), ClockState.RUNNING, "2 d 5 h left"),
        (timedelta(hours=24), ClockState.RUNNING, "1 d 0 h left"),
        (timedelta(hours=23, minutes=59), ClockState.SOON, "23 h 59 min left"),
        (timedelta(0), ClockState.SOON, "0 min left"),
        (-timedelta(minutes=1), ClockState.OVERDUE, "overdue by 1 min"),
        (-timedelta(hours=1687, minutes=12), ClockState.OVERDUE, "overdue by 70 d 7 h"),
    ],
)
def test_a_running_clock_says_how_much_is_left_or_how_late(
    left: timedelta, state: ClockState, text: str
) -> None:
    clock = case_clock(incident=_incident(imy_due_at=NOW + left), now=NOW)
    assert clock is not None
    assert clock.state == state
    assert clock.running
    with translation.override("en"):
        assert clock.text == text
    with translation.override("sv"):
        assert "kvar" in clock.text or "försenad med" in clock.text


def test_the_states_differ_in_words_not_only_in_colour() -> None:
    labels = {str(label) for label in STATE_LABELS.values()}
    assert len(labels) == len(ClockState)
    with translation.override("sv"):
        assert str(STATE_LABELS[ClockState.SOON]) == "Mindre än 24 timmar kvar"
        assert str(STATE_LABELS[ClockState.RUNNING]) == "Minst 24 timmar kvar"


def test_the_clock_runs_while_a_decision_to_notify_waits_for_the_notification() -> None:
    incident = _incident(state=State.ASSESSED, imy_decision=ImyDecision.NOTIFY)
    clock = case_clock(incident=incident, now=NOW)
    assert clock is not None and clock.state == ClockState.RUNNING


def test_a_notification_stops_the_clock_within_or_after_the_deadline() -> None:
    due = NOW
    on_time = _incident(
        state=State.NOTIFIED, imy_due_at=due, imy_notified_at=due - timedelta(hours=2)
    )
    clock = case_clock(incident=on_time, now=NOW + timedelta(days=30))
    assert clock is not None and clock.state == ClockState.NOTIFIED and not clock.late
    with translation.override("en"):
        assert (
            clock.text == "IMY notified on Wednesday 2 December 2026 at 08:00, within the deadline"
        )
    late = _incident(state=State.DECIDED, imy_due_at=due, imy_notified_at=due + timedelta(hours=50))
    clock = case_clock(incident=late, now=NOW + timedelta(days=30))
    assert clock is not None and clock.late
    with translation.override("sv"):
        assert clock.text == (
            "Anmäld till IMY fredag 4 december 2026 kl. 12.00, 2 dygn 2 tim efter fristen"
        )


def test_a_decision_not_to_notify_or_closing_as_not_an_incident_stops_the_clock() -> None:
    decided = _incident(
        state=State.ASSESSED,
        imy_decision=ImyDecision.NOT_NOTIFY,
        imy_decided_at=NOW - timedelta(hours=1),
    )
    clock = case_clock(incident=decided, now=NOW)
    assert clock is not None and clock.state == ClockState.NOT_NOTIFYING and not clock.running
    with translation.override("en"):
        assert "not to notify IMY, within the deadline" in clock.text
    closed = _incident(state=State.CLOSED, not_an_incident=True, closed_at=NOW)
    clock = case_clock(incident=closed, now=NOW)
    assert clock is not None and clock.state == ClockState.NOT_AN_INCIDENT


def test_the_case_page_shows_the_clock_in_a_banner(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    with time_machine.travel(incident.imy_due_at - timedelta(hours=5), tick=False):
        # Signed in at that moment: a session idle for hours has ended.
        text = (
            login(client, world.coordinator)
            .get(reverse("incidents:case", args=[incident.code]))
            .content.decode()
        )
    assert 'class="govuk-notification-banner bd-clock-banner bd-clock-banner--soon"' in text
    assert "Mindre än 24 timmar kvar" in text
    assert "5 tim 0 min kvar" in text
    assert "Anmäl till IMY senast" in text
    assert moment_text(incident.imy_due_at) in text


def test_the_banner_says_when_imy_was_notified(client: Client, world: World) -> None:
    incident = flow.notified(world)
    text = (
        login(client, world.coordinator)
        .get(reverse("incidents:case", args=[incident.code]))
        .content.decode()
    )
    assert "bd-clock-banner--notified" in text
    assert "Stoppad: anmäld till IMY" in text
    assert "inom fristen" in text


def test_the_queue_shows_how_late_a_report_is(client: Client, world: World) -> None:
    incident = flow.reported(world)
    with time_machine.travel(incident.imy_due_at + timedelta(hours=537), tick=False):
        text = login(client, world.registrar).get(reverse("incidents:queue")).content.decode()
    assert "försenad med 22 dygn 9 tim" in text
    assert 'data-label="72 timmar"' in text


def test_the_register_shows_the_clock_without_more_queries(client: Client, world: World) -> None:
    login(client, world.dpo)
    assert client.get(reverse("incidents:register")).status_code == 200
    flow.acknowledged(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("incidents:register"))
        assert response.status_code == 200
        return len(captured.captured_queries)

    one = queries()
    notified = flow.notified(world)
    flow.decided(world, notify=False)
    services.incident_close_not_incident(
        incident=flow.acknowledged(world), actor=world.coordinator, reason="Inga personuppgifter."
    )
    assert queries() == one
    text = client.get(reverse("incidents:register")).content.decode()
    assert notified.display_number in text
    assert "stoppad" in text
    assert "kvar" in text


def test_a_stopped_clock_after_the_deadline_says_so_in_the_register(
    client: Client, world: World
) -> None:
    discovered = timezone.now() - timedelta(days=4)
    incident = flow.assessed(
        world, occurred_at=discovered - timedelta(hours=2), discovered_at=discovered
    )
    services.imy_notify(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now() - timedelta(minutes=1),
        complete=True,
        imy_case_number="",
        content="Anmälan om felskickad e-post.",
        delay_reason="Uppgifterna kom fram sent.",
    )
    incident.refresh_from_db()
    clock = case_clock(incident=incident)
    assert clock is not None and clock.state == ClockState.NOTIFIED and clock.late
    text = login(client, world.dpo).get(reverse("incidents:register")).content.decode()
    assert 'stoppad <span class="bd-clock__late">(efter fristen)</span>' in text
