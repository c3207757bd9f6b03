"""The test OpenID Connect provider in its own process, and a person using it through HTTP."""

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "breachdesk"
CLIENT_SECRET = "testby-id-client-secret-" + "s" * 16
START_SECONDS = 20

# The provider's fictional user directory: login name -> claims.
DIRECTORY: dict[str, dict[str, Any]] = {
    # Nobody in Breachdesk yet.
    "eva": {
        "sub": "e7a1c0de-0001",
        "email": "eva@example.se",
        "email_verified": True,
        "given_name": "Eva",
        "family_name": "Exempelsson",
        "name": "Eva Exempelsson",
        "preferred_username": "eva.exempelsson@testby.example",
    },
    # tests.conftest's reporter (reporter@testby.example), the address in other letters.
    "rut": {
        "sub": "e7a1c0de-0002",
        "email": "Reporter@TESTBY.example",
        "email_verified": True,
        "given_name": "Rut",
        "family_name": "Anmälarsson",
        "preferred_username": "rut.anmalarsson@testby.example",
    },
    # tests.conftest's outsider by user name, given in the ID token only (as by Entra ID);
    # her address is not the one in Breachdesk.
    "ulla": {
        "sub": "e7a1c0de-0003",
        "email": "ulla.utomsson@konsult.example",
        "email_verified": True,
        "given_name": "Ulla",
        "family_name": "Utomsson",
        "preferred_username": "OUTSIDER",
        "_id_token_only": ["preferred_username"],
    },
    # Claims the DPO's address without the provider having verified it.
    "mallory": {
        "sub": "e7a1c0de-0004",
        "email": "dpo@testby.example",
        "email_verified": False,
        "given_name": "Mallory",
        "family_name": "Falskdotter",
    },
    "tvilling": {
        "sub": "e7a1c0de-0005",
        "email": "tvilling@testby.example",
        "email_verified": True,
        "given_name": "Tove",
        "family_name": "Tvillingsson",
    },
    # No e-mail claim at all.
    "anonym": {"sub": "e7a1c0de-0006", "preferred_username": "anonym"},
    # The provider's answers go wrong for these two.
    "forged": {"sub": "e7a1c0de-0007", "email": "forged@example.se", "_forge_signature": True},
    "replayed": {"sub": "e7a1c0de-0008", "email": "replayed@example.se", "_wrong_nonce": True},
}


@dataclass(frozen=True)
class RunningProvider:
    base: str
    client_id: str
    client_secret: str
    process: subprocess.Popen[str]

    def endpoint(self, name: str) -> str:
        configuration: dict[str, str] = requests.get(
            f"{self.base}/.well-known/openid-configuration", timeout=5
        ).json()
        return configuration[name]


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    stdout = process.stdout
    assert stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0] if lines else ""


@contextmanager
def provider_running(
    workdir: Path, directory: dict[str, dict[str, Any]]
) -> Iterator[RunningProvider]:
    """Start tests.oidc_provider on a free port, wait until it answers, stop it afterwards."""
    users = workdir / "users.json"
    users.write_text(json.dumps(directory, ensure_ascii=False), encoding="utf-8")
    log = (workdir / "provider.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "tests.oidc_provider",
            "--port",
            "0",
            "--users",
            str(users),
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            # The tests' clock (tests.conftest pins it), not the machine's: the tokens' times.
            "--now",
            str(time.time()),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        line = _first_line(process, START_SECONDS)
        assert line.startswith("READY "), f"the provider did not start: {line!r}"
        base = line.split()[1]
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if requests.get(f"{base}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the provider does not answer"
            time.sleep(0.05)
        yield RunningProvider(base, CLIENT_ID, CLIENT_SECRET, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class _Forms(HTMLParser):
    """The forms and links of a page: enough of a browser for these tests."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.links: dict[str, str] = {}  # text -> href
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
        elif tag == "input" and self.forms and values.get("name"):
            self.forms[-1][1][values["name"]] = values.get("value", "")
        elif tag == "a" and "href" in values:
            self._href, self._text = values["href"], ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links[" ".join(self._text.split())] = self._href
            self._href = None


def page_of(response: requests.Response) -> _Forms:
    parser = _Forms()
    parser.feed(response.text)
    return parser


def browser() -> requests.Session:
    """A new person's browser, reading the pages in English (the msgids: stable in tests)."""
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    return session


def approve(
    session: requests.Session, form_page: requests.Response, login: str, action: str = "approve"
) -> requests.Response:
    """Type `login` on the provider's form and press a button; follow where it leads."""
    action_url, fields = page_of(form_page).forms[0]
    fields.update({"username": login, "action": action})
    return session.post(urljoin(form_page.url, action_url), data=fields, timeout=10)


def sso_sign_in(
    session: requests.Session, base: str, login: str, next_url: str = ""
) -> requests.Response:
    """Click "Sign in with …" on Breachdesk's login page and sign in at the provider as `login`."""
    login_page = session.get(f"{base}/login/{next_url}", timeout=10)
    assert login_page.status_code == 200
    href = next(
        h for text, h in page_of(login_page).links.items() if text.startswith("Sign in with")
    )
    form_page = session.get(urljoin(login_page.url, href), timeout=10)
    assert form_page.status_code == 200, form_page.text
    return approve(session, form_page, login)


def configure_sso(settings: Any, provider: RunningProvider, name: str) -> None:
    """Point Breachdesk at `provider`, as an administrator would from its discovery document
    (`settings` is pytest-django's settings fixture)."""
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.endpoint("authorization_endpoint")
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.endpoint("token_endpoint")
    settings.OIDC_OP_USER_ENDPOINT = provider.endpoint("userinfo_endpoint")
    settings.OIDC_OP_JWKS_ENDPOINT = provider.endpoint("jwks_uri")
    settings.OIDC_OP_LOGOUT_ENDPOINT = provider.endpoint("end_session_endpoint")
    settings.OIDC_PROVIDER_NAME = name
    settings.OIDC_MATCH_CLAIM = "email"
    settings.OIDC_CREATE_USER = True
