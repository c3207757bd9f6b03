"""Two-factor login with an authenticator app (TOTP, django-otp)."""

import re
from base64 import b32encode
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from breachdesk.accounts.models import User
from breachdesk.accounts.services import controller_two_factor_sessions_end
from breachdesk.accounts.views import ENROL_KEY
from breachdesk.audit.models import AuditEvent
from tests.conftest import PASSWORD, World

VERIFY = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")

# A script element without src: inline code, which the CSP forbids.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")


def code_for(key: str, *, later: int = 0) -> str:
    """The code an authenticator app shows now (or `later` seconds from now) for a hex key."""
    # totp() counts steps from t0 to now: an earlier t0 is a later moment.
    return f"{totp(bytes.fromhex(key), step=30, t0=-later, digits=6, drift=0):06d}"


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    # The middle of a 30-second step, so that a test's codes do not straddle two steps.
    start = timezone.now().replace(microsecond=0)
    start -= timedelta(seconds=start.second % 30 - 10)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def in_english(client: Client, world: World) -> None:
    """These tests read the English texts (Swedish ones are checked by the catalogue check):
    everyone's chosen language, and the browser's before login."""
    User.objects.update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _device(user: User) -> Any:
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def _password_login(client: Client, user: User, **extra: str) -> Any:
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, **extra})


