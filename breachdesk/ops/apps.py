from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running an installation: backup and restore of the SQLite database, and its files kept
    readable by their owner only. It has no models."""

    name = "breachdesk.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.backends.signals import connection_created

        from breachdesk.ops.files import sqlite_files_create, sqlite_files_protect

        # Before any connection: SQLite would create a missing database file with the
        # umask's mode (often 0644), readable by every account on the server.
        sqlite_files_create(settings.DATABASES.values())
        connection_created.connect(sqlite_files_protect, dispatch_uid="breachdesk.ops.sqlite")
