"""Single sign-on end to end: a person's browser, Breachdesk's live server and a real
OpenID Connect provider in its own process (tests.oidc_provider), all over HTTP."""

import html
import logging
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from breachdesk.accounts.models import User
from breachdesk.accounts.oidc import REFUSAL_MESSAGES, OidcBackend, Refusal
from breachdesk.audit.models import AuditEvent
from breachdesk.orgs.models import Membership
from tests.conftest import PASSWORD, World
from tests.sso_fixtures import (
    DIRECTORY,
    RunningProvider,
    approve,
    browser,
    configure_sso,
    page_of,
    provider_running,
    sso_sign_in,
)

PROVIDER_NAME = "Testby ID"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    with provider_running(tmp_path_factory.mktemp("oidc"), DIRECTORY) as provider:
        yield provider


@pytest.fixture
def sso(settings: SettingsWrapper, oidc_provider: RunningProvider) -> RunningProvider:
    """Breachdesk configured for the test provider, as an administrator would from its
    discovery document."""
    configure_sso(settings, oidc_provider, PROVIDER_NAME)
    return oidc_provider


def session_data(person: requests.Session) -> dict[str, Any]:
    """What Breachdesk holds in this browser's session."""
    key = person.cookies.get(django_settings.SESSION_COOKIE_NAME)
    if not key:
        return {}
    engine = import_module(django_settings.SESSION_ENGINE)
    data: dict[str, Any] = engine.SessionStore(session_key=key).load()
    return data


def signed_in_user(person: requests.Session) -> User | None:
    user_id = session_data(person).get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def sso_events() -> list[tuple[str, str | None, dict[str, Any]]]:
    events = AuditEvent.objects.filter(kind__startswith="auth.sso_").order_by("seq")
    return [(e.kind, e.actor.username if e.actor else None, e.data) for e in events]


def assert_refused(response: requests.Response, base: str, reason: Refusal) -> None:
    """Back on the login page with the reason's message, and no error page on the way."""
    assert all(r.status_code < 400 for r in response.history), [
        (r.status_code, r.url) for r in response.history
    ]
    assert response.status_code == 200
    assert response.url == f"{base}/login/"
    # In the page's language: the browser's, or the person's once signed in.
    language = response.text.split('<html lang="', 1)[1].split('"', 1)[0]
    with translation.override(language):
        message = html.escape(str(REFUSAL_MESSAGES[reason]))
    assert message in response.text


