"""Backup and restore (docs/operations.md), proven as an operator proves them: the copy passes
`breachdesk audit_verify` in a process of its own, and fails it once one audit event in it was
changed.

SQLite: `breachdesk backup` copies the database while a reader holds a transaction open and the
application writes; `breachdesk restore` refuses a database in use and keeps the one it
replaces. PostgreSQL: `pg_dump --format=custom`, `createdb`, `pg_restore`, `audit_verify`.
The tests commit their data (`transaction=True`): a copy, and pg_dump, see only what is
committed. They read nothing of the chain's inside but the command's exit status.
"""

import io
import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from tests import flow
from tests.conftest import World
from tests.production import breachdesk

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="copies a SQLite file")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)

# One audit event of a case, changed as someone with the database file could change it.
TAMPER = (
    "UPDATE audit_auditevent SET kind = kind || '.changed' WHERE id = "
    "(SELECT min(id) FROM audit_auditevent WHERE incident_id IS NOT NULL)"
)
# audit_verify's exit status for a broken trail (1 would be a crash, not a finding).
BROKEN = 2


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _events(path: Path) -> int:
    with closing(sqlite3.connect(path)) as database:
        return int(database.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0])


def _sqlite_tamper(path: Path) -> None:
    with closing(sqlite3.connect(path)) as database, database:
        assert database.execute(TAMPER).rowcount == 1


