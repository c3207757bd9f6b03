"""Time the scheduler on a large register.

Usage: python bench/scheduler_tick.py N   (seeds N extra incidents once with `demo --incidents`;
those are open cases in reported, registered or acknowledged, mostly past their 72 hours)
Prints the first planning (the escalation of every overdue case at once), the sending of
those e-mails (to Django's in-memory backend, so only Breachdesk's own work is timed), and
the median of 5 later runs, which is what every minute costs: they pass over the cases
already escalated.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django

django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from timing import median_ms, seed_register

from breachdesk.alerts.models import Alert
from breachdesk.alerts.schedule import alerts_plan
from breachdesk.alerts.scheduler import scheduler_tick
from breachdesk.incidents.models import Incident


def main() -> None:
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seed_register(wanted)
    print(f"database: {connection.vendor}, incidents: {Incident.objects.count()}")
    start = time.perf_counter()
    planned = alerts_plan(now=timezone.now())
    print(f"first planning: {planned} messages in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    sent = 0
    while (batch := scheduler_tick().delivery.sent) > 0:
        sent += batch
    seconds = time.perf_counter() - start
    print(f"then {sent} e-mails in {seconds:.1f} s ({sent / seconds:.0f} per second)")
    print(f"messages: {Alert.objects.count()}")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        scheduler_tick()
    print(f"a later run: {median_ms(scheduler_tick):.0f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main()
