"""The calendar feed: a person's deadlines as iCalendar, reached by the secret in its address.

The clock stands on Saturday 2026-03-28 12:30 in Stockholm, the day before summer time begins:
a case discovered at 12:00 (CET, 11:00 UTC) is due 72 hours later, on Tuesday 13:00 CEST, which
is 11:00 UTC again.
"""

import re
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from icalendar import Calendar, Component

from breachdesk.accounts.models import User
from breachdesk.accounts.services import calendar_key_issue, calendar_key_revoke
from breachdesk.alerts.tasks import tasks_for
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident, Measure
from breachdesk.lib.deadlines import STOCKHOLM
from tests import flow
from tests.conftest import World, at

NOW = at("2026-03-28 12:30")
DISCOVERED = at("2026-03-28 12:00")
DUE = datetime(2026, 3, 31, 11, 0, tzinfo=UTC)
MEASURE_DUE = date(2026, 4, 2)
MEASURE = "Ring Kalle Kula och be honom radera meddelandet."
HOST = urlsplit(settings.SITE_URL).hostname


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _acknowledged_case(world: World) -> Incident:
    return flow.acknowledged(world, discovered_at=DISCOVERED, occurred_at=at("2026-03-28 09:00"))


def _measure(world: World, incident: Incident) -> Measure:
    return flow.measure(
        world, incident, description=MEASURE, responsible=world.coordinator, due_on=MEASURE_DUE
    )


def _languages(user: User, *, interface: str, email: str) -> None:
    user.language = interface
    user.email_language = email
    user.save(update_fields=["language", "email_language"])


def _feed_url(key: str) -> str:
    return reverse("calendar_feed", kwargs={"key": key})


def _fetch(url: str, *, accept_language: str = "") -> tuple[str, Calendar]:
    """The feed's text (long lines unfolded) and the calendar parsed from it."""
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = Client().get(url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode().replace("\r\n ", ""), Calendar.from_ical(response.content)


def _feed_of(user: User, *, accept_language: str = "") -> tuple[str, Calendar]:
    return _fetch(_feed_url(calendar_key_issue(user=user)), accept_language=accept_language)


def _events(calendar: Calendar) -> dict[str, Component]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _case_link(incident: Incident) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("incidents:case", args=[incident.code])


def test_the_feed_is_a_published_calendar_named_after_the_person(world: World) -> None:
    text, calendar = _feed_of(world.coordinator)
    assert calendar["VERSION"] == "2.0"
    assert "Breachdesk" in str(calendar["PRODID"])
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Breachdesk – Cecilia Samordnarsson"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "X-PUBLISHED-TTL:PT1H" in text
    assert calendar.walk("VEVENT") == []


def test_the_imy_deadline_is_at_the_exact_instant_across_the_summer_time_change(
    world: World,
) -> None:
    incident = _acknowledged_case(world)
    assert incident.imy_due_at == DUE
    _languages(world.coordinator, interface="sv", email="en")
    text, calendar = _feed_of(world.coordinator)
    event = _events(calendar)[f"case-{incident.code}@{HOST}"]
    start = event.decoded("DTSTART")
    assert start == DUE
    assert start.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M %Z") == "2026-03-31 13:00 CEST"
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert "DTSTART:20260331T110000Z" in text, "an instant in UTC, no time zone to misread"
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["SUMMARY"]) == f"IMY deadline: {incident.diary_number}"
    assert str(event["URL"]) == _case_link(incident)
    assert str(event["DESCRIPTION"]) == _case_link(incident)


def test_a_measure_is_an_all_day_event_on_its_due_day(world: World) -> None:
    incident = _acknowledged_case(world)
    measure = _measure(world, incident)
    _languages(world.coordinator, interface="sv", email="en")
    text, calendar = _feed_of(world.coordinator)
    event = _events(calendar)[f"measure-{measure.pk}@{HOST}"]
    start = event.decoded("DTSTART")
    assert type(start) is date
    assert start == MEASURE_DUE
    assert event.decoded("DTEND") == MEASURE_DUE + timedelta(days=1)
    assert "DTSTART;VALUE=DATE:20260402" in text
    assert str(event["SUMMARY"]) == f"Measure due: {incident.diary_number}"
    assert str(event["URL"]) == _case_link(incident)


def test_a_report_to_register_is_due_at_its_deadline(world: World) -> None:
    incident = flow.reported(world, discovered_at=DISCOVERED, occurred_at=at("2026-03-28 09:00"))
    _languages(world.registrar, interface="sv", email="en")
    _text, calendar = _feed_of(world.registrar)
    event = _events(calendar)[f"register-{incident.code}@{HOST}"]
    assert event.decoded("DTSTART") == DUE
    assert str(event["SUMMARY"]) == f"Register: {incident.reference}"
    link = settings.SITE_URL.rstrip("/") + reverse("incidents:case_register", args=[incident.code])
    assert str(event["URL"]) == link


