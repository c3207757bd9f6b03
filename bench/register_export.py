"""Time the register's export (CSV and XLSX) through the real view, and its peak memory.

Usage: python bench/register_export.py [N]   (seeds up to N incidents once, default 160 000)
As the demo DPO (two of three controllers, about 2/3 of the rows), for 10 000 and 100 000 rows
(the register filtered from the day of discovery that gives that many), each export runs in a
fresh process: the Django test client GETs /incidents/export/<fmt>/ and reads the streamed
answer to its end. Prints rows per second, the size of the file, when its first byte was ready
(the audit event and the first chunk are made before the answer starts), and the process's peak
memory (ru_maxrss) beside its memory before the export: flat in the number of rows when the
file is streamed. Add DATABASE_URL=... for PostgreSQL.
"""

import os
import resource
import subprocess
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")

SIZES = (10_000, 100_000)
FORMATS = ("csv", "xlsx")


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def one(fmt: str, wanted: int) -> None:
    """In this process: one export of about `wanted` rows; prints one line."""
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from breachdesk.accounts.models import User
    from breachdesk.incidents.forms.register import register_filter_form
    from breachdesk.incidents.selectors import incident_list
    from breachdesk.lib.deadlines import STOCKHOLM

    user = User.objects.get(username="dpo")
    empty = register_filter_form(user=user, data=QueryDict()).filters()
    moments = incident_list(user=user, filters=empty).order_by("-discovered_at")
    last = moments.values_list("discovered_at", flat=True)[wanted - 1 : wanted].first()
    query = QueryDict(mutable=True)
    if last is not None:
        query["discovered_from"] = last.astimezone(STOCKHOLM).date().isoformat()
    rows = incident_list(user=user, filters=register_filter_form(user=user, data=query).filters())
    count = rows.count()
    client = Client()
    client.force_login(user)
    client.get("/incidents/export/csv/?state=closed", HTTP_HOST="127.0.0.1")  # warm up
    before = _rss_mb()
    start = time.perf_counter()
    response: Any = client.get(f"/incidents/export/{fmt}/", query, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.status_code
    answered = time.perf_counter() - start
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {connection.vendor:10} {fmt:4} {count:7} rows {seconds:6.2f} s "
        f"{count / seconds:7.0f} rows/s {size / 2**20:6.1f} MB, first byte {answered:5.2f} s, "
        f"peak memory {peak:4.0f} MB (before the export {before:4.0f} MB)",
        flush=True,
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        one(sys.argv[2], int(sys.argv[3]))
        return
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 160_000
    import django

    django.setup()
    from timing import seed_register

    seed_register(wanted)
    for size in SIZES:
        for fmt in FORMATS:
            command = [sys.executable, __file__, "--one", fmt, str(size)]
            subprocess.run(command, check=True)  # noqa: S603 (this script, again)


if __name__ == "__main__":
    main()
