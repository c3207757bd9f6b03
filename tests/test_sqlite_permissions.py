"""The SQLite database is readable and writable by its owner only (docs/operations.md): the
data directory Breachdesk creates is 0700, the database file and its write-ahead log 0600,
whatever the umask; a database file made readable by others is closed on the next connection.
"""

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

from tests.production import breachdesk, own_sqlite_database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The usual umask, which lets everyone read new files: what Breachdesk must not rely on."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@own_sqlite_database
def test_a_fresh_installation_keeps_its_database_to_its_owner(tmp_path: Path) -> None:
    data = tmp_path / "data"
    migrated = breachdesk("migrate", "--no-input", "-v0", data_dir=data)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    database = data / "breachdesk.sqlite3"
    assert (_mode(data), _mode(database)) == (0o700, 0o600)
    # SQLite gives the write-ahead log and its index the database file's mode.
    with closing(sqlite3.connect(database, isolation_level=None)) as opened:
        opened.execute("PRAGMA journal_mode=WAL")
        opened.execute("CREATE TABLE probe (x)")
        sidecars = sorted(data.glob("breachdesk.sqlite3-*"))
        assert [path.name for path in sidecars] == [
            "breachdesk.sqlite3-shm",
            "breachdesk.sqlite3-wal",
        ]
        assert {_mode(path) for path in sidecars} == {0o600}


@own_sqlite_database
def test_a_database_readable_by_others_is_closed_on_the_next_connection(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o750)
    database = data / "breachdesk.sqlite3"
    with closing(sqlite3.connect(database, isolation_level=None)) as copied_in:
        copied_in.execute("PRAGMA journal_mode=WAL")
        copied_in.execute("CREATE TABLE probe (x)")
        os.chmod(database, 0o644)
        for sidecar in data.glob("breachdesk.sqlite3-*"):
            os.chmod(sidecar, 0o644)
        # Breachdesk connects while the copy is still open, so the sidecar files exist.
        shown = breachdesk("showmigrations", "audit", data_dir=data)
        assert shown.returncode == 0, shown.stdout + shown.stderr
        for path in (database, *data.glob("breachdesk.sqlite3-*")):
            assert _mode(path) == 0o600, path.name
    # A directory the operator made is the operator's: left as it is.
    assert _mode(data) == 0o750


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite file")
@pytest.mark.django_db
def test_the_test_database_itself_is_private() -> None:
    connection.ensure_connection()
    assert _mode(Path(connection.settings_dict["NAME"])) == 0o600
