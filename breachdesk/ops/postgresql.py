"""On PostgreSQL, backup and restore are PostgreSQL's own tools' work (docs/operations.md).

pg_dump and pg_restore (or the database host's base backups and WAL archiving) are run where
the database is run, as a role that may read every table; the application servers need neither
the tools nor that role. The commands say so rather than wrap them.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def postgresql_refused(verb: str) -> CommandError:
    """What `breachdesk backup` and `breachdesk restore` answer on PostgreSQL."""
    if verb == "backup":
        message = _(
            "PostgreSQL is backed up with pg_dump (pg_dump --format=custom), not with this "
            "command: see docs/operations.md."
        )
    else:
        message = _(
            "PostgreSQL is restored with pg_restore into a new database, not with this "
            "command: see docs/operations.md."
        )
    return CommandError(message, returncode=2)
