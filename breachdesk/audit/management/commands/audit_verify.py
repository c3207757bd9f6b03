"""breachdesk audit_verify: check that no audit event was changed, removed or moved."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from breachdesk.audit.verify import audit_chain_verify, chain_names


class Command(BaseCommand):
    help = (
        "Recompute every audit chain (one per controller, one for events of no controller) in "
        "sequence order and compare each with its chain head. Exits 0 when all are intact; "
        "otherwise names, for each broken chain, the first altered or missing event."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        names = chain_names(result.chain for result in report.chains)
        broken = [
            _("Audit trail broken in %(chain)s after %(n)s intact events: %(problem)s.")
            % {"chain": names[result.chain], "n": result.events, "problem": problem.describe()}
            for result in report.chains
            if (problem := result.problem) is not None
        ]
        if broken:
            raise CommandError("\n".join(broken), returncode=2)
        self.stdout.write(
            _("Audit trail intact: %(n)s events in %(chains)s chains.")
            % {"n": report.events, "chains": len(report.chains)}
        )
        # One line per chain. Keep them where the database's administrators cannot change
        # them: a chain rewritten later will not pass through a hash recorded now.
        if int(options.get("verbosity", 1)) >= 1:
            for result in report.chains:
                self.stdout.write(
                    _("%(chain)s: %(n)s events, last hash %(hash)s")
                    % {
                        "chain": capfirst(names[result.chain]),
                        "n": result.events,
                        "hash": result.last_hash,
                    }
                )
