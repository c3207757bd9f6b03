"""The SQLite database's files, readable and writable by their owner only (0600).

SQLite creates a missing database file with the process's umask (0644 under the usual 022:
readable by every account on the server), and its write-ahead log and shared-memory files
(`-wal`, `-shm`) with the database file's own mode. So:

- `sqlite_files_create()` (from `OpsConfig.ready()`, before Django connects) creates each
  configured SQLite database file that does not exist yet, empty, with mode 0600; SQLite takes
  an empty file as an empty database;
- `sqlite_files_protect()` (on every new connection, Django's `connection_created`) takes
  group and other permissions off the database and its sidecar files when they have any: a
  database copied in, or made before this rule, is closed on its next connection.

Breachdesk creates its data directory with mode 0700 (settings.py).
"""

import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

PRIVATE = 0o600
SIDECARS = ("-wal", "-shm", "-journal")

# Files whose mode could not be changed (another account owns them): warned about once.
_warned: set[Path] = set()


def sqlite_path(config: Mapping[str, Any]) -> Path | None:
    """The file of a database's settings, or None when it is not SQLite on a file."""
    if not str(config.get("ENGINE", "")).endswith("sqlite3"):
        return None
    name = config.get("NAME")
    if isinstance(name, Path):
        return name
    if not isinstance(name, str) or name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name)


def private_file_create(path: Path) -> bool:
    """Create `path` empty with mode 0600 unless it exists; return whether it was created."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def private_files_protect(path: Path) -> None:
    """Remove group and other permissions from `path` and its SQLite sidecar files."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SIDECARS)):
        try:
            mode = candidate.stat().st_mode
        except FileNotFoundError:
            continue
        if not mode & 0o077:
            continue
        try:
            os.chmod(candidate, PRIVATE)
        except PermissionError:
            if candidate not in _warned:
                _warned.add(candidate)
                logger.warning(
                    "%s is readable by other accounts (mode %o) and this account cannot "
                    "change it: make it readable by the service account only (chmod 600).",
                    candidate,
                    mode & 0o777,
                )


def sqlite_files_create(databases: Iterable[Mapping[str, Any]]) -> None:
    """Create the missing database files of the SQLite databases configured, mode 0600."""
    for config in databases:
        path = sqlite_path(config)
        if path is None:
            continue
        try:
            private_file_create(path)
        except OSError:
            continue  # no such directory: SQLite reports it when it connects


def sqlite_files_protect(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """On each new connection to a SQLite database, keep its files private."""
    if connection.vendor != "sqlite":
        return
    path = sqlite_path(connection.settings_dict)
    if path is not None:
        private_files_protect(path)
