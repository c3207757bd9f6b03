"""The session's idle expiry is renewed by requests, but the session is written at most once a
minute (accounts.middleware.SessionRefreshMiddleware), not on every request."""

from datetime import datetime, timedelta

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, World

MINE = reverse("incidents:mine")


def _session_writes(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for query in queries.captured_queries
        if "django_session" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def _expiry(client: Client) -> datetime:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=key).expire_date


def test_the_session_is_not_written_on_every_request() -> None:
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert "breachdesk.accounts.middleware.SessionRefreshMiddleware" in settings.MIDDLEWARE


def test_two_requests_within_a_minute_write_the_session_once(client: Client, world: World) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
        clock.shift(timedelta(seconds=61))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MINE).status_code == 200
            renewed = _expiry(client)
            clock.shift(timedelta(seconds=30))
            assert client.get(MINE).status_code == 200
        assert _session_writes(queries) == 1
        assert (
            _expiry(client)
            == renewed
            == timezone.now()
            - timedelta(seconds=30)
            + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        )


def test_a_request_after_more_than_a_minute_renews_the_expiry(client: Client, world: World) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
        at_login = _expiry(client)
        clock.shift(timedelta(seconds=59))
        assert client.get(MINE).status_code == 200
        assert _expiry(client) == at_login  # within the minute: not written
        clock.shift(timedelta(seconds=2))
        assert client.get(MINE).status_code == 200
        assert _expiry(client) == at_login + timedelta(seconds=61)


def test_steady_requests_keep_the_session_and_an_idle_hour_ends_it(
    client: Client, world: World
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
        # Seventy minutes of a request every 50 seconds: only every other one writes.
        with CaptureQueriesContext(connection) as queries:
            for _ in range(84):
                clock.shift(timedelta(seconds=50))
                assert client.get(MINE).status_code == 200
        assert _session_writes(queries) == 42
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(MINE)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_unknown_session_cookie_makes_no_session(client: Client, world: World) -> None:
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key-0123456789abcdef"
    assert client.get(reverse("login")).status_code == 200
    assert client.get(MINE).status_code == 302
    assert not Session.objects.exists()