@pytest.mark.parametrize(
    ("interface", "email", "imy_deadline", "measure_due"),
    [
        ("en", "sv", "IMY-frist: {}", "Åtgärd klar senast: {}"),
        ("sv", "en", "IMY deadline: {}", "Measure due: {}"),
    ],
)
def test_summaries_come_in_the_persons_email_language(
    world: World, interface: str, email: str, imy_deadline: str, measure_due: str
) -> None:
    incident = _acknowledged_case(world)
    _measure(world, incident)
    _languages(world.coordinator, interface=interface, email=email)
    # The calendar program asks in the interface language: the e-mail language still wins.
    _text, calendar = _feed_of(world.coordinator, accept_language=interface)
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    number = incident.diary_number
    assert summaries == sorted([imy_deadline.format(number), measure_due.format(number)])


def test_the_feed_holds_no_content_of_the_case(world: World) -> None:
    incident = _acknowledged_case(world)
    _measure(world, incident)
    text, calendar = _feed_of(world.coordinator)
    assert len(calendar.walk("VEVENT")) == 2
    for content in [
        incident.description,
        MEASURE,
        incident.reporter_name,
        incident.unit.name,
        incident.controller.name,
    ]:
        assert content not in text
    for event in calendar.walk("VEVENT"):
        assert re.fullmatch(r"[^:]+: " + re.escape(incident.display_number), str(event["SUMMARY"]))
        assert event["CLASS"] == "PRIVATE"


def test_the_same_task_keeps_its_uid_from_fetch_to_fetch(world: World) -> None:
    incident = _acknowledged_case(world)
    _measure(world, incident)
    url = _feed_url(calendar_key_issue(user=world.coordinator))
    first = _events(_fetch(url)[1])
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        second = _events(_fetch(url)[1])
    assert len(first) == 2
    assert first.keys() == second.keys()


def test_tasks_without_a_due_time_are_left_out(world: World) -> None:
    incident = flow.notified(world, discovered_at=DISCOVERED, occurred_at=at("2026-03-28 09:00"))
    kinds = [task.kind for task in tasks_for(user=world.decision_maker)]
    assert kinds == ["decide"]
    _text, calendar = _feed_of(world.decision_maker)
    assert calendar.walk("VEVENT") == []
    # The coordinator's case is notified: its clock has stopped, so it has no deadline.
    assert [task.incident for task in tasks_for(user=world.coordinator)] == [incident]
    assert _feed_of(world.coordinator)[1].walk("VEVENT") == []


def test_a_notified_case_keeps_its_measure_but_loses_its_deadline(world: World) -> None:
    incident = flow.notified(world, discovered_at=DISCOVERED, occurred_at=at("2026-03-28 09:00"))
    measure = _measure(world, incident)
    events = _events(_feed_of(world.coordinator)[1])
    assert list(events) == [f"measure-{measure.pk}@{HOST}"]


def test_a_closed_case_leaves_the_feed(world: World) -> None:
    incident = _acknowledged_case(world)
    _measure(world, incident)
    url = _feed_url(calendar_key_issue(user=world.coordinator))
    assert len(_fetch(url)[1].walk("VEVENT")) == 2
    services.incident_close_not_incident(
        incident=incident, actor=world.coordinator, reason="Uppgifterna var offentliga."
    )
    assert _fetch(url)[1].walk("VEVENT") == []


def test_an_unknown_revoked_or_replaced_key_gives_404(client: Client, world: World) -> None:
    assert client.get(_feed_url(secrets.token_urlsafe(32))).status_code == 404
    assert client.get(_feed_url("x" * 5000)).status_code == 404

    revoked = calendar_key_issue(user=world.coordinator)
    assert client.get(_feed_url(revoked)).status_code == 200
    calendar_key_revoke(user=world.coordinator)
    assert client.get(_feed_url(revoked)).status_code == 404

    old = calendar_key_issue(user=world.coordinator)
    new = calendar_key_issue(user=world.coordinator)
    assert client.get(_feed_url(old)).status_code == 404
    assert client.get(_feed_url(new)).status_code == 200


def test_the_key_of_an_inactive_person_gives_404(client: Client, world: World) -> None:
    key = calendar_key_issue(user=world.coordinator)
    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])
    assert client.get(_feed_url(key)).status_code == 404


def test_the_feed_is_read_only(client: Client, world: World) -> None:
    key = calendar_key_issue(user=world.coordinator)
    assert client.head(_feed_url(key)).status_code == 200
    assert client.post(_feed_url(key)).status_code == 405
