"""Settings refuse unsafe production configurations."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run(env, [sys.executable, str(ROOT / "manage.py"), "check", *args])


def _run(env: dict[str, str], command: list[str]) -> subprocess.CompletedProcess[str]:
    # tests/settings.py relaxes these for plain-HTTP tests; a real deployment has none of that.
    relaxed = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE"}
    relaxed |= {"CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "DATABASE_URL"}
    relaxed |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in relaxed}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "breachdesk.settings"
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        command,
        env=clean,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = _check({"DEBUG": "false", "BREACHDESK_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = _check(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "z" * 20,
            "ALLOWED_HOSTS": "breachdesk.example.se",
            "BREACHDESK_DATA_DIR": str(tmp_path),
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_refused(tmp_path: Path) -> None:
    result = _check({"DEBUG": "maybe", "BREACHDESK_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_production_settings_are_secure_by_default(tmp_path: Path) -> None:
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SESSION_COOKIE_AGE, "
        "s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    result = _run(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k" * 50,
            "BREACHDESK_DATA_DIR": str(tmp_path),
        },
        [sys.executable, "-c", script],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "3600",
        "Argon2PasswordHasher",
    ]


def test_postgresql_connections_are_checked_and_pooling_turns_off_server_side_cursors(
    tmp_path: Path,
) -> None:
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    base = {
        "DEBUG": "true",
        "BREACHDESK_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://breachdesk@127.0.0.1:5432/breachdesk",
    }
    direct = _run(base, [sys.executable, "-c", script])
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.split() == ["60", "True", "False"]
    pooled = _run({**base, "DATABASE_POOLED": "true"}, [sys.executable, "-c", script])
    assert pooled.returncode == 0, pooled.stderr
    assert pooled.stdout.split() == ["60", "True", "True"]
