"""Time the register list on a large register.

Usage: python bench/register_list.py N   (seeds N extra incidents once with `demo --incidents`)
Prints the median of 5 runs for: the full register page as the DPO (count + first page,
rendered), a search, the overdue filter, and one unit's subtree.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection
from django.test import Client
from timing import median_ms, seed_register

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident


def main() -> None:
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed_register(wanted)
    total = Incident.objects.count()
    client = Client()
    client.force_login(User.objects.get(username="dpo"))

    def page(query: str = "") -> None:
        response = client.get("/incidents/" + query, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.status_code

    print(f"database: {connection.vendor}, incidents: {total}")
    print(f"register page 1 (count + 50 rows, rendered): {median_ms(page):.0f} ms")
    print(f"register page 200: {median_ms(lambda: page('?page=200')):.0f} ms")
    print(f"search 'kuvert': {median_ms(lambda: page('?q=kuvert')):.0f} ms")
    print(f"overdue only: {median_ms(lambda: page('?overdue=on')):.0f} ms")


if __name__ == "__main__":
    main()