def test_enrolment_shows_a_qr_code_and_the_key_and_needs_a_code(
    client: Client, world: World
) -> None:
    client.force_login(world.coordinator)

    page = client.get(ENROL)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    key = client.session[ENROL_KEY]
    secret = b32encode(bytes.fromhex(key)).decode()
    assert secret[:4] + " " + secret[4:8] in html
    assert not INLINE_SCRIPT.search(html)
    assert " style=" not in html

    wrong = client.post(ENROL, {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "The code does not match" in wrong.content.decode()
    assert client.session[ENROL_KEY] == key  # the QR code already scanned stays valid
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()

    done = client.post(ENROL, {"code": code_for(key)})

    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:security")
    device = TOTPDevice.objects.get(user=world.coordinator)
    assert device.confirmed and device.key == key
    assert client.session["otp_device_id"] == device.persistent_id
    assert AuditEvent.objects.filter(kind="auth.2fa_enrolled", actor=world.coordinator).exists()
    assert client.get(reverse("incidents:register")).status_code == 200


def test_a_code_with_spaces_is_fine_and_letters_are_explained(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    client.get(ENROL)
    key = client.session[ENROL_KEY]

    letters = client.post(ENROL, {"code": "12ab56"})
    assert "Type the six digits the app shows." in letters.content.decode()
    assert 'value="12ab56"' in letters.content.decode()

    code = code_for(key)
    assert client.post(ENROL, {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_a_person_with_an_app_must_type_a_code_before_any_other_page(
    client: Client, world: World, clock: Any
) -> None:
    device = _device(world.coordinator)

    login = _password_login(client, world.coordinator, next=reverse("incidents:register"))

    assert login.status_code == 302
    assert login["Location"].startswith(VERIFY + "?next=")
    for name in ["home", "incidents:register", "incidents:report", "accounts:security"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(VERIFY), name
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)
    assert client.post(reverse("accounts:logout_everywhere")).status_code == 302
    assert client.session.get("_auth_user_id") is not None  # that POST went to the code page
    switched = client.post(reverse("set_language"), {"language": "en", "next": VERIFY})
    assert switched["Location"] == VERIFY
    assert client.get(VERIFY).status_code == 200

    response = client.post(
        VERIFY, {"code": code_for(device.key), "next": reverse("incidents:register")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:register")
    assert client.get(reverse("incidents:register")).status_code == 200
    assert AuditEvent.objects.filter(kind="auth.2fa_verified", actor=world.coordinator).exists()


def test_a_code_cannot_be_used_twice(client: Client, world: World) -> None:
    device = _device(world.coordinator)
    _password_login(client, world.coordinator)
    code = code_for(device.key)
    assert client.post(VERIFY, {"code": code}).status_code == 302

    other = Client()
    _password_login(other, world.coordinator)
    assert other.post(VERIFY, {"code": code}).status_code == 400


def test_wrong_codes_are_counted_and_slowed_down(client: Client, world: World, clock: Any) -> None:
    device = _device(world.coordinator)
    _password_login(client, world.coordinator)
    good = code_for(device.key)
    bad = "000000" if good != "000000" else "111111"

    wrong = client.post(VERIFY, {"code": bad})

    assert wrong.status_code == 400
    assert "The code is wrong" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    event = AuditEvent.objects.get(kind="auth.2fa_failed")
    assert event.actor == world.coordinator and event.data == {"failures": 1}

    # Straight away, even the right code waits: django-otp's throttle (1, 2, 4 … seconds).
    throttled = client.post(VERIFY, {"code": good})
    assert throttled.status_code == 400
    assert "Too many wrong codes. Wait 1 second" in throttled.content.decode()

    clock.shift(timedelta(seconds=2))
    assert client.post(VERIFY, {"code": good}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_admin_login_needs_the_code_too(client: Client, world: World) -> None:
    root = User.objects.create_superuser("root", "root@testby.example", PASSWORD)
    _device(root)

    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_a_required_role_without_an_app_can_only_enrol(client: Client, world: World) -> None:
    world.social.two_factor_required = True
    world.social.save(update_fields=["two_factor_required"])

    login = _password_login(client, world.coordinator)

    assert login["Location"].startswith(ENROL + "?next=")
    for name in ["home", "incidents:register", "accounts:security", "accounts:two_factor_verify"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(ENROL), name
    page = client.get(ENROL)
    assert "requires two-factor login" in page.content.decode()

    done = client.post(ENROL, {"code": code_for(client.session[ENROL_KEY]), "next": "/"})

    assert done["Location"] == "/"
    assert client.get(reverse("incidents:register")).status_code == 200


def test_reporters_are_not_required_to_use_two_factor(client: Client, world: World) -> None:
    world.social.two_factor_required = True
    world.social.save(update_fields=["two_factor_required"])

    login = _password_login(client, world.reporter)

    assert login["Location"] == reverse("home")
    assert client.get(reverse("incidents:mine")).status_code == 200


def test_other_controllers_requirements_do_not_apply(client: Client, world: World) -> None:
    world.school.two_factor_required = True
    world.school.save(update_fields=["two_factor_required"])

    assert _password_login(client, world.coordinator)["Location"] == reverse("home")


def test_single_sign_on_is_exempt(client: Client, world: World) -> None:
    world.social.two_factor_required = True
    world.social.save(update_fields=["two_factor_required"])
    _device(world.dpo)

    client.force_login(world.coordinator, backend="breachdesk.accounts.oidc.OidcBackend")
    assert client.session["auth_method"] == "oidc"
    assert client.get(reverse("incidents:register")).status_code == 200

    other = Client()
    other.force_login(world.dpo, backend="breachdesk.accounts.oidc.OidcBackend")
    assert other.get(reverse("incidents:register")).status_code == 200
    event = AuditEvent.objects.filter(kind="auth.login", actor=world.dpo).get()
    assert event.data == {"method": "oidc"}


def test_turning_the_requirement_on_ends_the_sessions_it_concerns(
    client: Client, world: World
) -> None:
    client.force_login(world.coordinator)
    reporter = Client()
    reporter.force_login(world.reporter)
    world.social.two_factor_required = True
    world.social.save(update_fields=["two_factor_required"])

    ended = controller_two_factor_sessions_end(controller=world.social, actor=world.administrator)

    assert ended == 7  # everyone with a role in social but the two reporters
    assert client.get(reverse("incidents:register"))["Location"].startswith(reverse("login"))
    assert reporter.get(reverse("incidents:mine")).status_code == 200
    _password_login(client, world.coordinator)
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


def test_removing_ones_own_app_needs_a_current_code(client: Client, world: World) -> None:
    device = _device(world.coordinator)
    _password_login(client, world.coordinator)
    client.post(VERIFY, {"code": code_for(device.key)})
    security = client.get(reverse("accounts:security"))
    assert "Turn off" in security.content.decode()

    refused = client.post(reverse("accounts:two_factor_remove"), {"code": "12"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=world.coordinator).exists()

    removed = client.post(
        reverse("accounts:two_factor_remove"), {"code": code_for(device.key, later=30)}
    )

    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    assert AuditEvent.objects.filter(kind="auth.2fa_removed", actor=world.coordinator).exists()


def test_a_required_app_cannot_be_turned_off(client: Client, world: World) -> None:
    world.social.two_factor_required = True
    world.social.save(update_fields=["two_factor_required"])
    device = _device(world.coordinator)
    _password_login(client, world.coordinator)
    client.post(VERIFY, {"code": code_for(device.key)})

    response = client.post(
        reverse("accounts:two_factor_remove"), {"code": code_for(device.key, later=30)}
    )

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=world.coordinator).exists()
    page = client.get(reverse("accounts:security")).content.decode()
    assert "cannot be turned off" in page


def test_an_administrator_removes_the_app_of_a_lost_phone(client: Client, world: World) -> None:
    _device(world.coordinator)
    stuck = Client()
    _password_login(stuck, world.coordinator)
    root = User.objects.create_superuser("root", "root@testby.example", "x")
    client.force_login(root)

    changelist = reverse("admin:accounts_user_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(
        changelist,
        {"action": "remove_two_factor", "_selected_action": [str(world.coordinator.pk)]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    event = AuditEvent.objects.get(kind="auth.2fa_removed")
    assert event.actor == root and event.data == {"person": "coordinator"}
    # The person waiting at the code page carries on with the password alone.
    assert stuck.get(VERIFY)["Location"] == reverse("home")
    assert stuck.get(reverse("incidents:register")).status_code == 200


def test_enrolling_a_new_phone_replaces_the_old_app_and_ends_other_sessions(
    client: Client, world: World, clock: Any
) -> None:
    old = _device(world.coordinator)
    elsewhere = Client()
    for session in (client, elsewhere):
        _password_login(session, world.coordinator)
        session.post(VERIFY, {"code": code_for(old.key)})
        clock.shift(timedelta(seconds=30))

    client.get(ENROL)
    key = client.session[ENROL_KEY]
    assert client.post(ENROL, {"code": code_for(key)}).status_code == 302

    assert list(
        TOTPDevice.objects.filter(user=world.coordinator).values_list("key", flat=True)
    ) == [key]
    assert client.get(reverse("incidents:register")).status_code == 200
    assert elsewhere.get(reverse("incidents:register"))["Location"].startswith(reverse("login"))
