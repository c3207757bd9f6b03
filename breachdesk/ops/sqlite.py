"""Backup and restore of a SQLite database through SQLite's backup API.

**Backup.** `sqlite3.Connection.backup()` copies every page in one step, inside one read
transaction of the source: the copy is the database as of one commit, while the application
goes on reading and writing (in WAL mode, Breachdesk's, writers do not wait for a reader). The
copy is made in a private temporary file beside the destination, switched from WAL to a
rollback journal so that it is one self-contained file, checked with `PRAGMA integrity_check`,
and only then given its name.

**Restore.** Refused while any other connection has the database open: Breachdesk keeps SQLite
in WAL mode, and SQLite leaves WAL mode only for a connection that is alone on the database,
so that switch is the test. The database being replaced is first copied beside it, then the
copy is written into it with the backup API as well, which leaves no stale `-wal` file behind
for SQLite to replay over the restored pages (the danger of copying the file back by hand).
"""

import os
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.lib.errors import DomainError
from breachdesk.ops.files import private_file_create, private_files_protect

# Tables a Breachdesk database has from its first migration on.
BREACHDESK_TABLES = ("django_migrations", "audit_auditevent")


@dataclass(frozen=True)
class Copy:
    path: Path
    size: int


@dataclass(frozen=True)
class Restored:
    database: Path
    # The database that was replaced, kept beside it; None when there was none.
    kept: Path | None


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_name(now: datetime) -> str:
    """The file name of a backup written into a directory."""
    return f"breachdesk-{_stamp(now)}.sqlite3"


def _open_existing(path: Path, *, timeout: float = 20) -> sqlite3.Connection:
    """A connection to the database at `path`, which must exist (never creates a file)."""
    uri = f"{path.resolve().as_uri()}?mode=rw"
    try:
        return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.OperationalError as error:
        raise DomainError(
            _("The database %(path)s cannot be opened: %(error)s.") % {"path": path, "error": error}
        ) from error


def sqlite_integrity(path: Path) -> str:
    """ "ok", or what `PRAGMA integrity_check` (or opening the file) found wrong at `path`."""
    try:
        connection = _open_existing(path)
    except DomainError as error:
        return str(error)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:  # e.g. "file is not a database"
        return str(error)
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in rows[:5])


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _copy_into(source: sqlite3.Connection, path: Path) -> None:
    """Write every page of `source` into the empty private file `path`, as one file."""
    target = _open_existing(path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def sqlite_backup(database: Path, destination: Path) -> Copy:
    """Copy the live database at `database` to `destination` (a file, or a directory to put
    `breachdesk-<UTC time>.sqlite3` in), mode 0600, checked; never overwrites a file."""
    if destination.is_dir():
        destination = destination / backup_name(timezone.now())
    if destination.exists():
        raise DomainError(
            _("%(path)s exists already: a backup never overwrites a file.") % {"path": destination}
        )
    if not destination.parent.is_dir():
        raise DomainError(_("There is no directory %(path)s.") % {"path": destination.parent})
    if not database.is_file():
        raise DomainError(_("There is no database at %(path)s.") % {"path": database})
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.partial")
    private_file_create(partial)
    try:
        source = _open_existing(database)
        try:
            _copy_into(source, partial)
        finally:
            source.close()
        found = sqlite_integrity(partial)
        if found != "ok":
            raise DomainError(
                _("The copy failed its integrity check: %(found)s.") % {"found": found}
            )
        _fsync(partial)
        os.replace(partial, destination)
        _fsync(destination.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Copy(path=destination, size=destination.stat().st_size)


def _take_alone(target: sqlite3.Connection, database: Path) -> str:
    """Make sure no other connection has `database` open; return its journal mode."""
    mode = str(target.execute("PRAGMA journal_mode").fetchone()[0])
    in_use = _("%(path)s is in use: stop Breachdesk (the web server and the scheduler) first.")
    try:
        if mode == "wal":
            # SQLite leaves WAL mode only for a connection that is alone on the database.
            left = str(target.execute("PRAGMA journal_mode=DELETE").fetchone()[0])
            if left == "wal":
                raise DomainError(in_use % {"path": database})
        else:
            target.execute("BEGIN EXCLUSIVE")
            target.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        raise DomainError(in_use % {"path": database}) from error
    return mode


def _check_copy(copy: Path) -> None:
    if not copy.is_file():
        raise DomainError(_("There is no file %(path)s.") % {"path": copy})
    found = sqlite_integrity(copy)
    if found != "ok":
        raise DomainError(
            _("%(path)s is not a sound SQLite database: %(found)s.")
            % {"path": copy, "found": found}
        )
    connection = _open_existing(copy)
    try:
        names = {
            str(row[0])
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        connection.close()
    if not set(BREACHDESK_TABLES) <= names:
        raise DomainError(_("%(path)s is not a Breachdesk database.") % {"path": copy})


def sqlite_restore(copy: Path, database: Path) -> Restored:
    """Replace the database at `database` by the backup `copy`, with the server stopped."""
    if copy.resolve() == database.resolve():
        raise DomainError(_("The copy is the database itself: name a backup."))
    _check_copy(copy)
    if not database.parent.is_dir():
        raise DomainError(_("There is no directory %(path)s.") % {"path": database.parent})
    private_file_create(database)
    private_files_protect(database)
    kept: Path | None = None
    target = _open_existing(database, timeout=0)
    try:
        mode = _take_alone(target, database)
        if database.stat().st_size > 0:
            kept = database.with_name(f"{database.name}.replaced-{_stamp(timezone.now())}")
            if not private_file_create(kept):
                raise DomainError(_("%(path)s exists already.") % {"path": kept})
            _copy_into(target, kept)
        source = _open_existing(copy)
        try:
            source.backup(target)
        finally:
            source.close()
        if mode == "wal":
            target.execute("PRAGMA journal_mode=WAL")
        found = str(target.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        target.close()
    private_files_protect(database)
    if found != "ok":
        raise DomainError(
            _("The restored database failed its integrity check: %(found)s.") % {"found": found}
        )
    return Restored(database=database, kept=kept)
