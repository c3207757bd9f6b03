"""breachdesk demo: build a fictional demo world of three controllers, people and incidents.

Every name, number and address is invented (breachdesk/demo/data/). The world is built once:
when it already exists the command only prints the logins. The demo incidents go through the
real services with moments over the last ten months (the services' `now=`), so diary numbers,
audit events, clocks and alerts are real, and the demo shows cases in every state.
`--incidents N` adds N benchmark incidents with bulk_create, without audit events.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from breachdesk.demo.build import demo_build
from breachdesk.demo.bulk import bulk_add
from breachdesk.demo.incidents import PLAN
from breachdesk.demo.specs import CONTROLLERS, PERSONAS
from breachdesk.demo.world import PASSWORD, world_exists

ADDRESS = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Build a fictional demo world (three controllers, people with the password 'demo', "
        "about 60 incidents) unless it exists, and print the logins. With --incidents N, "
        "also add N benchmark incidents by bulk insert: benchmark data, without audit events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--incidents",
            type=int,
            default=0,
            metavar="N",
            help="Add N benchmark incidents with bulk_create (no audit events).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra: int = options["incidents"]
        if extra < 0:
            raise CommandError("--incidents must be zero or more.")
        started = time.monotonic()
        if world_exists():
            self.stdout.write("The demo world already exists; nothing was added to it.")
        else:
            demo_build()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Built the demo world: {len(CONTROLLERS)} controllers, {len(PERSONAS)} "
                    f"people, {len(PLAN)} incidents ({time.monotonic() - started:.1f} s)."
                )
            )
        if extra:
            started = time.monotonic()
            bulk_add(extra)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {extra} benchmark incidents ({time.monotonic() - started:.1f} s)."
                )
            )
        self.print_logins()

    def print_logins(self) -> None:
        width = max(len(p.username) for p in PERSONAS) + 2
        self.stdout.write("")
        self.stdout.write(f"Address: {ADDRESS} (scripts/demo.sh starts the server there)")
        self.stdout.write(f'Demo logins, all with the password "{PASSWORD}":')
        self.stdout.write("")
        self.stdout.write(f"  {'username'.ljust(width)}{'password'.ljust(10)}role")
        for p in PERSONAS:
            self.stdout.write(f"  {p.username.ljust(width)}{PASSWORD.ljust(10)}{p.role}")
