"""breachdesk restore COPY: put a backup of the SQLite database back, with the server stopped."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from breachdesk.lib.errors import DomainError
from breachdesk.ops.files import sqlite_path
from breachdesk.ops.postgresql import postgresql_refused
from breachdesk.ops.sqlite import sqlite_restore


class Command(BaseCommand):
    help = (
        "Replace the SQLite database by COPY, a file made by `breachdesk backup`, with "
        "Breachdesk stopped: refuses while the database is open elsewhere, checks the copy, "
        "keeps the database it replaces beside it, and runs audit_verify on the result. "
        "PostgreSQL is restored with pg_restore: see docs/operations.md."
    )
    # No check may open the database this command replaces.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("copy", help="The backup to restore.")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor == "postgresql":
            raise postgresql_refused("restore")
        database = sqlite_path(connection.settings_dict)
        if database is None:
            raise CommandError(
                _("Only a SQLite database in a file is restored by this command."), returncode=2
            )
        connection.close()  # this process holds no connection to what it replaces
        try:
            restored = sqlite_restore(Path(options["copy"]), database)
        except DomainError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            _("Restored %(database)s from %(copy)s.")
            % {"database": database, "copy": options["copy"]}
        )
        if restored.kept is not None:
            self.stdout.write(
                _(
                    "The database it replaced is kept as %(path)s: delete it once the restored "
                    "one is proven and in use (it holds personal data)."
                )
                % {"path": restored.kept}
            )
        try:
            call_command("audit_verify", stdout=self.stdout)
        except CommandError as error:
            raise CommandError(
                _(
                    "The restored audit trail does not verify: %(error)s Do not start "
                    "Breachdesk on it."
                )
                % {"error": error},
                returncode=2,
            ) from error