def test_sso_urls_answer_404_and_the_login_page_has_no_button_when_sso_is_off(
    client: Client, settings: SettingsWrapper, db: None
) -> None:
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get("/sso/login/").status_code == 404
    assert client.get("/sso/callback/", {"code": "c", "state": "s"}).status_code == 404
    assert client.post("/sso/logout/").status_code == 404
    page = client.get("/login/", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "Sign in with" not in page.content.decode()


def test_first_sign_in_creates_the_person_without_roles(
    sso: RunningProvider, live_server: Any
) -> None:
    person = browser()
    login_page = person.get(f"{live_server.url}/login/", timeout=10)
    assert f"Sign in with {PROVIDER_NAME}" in page_of(login_page).links

    response = sso_sign_in(person, live_server.url, "eva")

    assert response.status_code == 200
    assert response.url == f"{live_server.url}/alerts/tasks/"
    eva = User.objects.get(email="eva@example.se")
    assert (eva.username, eva.first_name, eva.last_name) == ("eva@example.se", "Eva", "Exempelsson")
    assert not eva.has_usable_password()
    assert not Membership.objects.filter(user=eva).exists()
    claim = {"claim": "email", "value": "eva@example.se"}
    assert sso_events() == [
        ("auth.sso_user_created", "eva@example.se", {**claim, "username": "eva@example.se"}),
        ("auth.sso_login", "eva@example.se", claim),
    ]
    assert signed_in_user(person) == eva
    assert session_data(person)["auth_method"] == "oidc"


def test_second_sign_in_finds_the_same_person(sso: RunningProvider, live_server: Any) -> None:
    sso_sign_in(browser(), live_server.url, "eva")
    second = browser()
    response = sso_sign_in(second, live_server.url, "eva")

    assert response.url == f"{live_server.url}/alerts/tasks/"
    eva = User.objects.get()
    assert signed_in_user(second) == eva
    assert [kind for kind, _, _ in sso_events()] == [
        "auth.sso_user_created",
        "auth.sso_login",
        "auth.sso_login",
    ]


def test_sign_in_returns_to_the_page_asked_for_and_never_elsewhere(
    sso: RunningProvider, live_server: Any
) -> None:
    person = browser()
    asked = person.get(f"{live_server.url}/alerts/", timeout=10)
    assert asked.url == f"{live_server.url}/login/?next=/alerts/"
    response = sso_sign_in(person, live_server.url, "eva", next_url="?next=/alerts/")
    assert response.url == f"{live_server.url}/alerts/"

    response = sso_sign_in(browser(), live_server.url, "eva", "?next=https://evil.example/")
    assert response.url == f"{live_server.url}/alerts/tasks/"


def test_email_matches_an_existing_account_ignoring_case(
    sso: RunningProvider, live_server: Any, world: World
) -> None:
    people = User.objects.count()
    person = browser()
    response = sso_sign_in(person, live_server.url, "rut")

    assert response.status_code == 200
    assert signed_in_user(person) == world.reporter
    assert User.objects.count() == people
    assert world.reporter.memberships.exists()  # her roles stay hers
    assert sso_events() == [
        ("auth.sso_login", "reporter", {"claim": "email", "value": "Reporter@TESTBY.example"})
    ]


def test_another_claim_matches_the_user_name_ignoring_case(
    sso: RunningProvider, settings: SettingsWrapper, live_server: Any, world: World
) -> None:
    settings.OIDC_MATCH_CLAIM = "preferred_username"
    ulla, eva = browser(), browser()
    sso_sign_in(ulla, live_server.url, "ulla")
    sso_sign_in(eva, live_server.url, "eva")

    assert signed_in_user(ulla) == world.outsider
    created = User.objects.get(username="eva.exempelsson@testby.example")
    assert (created.email, created.first_name) == ("eva@example.se", "Eva")
    assert signed_in_user(eva) == created


def test_unknown_person_is_refused_when_accounts_are_not_created(
    sso: RunningProvider, settings: SettingsWrapper, live_server: Any, world: World
) -> None:
    settings.OIDC_CREATE_USER = False
    people = User.objects.count()
    person = browser()
    response = sso_sign_in(person, live_server.url, "eva")

    assert_refused(response, live_server.url, Refusal.NO_ACCOUNT)
    assert User.objects.count() == people
    assert signed_in_user(person) is None
    assert sso_events() == [
        (
            "auth.sso_refused",
            None,
            {"reason": "no_account", "claim": "email", "value": "eva@example.se"},
        )
    ]


def test_a_closed_account_is_refused_and_closing_ends_its_session(
    sso: RunningProvider, live_server: Any, world: World
) -> None:
    signed_in = browser()
    sso_sign_in(signed_in, live_server.url, "rut")
    assert signed_in.get(f"{live_server.url}/incidents/mine/", timeout=10).status_code == 200
    world.reporter.is_active = False
    world.reporter.save(update_fields=["is_active"])

    later = signed_in.get(f"{live_server.url}/incidents/mine/", timeout=10)
    assert later.url.startswith(f"{live_server.url}/login/")

    person = browser()
    response = sso_sign_in(person, live_server.url, "rut")
    assert_refused(response, live_server.url, Refusal.INACTIVE)
    assert signed_in_user(person) is None
    assert sso_events()[-1] == (
        "auth.sso_refused",
        "reporter",
        {"reason": "inactive", "claim": "email", "value": "Reporter@TESTBY.example"},
    )


def test_several_matching_accounts_are_refused(
    sso: RunningProvider, live_server: Any, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    User.objects.create_user("tove", email="tvilling@testby.example")
    User.objects.create_user("tove2", email="TVILLING@testby.example")
    person = browser()
    with caplog.at_level(logging.WARNING, logger="breachdesk.accounts.oidc"):
        response = sso_sign_in(person, live_server.url, "tvilling")

    assert_refused(response, live_server.url, Refusal.SEVERAL_ACCOUNTS)
    assert signed_in_user(person) is None
    assert "several accounts match" in caplog.text
    assert sso_events()[0][2]["reason"] == "several_accounts"


def test_an_unverified_address_does_not_open_its_owners_account(
    sso: RunningProvider, live_server: Any, world: World
) -> None:
    person = browser()
    response = sso_sign_in(person, live_server.url, "mallory")
    assert_refused(response, live_server.url, Refusal.EMAIL_UNVERIFIED)
    assert signed_in_user(person) is None


def test_a_person_without_the_matching_claim_is_refused(
    sso: RunningProvider, live_server: Any, db: None
) -> None:
    response = sso_sign_in(browser(), live_server.url, "anonym")
    assert_refused(response, live_server.url, Refusal.INVALID_CLAIM)
    assert not User.objects.exists()


def test_a_new_address_that_is_another_accounts_user_name_is_refused(
    sso: RunningProvider, live_server: Any, db: None
) -> None:
    User.objects.create_user("eva@example.se", email="eva.e@annan.example")
    response = sso_sign_in(browser(), live_server.url, "eva")
    assert_refused(response, live_server.url, Refusal.USERNAME_TAKEN)
    assert User.objects.count() == 1


@pytest.mark.parametrize("login", ["forged", "replayed"])
def test_an_id_token_with_a_forged_signature_or_another_nonce_is_refused(
    sso: RunningProvider, live_server: Any, db: None, login: str
) -> None:
    person = browser()
    response = sso_sign_in(person, live_server.url, login)
    assert_refused(response, live_server.url, Refusal.EXCHANGE_FAILED)
    assert signed_in_user(person) is None
    assert not User.objects.exists()
    assert sso_events() == [("auth.sso_refused", None, {"reason": "exchange_failed"})]


def test_a_wrong_client_secret_lands_on_the_login_page(
    sso: RunningProvider, settings: SettingsWrapper, live_server: Any, db: None
) -> None:
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    person = browser()
    response = sso_sign_in(person, live_server.url, "eva")
    assert_refused(response, live_server.url, Refusal.EXCHANGE_FAILED)
    assert signed_in_user(person) is None


def test_a_tampered_state_lands_on_the_login_page(
    sso: RunningProvider, live_server: Any, db: None
) -> None:
    person = browser()
    form_page = person.get(f"{live_server.url}/sso/login/", timeout=10)
    action, fields = page_of(form_page).forms[0]
    fields.update({"state": fields["state"] + "x", "username": "eva", "action": "approve"})
    response = person.post(f"{sso.base}{action}", data=fields, timeout=10)

    assert_refused(response, live_server.url, Refusal.STATE_MISMATCH)
    assert signed_in_user(person) is None
    assert not User.objects.exists()


def test_the_providers_answer_works_once(sso: RunningProvider, live_server: Any, db: None) -> None:
    person = browser()
    form_page = person.get(f"{live_server.url}/sso/login/", timeout=10)
    action, fields = page_of(form_page).forms[0]
    fields.update({"username": "eva", "action": "approve"})
    answer = person.post(f"{sso.base}{action}", data=fields, allow_redirects=False, timeout=10)
    callback = answer.headers["Location"]
    assert callback.startswith(f"{live_server.url}/sso/callback/?code=")

    assert person.get(callback, timeout=10).url == f"{live_server.url}/alerts/tasks/"
    again = person.get(callback, timeout=10)
    assert_refused(again, live_server.url, Refusal.STATE_MISMATCH)


def test_cancelling_at_the_provider_lands_on_the_login_page(
    sso: RunningProvider, live_server: Any, db: None
) -> None:
    person = browser()
    form_page = person.get(f"{live_server.url}/sso/login/", timeout=10)
    response = approve(person, form_page, "eva", action="deny")

    assert_refused(response, live_server.url, Refusal.PROVIDER_ERROR)
    assert signed_in_user(person) is None
    assert sso_events() == [
        ("auth.sso_refused", None, {"reason": "provider_error", "error": "access_denied"})
    ]


def test_sso_logout_ends_both_sessions(sso: RunningProvider, live_server: Any, db: None) -> None:
    person = browser()
    page = sso_sign_in(person, live_server.url, "eva")
    # The header's logout button ends the provider's session too after an SSO sign-in.
    assert 'action="/sso/logout/"' in page.text
    token = next(f for _, f in page_of(page).forms if "csrfmiddlewaretoken" in f)
    response = person.post(
        f"{live_server.url}/sso/logout/",
        data={"csrfmiddlewaretoken": token["csrfmiddlewaretoken"]},
        timeout=10,
    )

    assert [r.url.split("?")[0] for r in response.history] == [
        f"{live_server.url}/sso/logout/",
        f"{sso.base}/logout",
    ]
    assert response.url == f"{live_server.url}/login/"
    assert signed_in_user(person) is None
    after = person.get(f"{live_server.url}/incidents/mine/", timeout=10)
    assert after.url.startswith(f"{live_server.url}/login/")


def test_a_password_login_never_reaches_the_provider(
    sso: RunningProvider, world: World, rf: RequestFactory
) -> None:
    request = rf.post("/login/?code=some-code&state=some-state")
    request.session = Client().session
    user = OidcBackend().authenticate(request, username="reporter", password=PASSWORD)
    assert user is None
    assert sso_events() == []
