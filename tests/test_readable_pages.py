"""Breachdesk's own pages for 400, 403, 404 and 500, in Swedish and English, and the home page
of everyone: My tasks."""

import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from breachdesk.lib import error_pages
from tests.conftest import World, login

TEXTS = {
    400: {"sv": "Begäran kunde inte läsas", "en": "The request could not be read"},
    403: {"sv": "Du har inte tillgång till sidan", "en": "You do not have access to this page"},
    404: {"sv": "Sidan finns inte", "en": "Page not found"},
    500: {"sv": "Något gick fel", "en": "Sorry, something went wrong"},
    "csrf": {"sv": "Formuläret kunde inte skickas", "en": "The form could not be sent"},
}


def _is_friendly(response: Any, status: int, text: str, language: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert text in page
    assert f'<html lang="{language}"' in page
    assert "Breachdesk" in page and 'class="govuk-template"' in page
    # Never Django's own pages, and nothing the strict CSP would refuse.
    assert "Server Error (500)" not in page and "<h1>Not Found</h1>" not in page
    assert "<script" not in page and "style=" not in page


def _client(language: str, how: str) -> Client:
    client = Client(raise_request_exception=False)
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


LANGUAGES = [("sv", "header"), ("en", "header"), ("en", "cookie")]


@pytest.mark.parametrize(("language", "how"), LANGUAGES)
def test_an_unknown_case_is_the_friendly_404(world: World, language: str, how: str) -> None:
    client = _client(language, how)
    user = world.coordinator
    user.language = language
    user.save(update_fields=["language"])
    login(client, user)
    response = client.get(reverse("incidents:case", args=[uuid.uuid4()]))
    _is_friendly(response, 404, TEXTS[404][language], language)


@pytest.mark.parametrize(("language", "how"), LANGUAGES)
def test_an_unknown_address_is_the_friendly_404(db: None, language: str, how: str) -> None:
    response = _client(language, how).get("/no-such-page/")
    _is_friendly(response, 404, TEXTS[404][language], language)


@pytest.mark.urls("tests.readable_urls")
@pytest.mark.parametrize(("language", "how"), LANGUAGES)
def test_a_fault_is_the_friendly_500(db: None, language: str, how: str) -> None:
    response = _client(language, how).get("/test-fails/")
    _is_friendly(response, 500, TEXTS[500][language], language)


@pytest.mark.urls("tests.readable_urls")
@pytest.mark.parametrize(("language", "how"), LANGUAGES)
def test_a_refusal_is_the_friendly_403(db: None, language: str, how: str) -> None:
    response = _client(language, how).get("/test-refuses/")
    _is_friendly(response, 403, TEXTS[403][language], language)


@pytest.mark.urls("tests.readable_urls")
@pytest.mark.parametrize(("language", "how"), LANGUAGES)
def test_a_suspicious_request_is_the_friendly_400(db: None, language: str, how: str) -> None:
    response = _client(language, how).get("/test-suspicious/")
    _is_friendly(response, 400, TEXTS[400][language], language)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unknown_host_is_the_friendly_400(db: None, language: str) -> None:
    response = _client(language, "header").get("/", HTTP_HOST="elsewhere.example")
    _is_friendly(response, 400, TEXTS[400][language], language)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_form_without_its_csrf_token_is_the_friendly_403(db: None, language: str) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    _is_friendly(response, 403, TEXTS["csrf"][language], language)


def test_the_500_page_needs_no_request_context_and_no_database() -> None:
    """No `db` fixture: pytest-django refuses any query, so the page reads nothing."""
    request = RequestFactory().get("/")
    with translation.override("en"):
        response = error_pages.server_error(request)
    _is_friendly(response, 500, TEXTS[500]["en"], "en")


def test_the_500_page_shows_even_when_its_template_fails(monkeypatch: Any) -> None:
    def broken(name: str) -> Any:
        raise RuntimeError("the template is gone")

    monkeypatch.setattr("django.template.loader.get_template", broken)
    with translation.override("en"):
        response = error_pages.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert TEXTS[500]["en"] in page and "Server Error (500)" not in page


# Home by role ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["reporter", "registrar", "coordinator", "dpo", "manager"])
def test_everyone_lands_on_my_tasks(client: Client, world: World, persona: str) -> None:
    login(client, world.person(persona))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:tasks")
    assert client.get(response["Location"]).status_code == 200


def test_logging_in_leads_to_my_tasks(client: Client, world: World) -> None:
    world.reporter.set_password("ett-långt-lösenord-för-testet")
    world.reporter.save()
    response = client.post(
        reverse("login"),
        {"username": world.reporter.username, "password": "ett-långt-lösenord-för-testet"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("alerts:tasks")
    assert response.status_code == 200


def test_home_asks_a_stranger_to_log_in(client: Client, db: None) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
