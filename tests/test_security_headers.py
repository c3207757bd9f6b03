"""Security headers on every kind of page, and templates that a strict CSP can serve."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World, login

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def _csp(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    policy: dict[str, list[str]] = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.mark.parametrize("who", ["anonymous", "registrar"])
def test_pages_carry_a_strict_content_security_policy(
    client: Client, world: World, who: str
) -> None:
    if who != "anonymous":
        login(client, world.person(who))
    response = client.get(reverse("login" if who == "anonymous" else "incidents:register"))
    assert response.status_code == 200
    policy = _csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_with_case_data_are_not_cached(client: Client, world: World) -> None:
    login(client, world.registrar)
    response = client.get(reverse("incidents:register"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_session_and_csrf_cookies_are_http_only(client: Client, world: World) -> None:
    login(client, world.registrar)
    client.get(reverse("incidents:report"))
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_holds_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    inline_scripts = [
        tag for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I) if "src=" not in tag
    ]
    assert inline_scripts == []
    assert re.findall(r"\son[a-z]+\s*=", text, flags=re.I) == []  # onclick= and the like
    assert re.findall(r"\sstyle\s*=", text, flags=re.I) == []
    assert "<style" not in text.lower()
    assert "javascript:" not in text.lower()
