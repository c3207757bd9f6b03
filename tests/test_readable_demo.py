"""The demo runs as production does: DEBUG off, so its visitors see Breachdesk's own error
pages, never Django's technical ones, and whitenoise serves the static files.

Starts the real `serve` with the environment scripts/demo.sh sets (read from the script
itself), on a fresh SQLite database without the demo world.
"""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.mailbox import free_port
from tests.production import own_sqlite_database
from tests.test_serve import _breachdesk, _wait_for

ROOT = Path(__file__).resolve().parent.parent


def _demo_environment(tmp_path: Path) -> dict[str, str]:
    """The variables scripts/demo.sh exports before it starts the server."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
        and not key.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    clean.update(BREACHDESK_DATA_DIR=str(tmp_path / "data"), STATIC_ROOT=str(tmp_path / "static"))
    script = (
        "set -euo pipefail; eval \"$(sed -n '/^export DEBUG/,/^export EMAIL_BACKEND/p' "
        'scripts/demo.sh)"; env -0'
    )
    found = subprocess.run(  # noqa: S603
        ["/bin/bash", "-c", script], cwd=ROOT, env=clean, capture_output=True, check=True
    )
    pairs = (item.split("=", 1) for item in found.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as page:  # noqa: S310
            return page.status, page.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@own_sqlite_database
def test_the_demo_shows_the_friendly_pages_and_serves_its_static_files(tmp_path: Path) -> None:
    environment = _demo_environment(tmp_path)
    assert environment["DEBUG"] == "false"
    assert len(environment["SECRET_KEY"]) > 40
    _breachdesk("migrate", "--no-input", "-v0", environment=environment)
    _breachdesk("collectstatic", "--no-input", "-v0", environment=environment)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "breachdesk", "serve", f"127.0.0.1:{port}"],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return _get(f"{base}/login/")[0] == 200
        except OSError:
            return False

    try:
        assert _wait_for(answers, 60), (tmp_path / "serve.log").read_text()
        status, page = _get(f"{base}/no-such-page/")
        assert status == 404
        assert "Page not found" in page and "Breachdesk" in page
        assert "Using the URLconf" not in page and "DEBUG = True" not in page
        status, css = _get(f"{base}/static/css/app.css")
        assert status == 200 and css.strip()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
