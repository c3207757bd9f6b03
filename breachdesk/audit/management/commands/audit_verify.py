"""breachdesk audit_verify: check that no audit event was changed or removed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from breachdesk.audit.verify import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain in sequence order and compare it with the chain "
        "head. Exits 0 when intact; otherwise names the first altered or missing event."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if report.problem is not None:
            raise CommandError(
                _("Audit trail broken after %(n)s intact events: %(problem)s.")
                % {"n": report.events, "problem": report.problem.describe()},
                returncode=2,
            )
        self.stdout.write(
            _("Audit trail intact: %(n)s events, last hash %(hash)s")
            % {"n": report.events, "hash": report.last_hash}
        )
