"""Run `breachdesk` as an operator does: its own process, production settings, the database
named by the arguments (never the test suite's)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# What the test process has that a production process must not inherit.
_INHERITED_NOT = {
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "BREACHDESK_DATA_DIR",
    "BREACHDESK_TEST_DATABASE_DIR",
    "DEBUG",
    "SECRET_KEY",
}


# A test that starts `breachdesk` on a SQLite database of its own (it leaves DATABASE_URL out)
# does exactly the same on the PostgreSQL run as on the SQLite run: it touches neither test
# database. It runs once, on the SQLite run, instead of twice.
own_sqlite_database = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="runs breachdesk on a SQLite database of its own, as on the SQLite run",
)


def breachdesk(*args: str, data_dir: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """`breachdesk ARGS` with production settings, its data in `data_dir` and `environment`
    (DATABASE_URL …); the result, whatever its exit status."""
    variables = {key: value for key, value in os.environ.items() if key not in _INHERITED_NOT}
    variables.update(
        DJANGO_SETTINGS_MODULE="breachdesk.settings",
        SECRET_KEY="operations-test-only-" + "k" * 40,
        DEBUG="false",
        BREACHDESK_DATA_DIR=str(data_dir),
    )
    variables.update(environment)
    return subprocess.run(  # noqa: S603 (our own interpreter and package)
        [sys.executable, "-m", "breachdesk", *args],
        env=variables,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
