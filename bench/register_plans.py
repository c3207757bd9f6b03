"""The plans of the register's queries for the benchmark personas, as docs/performance.md
shows them.

Usage: DEBUG=true BREACHDESK_DATA_DIR=… [DATABASE_URL=…] python bench/register_plans.py
on a database seeded by bench/pages.py. Prints, for each persona, the register's first-page
statements (the arms' UNION, the rows, the bounded count) and their plans: EXPLAIN ANALYZE on
PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from national import COORDINATOR, DPO, REGISTRAR

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import RegisterFilters, register_page


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON) " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def main() -> None:
    print(f"{connection.vendor}, {Incident.objects.count():,} incidents")
    for name in (REGISTRAR, COORDINATOR, DPO):
        user = User.objects.get(username=name)
        register_page(user=user, filters=RegisterFilters(), now=timezone.now(), size=50, bound=1000)
        with CaptureQueriesContext(connection) as captured:
            register_page(
                user=user, filters=RegisterFilters(), now=timezone.now(), size=50, bound=1000
            )
        for query in captured.captured_queries:
            sql = query["sql"]
            if "incidents_incident" not in sql or "protectedreader" in sql:
                continue
            kind = "count" if "COUNT(*)" in sql else "union" if "UNION" in sql else "rows"
            print(f"\n### {name}: {kind} ({float(query['time']) * 1000:.1f} ms)\n")
            print(f"```sql\n{sql[:600]}{' …' if len(sql) > 600 else ''}\n```\n")
            print(f"```\n{_plan(sql)}\n```")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
