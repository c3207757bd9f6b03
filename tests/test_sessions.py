"""Sessions: idle expiry, "log out everywhere", deactivation, and the header's account links."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from tests.conftest import PASSWORD, World

LOGIN = reverse("login")

# A script element without src: inline code, which the CSP forbids.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")


@pytest.fixture(autouse=True)
def in_english(client: Client, world: World) -> None:
    """These tests read the English texts (Swedish ones are checked by the catalogue check):
    everyone's chosen language, and the browser's before login."""
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _is_sent_to_login(client: Client, name: str = "incidents:mine") -> bool:
    response = client.get(reverse(name))
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_an_idle_session_ends_after_the_session_age(client: Client, world: World) -> None:
    assert settings.SESSION_COOKIE_AGE == 3600
    # The idle timeout is refreshed at most once a minute, not by a write on every request.
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(LOGIN, {"username": "reporter", "password": PASSWORD})
        assert client.get(reverse("incidents:mine")).status_code == 200

        clock.shift(timedelta(seconds=3601))
        assert _is_sent_to_login(client)


def test_an_active_session_is_renewed_by_each_request(client: Client, world: World) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(world.reporter)
        for _hour in range(3):
            clock.shift(timedelta(minutes=50))
            assert client.get(reverse("incidents:mine")).status_code == 200

        clock.shift(timedelta(minutes=61))
        assert _is_sent_to_login(client)


def test_the_session_cookie_ends_with_the_browser(client: Client, world: World) -> None:
    response = client.post(LOGIN, {"username": "reporter", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_log_out_everywhere_ends_every_session_of_the_person(client: Client, world: World) -> None:
    phone, colleague = Client(), Client()
    for session in (client, phone):
        session.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    colleague.force_login(world.registrar)
    assert client.get(reverse("incidents:mine")).status_code == 200

    response = client.post(reverse("accounts:logout_everywhere"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "logged out everywhere" in client.get(LOGIN).content.decode()
    assert _is_sent_to_login(client)
    assert _is_sent_to_login(phone)
    assert not _is_sent_to_login(colleague)
    event = AuditEvent.objects.get(kind="auth.logout_everywhere")
    assert event.actor == world.coordinator
    world.coordinator.refresh_from_db()
    assert world.coordinator.session_epoch == 1
    # A new login works as before, with the new epoch.
    client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    assert client.get(reverse("incidents:mine")).status_code == 200


def test_log_out_everywhere_is_a_post(client: Client, world: World) -> None:
    client.force_login(world.coordinator)

    assert client.get(reverse("accounts:logout_everywhere")).status_code == 405
    assert client.get(reverse("incidents:mine")).status_code == 200


def test_an_administrator_can_log_a_person_out_everywhere(client: Client, world: World) -> None:
    person = Client()
    person.force_login(world.coordinator)
    root = User.objects.create_superuser("root", "root@testby.example", "x")
    client.force_login(root)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "logout_everywhere", "_selected_action": [str(world.coordinator.pk)]},
    )

    assert _is_sent_to_login(person)
    event = AuditEvent.objects.get(kind="auth.logout_everywhere")
    assert event.actor == root and event.data == {"person": "coordinator"}


def test_deactivating_a_person_ends_their_sessions(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    assert client.get(reverse("incidents:mine")).status_code == 200

    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])

    assert _is_sent_to_login(client)


def test_changing_the_password_ends_other_sessions(client: Client, world: World) -> None:
    client.force_login(world.coordinator)

    world.coordinator.set_password("a quite different password 2025")
    world.coordinator.save(update_fields=["password"])

    assert _is_sent_to_login(client)


def test_the_header_links_the_security_page_and_logs_out_with_a_post(
    client: Client, world: World
) -> None:
    client.force_login(world.reporter)

    page = client.get(reverse("incidents:mine")).content.decode()

    assert f'href="{reverse("accounts:security")}"' in page
    assert f'<form method="post" action="{reverse("logout")}"' in page


def test_the_security_page_shows_the_state_and_the_actions(client: Client, world: World) -> None:
    client.force_login(world.reporter)

    page = client.get(reverse("accounts:security"))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{reverse("accounts:two_factor_enrol")}"' in html
    assert f'action="{reverse("accounts:logout_everywhere")}"' in html
    assert not INLINE_SCRIPT.search(html) and " style=" not in html


def test_the_account_pages_need_a_login(client: Client, world: World) -> None:
    for name in ["accounts:security", "accounts:two_factor_enrol", "accounts:two_factor_verify"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
