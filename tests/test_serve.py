"""`breachdesk serve`: the web server and the scheduler beside it, as the demo starts them.

Runs the real command in its own process on a fresh SQLite database with the demo world, and
checks that pages answer, that the scheduler sends the demo's waiting e-mails (to files), and
that SIGTERM stops both.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.mailbox import free_port
from tests.production import own_sqlite_database


def _environment(data_dir: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    environment.update(
        DEBUG="true",
        BREACHDESK_DATA_DIR=str(data_dir),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        SCHEDULER_INTERVAL="1",
    )
    return environment


def _breachdesk(*args: str, environment: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "breachdesk", *args],
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


@own_sqlite_database
def test_serve_runs_the_web_server_and_the_scheduler_and_stops_both(tmp_path: Path) -> None:
    environment = _environment(tmp_path)
    _breachdesk("migrate", "--no-input", "-v0", environment=environment)
    _breachdesk("demo", environment=environment)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "breachdesk", "serve", f"127.0.0.1:{port}"],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        def login_page_answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as page:
                    return bool(page.status == 200)
            except OSError:
                return False

        assert _wait_for(login_page_answers, 60), (tmp_path / "serve.log").read_text()
        mail_dir = tmp_path / "mail"
        assert _wait_for(lambda: mail_dir.is_dir() and any(mail_dir.iterdir()), 60), (
            tmp_path / "serve.log"
        ).read_text()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Scheduler started" in output
    assert "Scheduler stopped." in output
    sent = b"".join(path.read_bytes() for path in mail_dir.iterdir())
    assert b"Auto-Submitted: auto-generated" in sent
    # Nothing is left listening or running: the port is free again.
    assert not login_page_answers()