def _verify_sqlite(path: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return breachdesk("audit_verify", data_dir=data_dir, DATABASE_URL=f"sqlite:///{path}")


def _backup(destination: Path) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("backup", str(destination), stdout=out)
    return out.getvalue()


def _cases(world: World) -> None:
    """Cases in several states: their moves, steps and reads are audit events."""
    flow.decided(world)
    flow.assessed(world, notify=False)
    flow.registered(world)


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_the_database_is_in_use_is_private_sound_and_verifies(
    world: World, tmp_path: Path
) -> None:
    _cases(world)
    database = Path(connection.settings_dict["NAME"])
    reader = sqlite3.connect(database, isolation_level=None)
    try:
        reader.execute("BEGIN")
        seen_by_reader = int(reader.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0])
        # The application goes on writing while the reader's transaction is open ...
        flow.reported(world)
        # ... and the backup is taken while it is still open.
        output = _backup(tmp_path)
        assert reader.in_transaction
    finally:
        reader.close()
    (copy,) = tmp_path.glob("breachdesk-*.sqlite3")
    assert "integrity check: ok" in output and str(copy) in output
    assert _mode(copy) == 0o600
    assert not list(tmp_path.glob(".*partial")), "the temporary file is gone"
    # The copy is the last commit, the write after the reader's snapshot included, in one file.
    assert _events(copy) == _events(database) > seen_by_reader
    with closing(sqlite3.connect(copy)) as opened:
        assert opened.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert opened.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    intact = _verify_sqlite(copy, tmp_path)
    assert intact.returncode == 0, intact.stdout + intact.stderr

    tampered = tmp_path / "tampered.sqlite3"
    shutil.copyfile(copy, tampered)
    _sqlite_tamper(tampered)
    broken = _verify_sqlite(tampered, tmp_path)
    assert broken.returncode == BROKEN, broken.stdout + broken.stderr


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_backup_never_overwrites_a_file(world: World, tmp_path: Path) -> None:
    existing = tmp_path / "breachdesk.sqlite3"
    existing.write_bytes(b"an older backup")
    with translation.override("en"), pytest.raises(CommandError, match="exists already") as e:
        call_command("backup", str(existing))
    assert e.value.returncode == 2
    assert existing.read_bytes() == b"an older backup"


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_in_use_keeps_the_one_it_replaces_and_verifies(
    world: World, tmp_path: Path
) -> None:
    _cases(world)
    copy = tmp_path / "copy.sqlite3"
    _backup(copy)
    data = tmp_path / "data"  # a new server: Breachdesk makes the directory
    restored = data / "breachdesk.sqlite3"

    first = breachdesk("restore", str(copy), data_dir=data)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (_mode(data), _mode(restored)) == (0o700, 0o600)
    assert _events(restored) == _events(copy)
    assert not list(data.glob("*.replaced-*")), "an empty database is not kept"

    # Breachdesk running: a connection has the database open, as the web server's would.
    running = sqlite3.connect(restored, isolation_level=None)
    try:
        running.execute("PRAGMA journal_mode=WAL")
        running.execute("SELECT count(*) FROM django_migrations").fetchone()
        refused = breachdesk("restore", str(copy), data_dir=data)
    finally:
        running.close()
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert not list(data.glob("*.replaced-*")), "nothing was touched"

    # A copy whose audit trail was changed is restored, found out, and the database it
    # replaced is kept beside it, intact.
    tampered = tmp_path / "tampered.sqlite3"
    shutil.copyfile(copy, tampered)
    _sqlite_tamper(tampered)
    found = breachdesk("restore", str(tampered), data_dir=data)
    assert found.returncode == 2, found.stdout + found.stderr
    (kept,) = data.glob("breachdesk.sqlite3.replaced-*")
    assert _mode(kept) == 0o600
    assert _verify_sqlite(kept, tmp_path).returncode == 0
    assert _verify_sqlite(restored, tmp_path).returncode == BROKEN


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_breachdesk_database(
    world: World, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as database, database:
        database.execute("CREATE TABLE notes (text TEXT)")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    data = tmp_path / "data"
    for wrong in (other, garbage, tmp_path / "missing.sqlite3"):
        refused = breachdesk("restore", str(wrong), data_dir=data)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "Traceback" not in refused.stderr
    assert (data / "breachdesk.sqlite3").stat().st_size == 0


@on_postgresql
def test_on_postgresql_the_commands_point_to_pg_dump_and_pg_restore(tmp_path: Path) -> None:
    for command, tool in (("backup", "pg_dump"), ("restore", "pg_restore")):
        with translation.override("en"), pytest.raises(CommandError, match=tool) as refused:
            call_command(command, str(tmp_path / "x"))
        assert refused.value.returncode == 2
        assert "docs/operations.md" in str(refused.value)
    with translation.override("sv"), pytest.raises(CommandError, match="säkerhetskopieras"):
        call_command("backup", str(tmp_path / "x"))


# PostgreSQL: pg_dump, pg_restore into a new database ------------------------------------------


def _libpq() -> dict[str, str]:
    config = connection.settings_dict
    return {
        "PGHOST": str(config["HOST"] or "127.0.0.1"),
        "PGPORT": str(config["PORT"] or 5432),
        "PGUSER": str(config["USER"]),
        "PGPASSWORD": str(config["PASSWORD"] or ""),
    }


def _pg(*command: str) -> None:
    assert shutil.which(command[0]), f"{command[0]} is not installed (Debian: postgresql-client)"
    done = subprocess.run(  # noqa: S603 (PostgreSQL's own tools, fixed arguments)
        command, env={**os.environ, **_libpq()}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def restored_database() -> Iterator[str]:
    """The name of a new, empty database, dropped at the end."""
    name = f"breachdesk_restore_{secrets.token_hex(6)}"
    _pg("createdb", name)
    try:
        yield name
    finally:
        _pg("dropdb", "--if-exists", "--force", name)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restored_into_a_new_database_verifies_and_a_changed_event_is_found(
    world: World, tmp_path: Path, restored_database: str
) -> None:
    import psycopg

    _cases(world)
    dump = tmp_path / "breachdesk.dump"
    _pg("pg_dump", "--format=custom", f"--file={dump}", str(connection.settings_dict["NAME"]))
    _pg("pg_restore", "--exit-on-error", f"--dbname={restored_database}", str(dump))
    libpq = _libpq()
    url = (
        f"postgres://{quote(libpq['PGUSER'])}:{quote(libpq['PGPASSWORD'])}"
        f"@{libpq['PGHOST']}:{libpq['PGPORT']}/{restored_database}"
    )

    intact = breachdesk("audit_verify", data_dir=tmp_path, DATABASE_URL=url)
    assert intact.returncode == 0, intact.stdout + intact.stderr

    # The restored copy is append-only too (its triggers came with it): only a superuser
    # with the triggers off for the session can change an event.
    with psycopg.connect(
        dbname=restored_database,
        user=libpq["PGUSER"],
        password=libpq["PGPASSWORD"] or None,
        host=libpq["PGHOST"],
        port=libpq["PGPORT"],
        autocommit=True,
    ) as restored:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            restored.execute(TAMPER)
        restored.execute("SET session_replication_role = replica")
        assert restored.execute(TAMPER).rowcount == 1
    broken = breachdesk("audit_verify", data_dir=tmp_path, DATABASE_URL=url)
    assert broken.returncode == BROKEN, broken.stdout + broken.stderr
