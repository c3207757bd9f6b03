"""breachdesk backup DEST: an online, checked copy of the SQLite database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from breachdesk.lib.errors import DomainError
from breachdesk.ops.files import sqlite_path
from breachdesk.ops.postgresql import postgresql_refused
from breachdesk.ops.sqlite import sqlite_backup


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to DEST (a file, or a directory for "
        "breachdesk-<UTC time>.sqlite3) while Breachdesk runs, with SQLite's backup API; the "
        "copy is readable by its owner only and checked with PRAGMA integrity_check. "
        "PostgreSQL is backed up with pg_dump: see docs/operations.md."
    )
    # A backup must work when something else is wrong; it reads only the database file.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", help="A new file, or an existing directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor == "postgresql":
            raise postgresql_refused("backup")
        database = sqlite_path(connection.settings_dict)
        if database is None:
            raise CommandError(
                _("Only a SQLite database in a file is copied by this command."), returncode=2
            )
        try:
            copy = sqlite_backup(database, Path(options["destination"]))
        except DomainError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            _("Backup of %(database)s written to %(path)s (%(size)s bytes); integrity check: ok.")
            % {"database": database, "path": copy.path, "size": copy.size}
        )
