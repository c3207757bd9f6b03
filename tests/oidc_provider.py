"""A small OpenID Connect provider for the tests, run in a process of its own.

    python -m tests.oidc_provider --port 0 --users users.json --client-id ID --client-secret S

It speaks the authorisation code flow the way Microsoft Entra ID or a SAML-to-OIDC bridge
does: discovery, /authorize (a form where one types a name from the fictional directory, or
`login_hint` to approve at once), /token (client secret, single-use code, redirect URI),
/userinfo (bearer token), /jwks (an RSA key made at start) and /logout. It prints
"READY <base url>" on stdout once it listens.

The directory is a JSON object: login name -> claims. Two keys steer a person's answers
instead of becoming claims: "_forge_signature" signs their ID token with a key the JWKS does
not hold, "_wrong_nonce" puts another nonce in it, "_id_token_only" lists claims given in the
ID token and not by /userinfo (as Microsoft Entra ID does with preferred_username).
"""

import argparse
import base64
import binascii
import html
import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CODE_SECONDS = 60
TOKEN_SECONDS = 300
STEERING = {"_forge_signature", "_wrong_nonce", "_id_token_only"}


@dataclass
class Grant:
    login: str
    client_id: str
    redirect_uri: str
    nonce: str | None
    expires: float


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_hosts: tuple[str, ...]
    directory: dict[str, dict[str, Any]]
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    codes: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Seconds to add to the machine's clock: tokens are issued on the clock of the tests.
    clock_offset: float = 0.0

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def redirect_allowed(self, uri: str) -> bool:
        parts = urlsplit(uri)
        return parts.scheme in ("http", "https") and parts.hostname in self.redirect_hosts

    def claims(self, login: str) -> dict[str, Any]:
        person = self.directory[login]
        hidden = STEERING | set(person.get("_id_token_only", ()))
        return {k: v for k, v in person.items() if k not in hidden}

    def issue_code(
        self, *, login: str, client_id: str, redirect_uri: str, nonce: str | None
    ) -> str:
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = Grant(
                login, client_id, redirect_uri, nonce, time.monotonic() + CODE_SECONDS
            )
        return code

    def redeem(self, code: str) -> Grant | None:
        with self.lock:
            grant = self.codes.pop(code, None)  # single use, also when it fails later
        if grant is None or grant.expires < time.monotonic():
            return None
        return grant

    def id_token(self, grant: Grant) -> str:
        person = self.directory[grant.login]
        now = int(time.time() + self.clock_offset)
        payload: dict[str, Any] = {
            "iss": self.issuer,
            "sub": person["sub"],
            "aud": grant.client_id,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "auth_time": now,
        }
        payload.update({name: person[name] for name in person.get("_id_token_only", ())})
        if grant.nonce is not None:
            payload["nonce"] = "another-nonce" if person.get("_wrong_nonce") else grant.nonce
        key = self.key
        if person.get("_forge_signature"):
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})

    def access_token(self, login: str) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = (login, time.monotonic() + TOKEN_SECONDS)
        return token

    def holder(self, token: str) -> str | None:
        with self.lock:
            login, expires = self.tokens.get(token, ("", 0.0))
        return login if login and expires > time.monotonic() else None


