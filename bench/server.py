"""The production server for the page benchmark: gunicorn on plain HTTP on the loopback.

`server_environment()` is what settings.py needs to run outside DEBUG on http://127.0.0.1
(no HTTPS redirect, no secure-only cookies, no HSTS); the benchmark process uses the same, so
that its in-process requests see the same settings as the server.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

WORKERS = 2


def server_environment(data_dir: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "breachdesk.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BREACHDESK_DATA_DIR": str(data_dir),
        "STATIC_ROOT": str(data_dir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """gunicorn with `WORKERS` sync workers, started and stopped by this process."""

    def __init__(self, root: Path, data_dir: Path) -> None:
        self.port = free_port()
        self.log = data_dir / "gunicorn.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "breachdesk.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--timeout",
            "900",
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
                command, cwd=root, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT
            )
        self._wait()

    def _wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        url = f"http://127.0.0.1:{self.port}/login/"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {self.process.returncode}): {self.log}")
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s: {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
