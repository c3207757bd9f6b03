"""Local password login: the login page, lockout by django-axes, argon2 hashes, the audit."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

import breachdesk.settings as production
from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from tests.conftest import PASSWORD, World

WRONG = "not-the-password"


def _login(client: Client, username: str, password: str, **extra: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def _logged_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return None if user_id is None else User.objects.get(pk=user_id).username


def test_a_password_login_says_so_in_the_session_and_the_audit(
    client: Client, world: World
) -> None:
    response = _login(client, "reporter", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in_as(client) == "reporter"
    assert client.session["auth_method"] == "password"
    event = AuditEvent.objects.get(kind="auth.login")
    assert event.actor == world.reporter
    assert event.data == {"method": "password"}


def test_a_wrong_password_keeps_the_user_name_and_is_recorded(client: Client, world: World) -> None:
    response = _login(client, "reporter", WRONG)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="reporter"' in page
    assert 'role="alert"' in page
    assert WRONG not in page
    assert _logged_in_as(client) is None
    event = AuditEvent.objects.get(kind="auth.login_failed")
    assert event.actor == world.reporter
    assert event.data["username"] == "reporter"


def test_a_failed_login_for_an_unknown_name_has_no_actor(client: Client, world: World) -> None:
    _login(client, "nobody-here", WRONG)

    event = AuditEvent.objects.get(kind="auth.login_failed")
    assert event.actor is None
    assert event.data["username"] == "nobody-here"


def test_the_sixth_attempt_is_refused_after_five_failures_even_with_the_right_password(
    client: Client, world: World
) -> None:
    for _attempt in range(4):
        assert _login(client, "reporter", WRONG).status_code == 200
    fifth = _login(client, "reporter", WRONG)
    assert fifth.status_code == 429  # django-axes: Too Many Requests
    assert AuditEvent.objects.filter(kind="auth.locked_out", actor=world.reporter).exists()

    sixth = _login(client, "reporter", PASSWORD)

    assert sixth.status_code == fifth.status_code
    assert _logged_in_as(client) is None
    page = sixth.content.decode()
    assert "15 min" in page
    assert "administrat" in page  # whom to ask, in either language
    assert AuditEvent.objects.filter(kind="auth.login").count() == 0


def test_the_lockout_is_per_user_name(client: Client, world: World) -> None:
    for _attempt in range(5):
        _login(client, "reporter", WRONG)

    assert _login(client, "registrar", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client: Client, world: World) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(5):
            _login(client, "reporter", WRONG)
        clock.shift(timedelta(minutes=14, seconds=59))
        assert _login(Client(), "registrar", PASSWORD).status_code == 302
        assert _logged_in_as(client) is None

        clock.shift(timedelta(seconds=2))
        response = _login(client, "reporter", PASSWORD)

    assert response.status_code == 302
    assert _logged_in_as(client) == "reporter"


def test_an_attempt_during_the_lockout_starts_the_wait_again(client: Client, world: World) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(5):
            _login(client, "reporter", WRONG)
        clock.shift(timedelta(minutes=14))
        assert _login(client, "reporter", PASSWORD).status_code == 429

        clock.shift(timedelta(minutes=14))
        assert _login(client, "reporter", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=15, seconds=1))
        assert _login(client, "reporter", PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(client: Client, world: World) -> None:
    for _attempt in range(4):
        _login(client, "reporter", WRONG)
    assert _login(client, "reporter", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="reporter").exists()
    client.post(reverse("logout"))

    for _attempt in range(4):
        _login(client, "reporter", WRONG)
    response = _login(client, "reporter", PASSWORD)

    assert response.status_code == 302
    assert _logged_in_as(client) == "reporter"


def _lock(world: World) -> None:
    locked = Client()
    for _attempt in range(5):
        _login(locked, "reporter", WRONG)
    assert AccessAttempt.objects.filter(username="reporter").exists()


def test_an_administrator_unlocks_a_user_name_in_the_admin(client: Client, world: World) -> None:
    _lock(world)
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@testby.example", "x"))
    attempt = AccessAttempt.objects.get(username="reporter")

    page = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    assert "reporter" in page.content.decode()
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert _login(client, "reporter", PASSWORD).status_code == 302


def test_the_reset_command_unlocks_a_user_name(client: Client, world: World) -> None:
    _lock(world)

    call_command("axes_reset_username", "reporter")

    assert _login(client, "reporter", PASSWORD).status_code == 302


def test_a_login_without_a_request_is_refused_by_axes(client: Client, world: World) -> None:
    # django-axes needs the request: Client.login() has none, so tests use force_login or post
    # to the login page.
    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(username="reporter", password=PASSWORD)


def test_an_inactive_person_cannot_log_in(client: Client, world: World) -> None:
    world.reporter.is_active = False
    world.reporter.save(update_fields=["is_active"])

    response = _login(client, "reporter", PASSWORD)

    assert response.status_code == 200
    assert _logged_in_as(client) is None


def test_the_next_page_is_kept_but_not_an_outside_address(client: Client, world: World) -> None:
    inside = _login(client, "reporter", PASSWORD, next=reverse("incidents:mine"))
    assert inside["Location"] == reverse("incidents:mine")

    other = Client()
    outside = _login(other, "reporter", PASSWORD, next="https://evil.example/")
    assert outside["Location"] == reverse("home")


def test_logout_is_a_post_and_is_recorded(client: Client, world: World) -> None:
    client.force_login(world.reporter)
    assert client.get(reverse("logout")).status_code == 405

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert _logged_in_as(client) is None
    assert AuditEvent.objects.filter(kind="auth.logout", actor=world.reporter).exists()


@pytest.fixture
def production_hashers(settings: Settings) -> list[str]:
    hashers = list(production.PASSWORD_HASHERS)
    assert hashers[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = hashers
    return hashers


def test_a_new_password_is_stored_with_argon2(production_hashers: list[str], db: None) -> None:
    user = User.objects.create_user("newcomer", password="a long new password 2025")

    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long new password 2025")


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_login(
    production_hashers: list[str], client: Client, world: World
) -> None:
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=world.reporter.pk).update(password=old)

    response = _login(client, "reporter", PASSWORD)

    assert response.status_code == 302
    world.reporter.refresh_from_db()
    assert world.reporter.password.startswith("argon2$argon2id$")
    assert world.reporter.check_password(PASSWORD)