FORM = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Testby ID</title></head>
<body><h1>Testby ID</h1>{error}
<form method="post" action="/authorize">{hidden}
<p><label for="username">Användarnamn</label> <input id="username" name="username"></p>
<p><button name="action" value="approve">Logga in</button>
<button name="action" value="deny">Avbryt</button></p>
</form></body></html>
"""
AUTHORIZE_PARAMS = ("client_id", "redirect_uri", "response_type", "scope", "state", "nonce")


class Handler(BaseHTTPRequestHandler):
    server: "ProviderServer"

    @property
    def provider(self) -> Provider:
        return self.server.provider

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"oidc-provider: {format % args}\n")

    # Answers

    def send_json(self, body: dict[str, Any], status: int = 200, **headers: str) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def send_html(self, body: str, status: int = 200) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, uri: str, params: dict[str, str]) -> None:
        self.send_response(HTTPStatus.FOUND)
        joiner = "&" if urlsplit(uri).query else "?"
        self.send_header("Location", f"{uri}{joiner}{urlencode(params)}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # Requests

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(body).items()}

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == "/.well-known/openid-configuration":
            self.send_json(self.provider.discovery())
        elif route == "/jwks":
            self.send_json(self.provider.jwks())
        elif route == "/authorize":
            self.authorize(self.query(), submitted=False)
        elif route == "/userinfo":
            self.userinfo()
        elif route == "/logout":
            self.logout(self.query())
        else:
            self.send_json({"error": "not_found"}, 404)

    def do_POST(self) -> None:
        route = urlsplit(self.path).path
        if route == "/authorize":
            self.authorize(self.form(), submitted=True)
        elif route == "/token":
            self.token(self.form())
        else:
            self.send_json({"error": "not_found"}, 404)

    def authorize(self, params: dict[str, str], *, submitted: bool) -> None:
        provider = self.provider
        redirect_uri = params.get("redirect_uri", "")
        # An unknown client or redirect URI is shown here, never redirected to (RFC 6749 4.1.2.1).
        if params.get("client_id") != provider.client_id or not provider.redirect_allowed(
            redirect_uri
        ):
            self.send_html("<p>Unknown client or redirect URI.</p>", 400)
            return
        state = {"state": params["state"]} if "state" in params else {}
        if params.get("response_type") != "code":
            self.redirect(redirect_uri, {"error": "unsupported_response_type", **state})
            return
        if "openid" not in params.get("scope", "").split():
            self.redirect(redirect_uri, {"error": "invalid_scope", **state})
            return
        if submitted and params.get("action") == "deny":
            self.redirect(redirect_uri, {"error": "access_denied", **state})
            return
        login = params.get("username", "") if submitted else params.get("login_hint", "")
        if login not in provider.directory:
            hidden = "".join(
                f'<input type="hidden" name="{name}" value="{html.escape(params[name])}">'
                for name in AUTHORIZE_PARAMS
                if name in params
            )
            error = "<p role='alert'>Okänd användare.</p>" if submitted else ""
            self.send_html(FORM.format(error=error, hidden=hidden))
            return
        code = provider.issue_code(
            login=login,
            client_id=params["client_id"],
            redirect_uri=redirect_uri,
            nonce=params.get("nonce"),
        )
        self.redirect(redirect_uri, {"code": code, **state})

    def client_credentials(self, form: dict[str, str]) -> tuple[str, str]:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:]).decode()
            except (binascii.Error, UnicodeDecodeError):
                return "", ""
            client_id, _, secret = decoded.partition(":")
            return client_id, secret
        return form.get("client_id", ""), form.get("client_secret", "")

    def token(self, form: dict[str, str]) -> None:
        provider = self.provider
        client_id, secret = self.client_credentials(form)
        if client_id != provider.client_id or not secrets.compare_digest(
            secret.encode(), provider.client_secret.encode()
        ):
            self.send_json({"error": "invalid_client"}, 401, WWW_Authenticate="Basic")
            return
        if form.get("grant_type") != "authorization_code":
            self.send_json({"error": "unsupported_grant_type"}, 400)
            return
        grant = provider.redeem(form.get("code", ""))
        if (
            grant is None
            or grant.client_id != client_id
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            self.send_json({"error": "invalid_grant"}, 400)
            return
        self.send_json(
            {
                "access_token": provider.access_token(grant.login),
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
                "id_token": provider.id_token(grant),
            }
        )

    def userinfo(self) -> None:
        header = self.headers.get("Authorization", "")
        login = self.provider.holder(header[7:]) if header.startswith("Bearer ") else None
        if login is None:
            self.send_json({"error": "invalid_token"}, 401, WWW_Authenticate="Bearer")
            return
        self.send_json(self.provider.claims(login))

    def logout(self, params: dict[str, str]) -> None:
        target = params.get("post_logout_redirect_uri", "")
        if params.get("client_id") == self.provider.client_id and self.provider.redirect_allowed(
            target
        ):
            state = {"state": params["state"]} if "state" in params else {}
            self.redirect(target, state)
            return
        self.send_html("<p>Du är utloggad.</p>")


class ProviderServer(ThreadingHTTPServer):
    daemon_threads = True
    provider: Provider


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--users", required=True, help="a JSON file, or the JSON itself")
    parser.add_argument("--client-id", default="breachdesk")
    parser.add_argument("--client-secret", required=True)
    parser.add_argument(
        "--redirect-host",
        action="append",
        help="hosts redirect URIs may name (default: localhost and 127.0.0.1)",
    )
    parser.add_argument(
        "--now",
        type=float,
        help="what the clock says now, in seconds since 1970 (default: the machine's clock)",
    )
    args = parser.parse_args(argv)
    clock_offset = 0.0 if args.now is None else args.now - time.time()
    text = args.users if args.users.lstrip().startswith("{") else Path(args.users).read_text()
    directory = json.loads(text)

    server = ProviderServer((args.host, args.port), Handler)
    host, port = server.server_address[:2]
    server.provider = Provider(
        issuer=f"http://{host!s}:{port}",
        client_id=args.client_id,
        client_secret=args.client_secret,
        redirect_hosts=tuple(args.redirect_host or ("localhost", "127.0.0.1")),
        directory=directory,
        clock_offset=clock_offset,
    )
    print(f"READY {server.provider.issuer}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
