"""Time `breachdesk audit_verify` on a long audit trail.

Usage: python bench/audit_verify.py N   (writes events through audit_record() once, 1000 per
transaction, until the trail holds N)
Prints the time to write them, the median of 3 verifications, and the peak Python memory of
one verification (tracemalloc), which must not grow with N.
"""

import io
import os
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from timing import median_ms

from breachdesk.audit.models import AuditEvent
from breachdesk.audit.services import audit_record
from breachdesk.audit.verify import audit_chain_verify

PER_TRANSACTION = 1000


def _seed(count: int) -> None:
    """Events shaped like a case step's: a few changed fields with old and new values."""
    written = 0
    while written < count:
        with transaction.atomic():
            for _ in range(min(PER_TRANSACTION, count - written)):
                written += 1
                audit_record(
                    kind="incident.investigate",
                    actor=None,
                    data={
                        "changes": {
                            "investigation.cause": {"old": "", "new": "human_error"},
                            "investigation.description": {
                                "old": "",
                                "new": f"E-post till fel mottagare, händelse {written}.",
                            },
                            "investigation.ended": {"old": None, "new": True},
                        },
                        "score": 2.5,
                    },
                )


def _verify() -> None:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)


def main() -> None:
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    have = AuditEvent.objects.count()
    if have < wanted:
        start = time.perf_counter()
        _seed(wanted - have)
        print(
            f"wrote {wanted - have} events with audit_record() in "
            f"{time.perf_counter() - start:.1f} s ({PER_TRANSACTION} per transaction)"
        )
    total = AuditEvent.objects.count()
    print(f"database: {connection.vendor}, audit events: {total}")
    print(f"audit_verify (median of 3): {median_ms(_verify, runs=3) / 1000:.2f} s")
    tracemalloc.start()
    report = audit_chain_verify()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.intact, report.problem
    print(f"peak Python memory of one verification: {peak / 1_000_000:.1f} MB")


if __name__ == "__main__":
    main()
