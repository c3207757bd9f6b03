"""In a real Chromium: single sign-on through the test provider, and two-factor login."""

from base64 import b32decode
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from pytest_django.fixtures import Settings as SettingsWrapper

from breachdesk.audit.models import AuditEvent
from tests import test_browser
from tests.conftest import PASSWORD, build_world
from tests.sso_fixtures import DIRECTORY, RunningProvider, configure_sso, provider_running
from tests.test_browser import page  # noqa: F401 - the Chromium page fixture

pytestmark = test_browser.pytestmark


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    with provider_running(tmp_path_factory.mktemp("oidc"), DIRECTORY) as running:
        yield running


def test_sign_in_with_sso_and_out_again(
    page: Any,  # noqa: F811
    live_server: Any,
    settings: SettingsWrapper,
    provider: RunningProvider,
) -> None:
    configure_sso(settings, provider, "Testby ID")
    # What settings.py derives from the environment: logout may post on to the provider.
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"], "form-action": ["'self'", provider.base]}
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    build_world()
    base = live_server.url

    page.goto(f"{base}/login/")
    page.get_by_role("link", name="Logga in med Testby ID").click()
    page.get_by_label("Användarnamn").fill("rut")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/**")
    assert "Rut Anmälarsson" in page.locator("header").inner_text()
    assert AuditEvent.objects.filter(kind="auth.sso_login", actor__username="reporter").exists()

    page.get_by_role("button", name="Logga ut", exact=True).click()
    # Through the provider's logout and back to the login page.
    page.wait_for_url(f"{base}/login/*")
    page.goto(f"{base}/incidents/mine/")
    assert page.url.startswith(f"{base}/login/")


def test_set_up_two_factor_login_then_log_in_with_a_code(
    page: Any,  # noqa: F811
    live_server: Any,
) -> None:
    build_world()
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("Användarnamn").fill("coordinator")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Säkerhet").click()
    page.get_by_role("link", name="Ställ in tvåfaktorsinloggning").click()
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1  # the QR code
    secret = page.locator("code.reference").inner_text().replace(" ", "")
    key = b32decode(secret)
    page.get_by_label("Kod från appen").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Slå på tvåfaktorsinloggning").click()
    page.get_by_role("button", name="Logga ut", exact=True).click()

    # A minute later (a code is good once: the one that confirmed the app is spent).
    with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=True):
        page.get_by_label("Användarnamn").fill("coordinator")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        # The password alone leads only to the code step.
        page.goto(f"{base}/incidents/")
        assert "/account/" in page.url
        page.get_by_label("Kod från appen").fill(f"{(totp(key) + 1) % 1_000_000:06d}")
        page.get_by_role("button", name="Logga in").click()
        assert page.locator("[role=alert]").count() == 1
        assert AuditEvent.objects.filter(kind="auth.2fa_failed").count() == 1
        page.wait_for_timeout(1100)  # django-otp's back-off after one wrong code
        page.get_by_label("Kod från appen").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="Logga in").click()
        response = page.goto(f"{base}/incidents/")
        assert response.status == 200
        assert page.url == f"{base}/incidents/"  # the register, no longer the code step
        assert AuditEvent.objects.filter(kind="auth.2fa_verified").count() == 1
