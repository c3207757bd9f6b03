"""The demo world in one transaction: its organisation and people (world.py), the incidents
and their lives (incidents.py, carrier.py), then what followed them (history.py)."""

from django.db import transaction

from breachdesk.demo.history import messages_settle, reports_create
from breachdesk.demo.incidents import incidents_create
from breachdesk.demo.world import world_build


def demo_build() -> None:
    """Build the demo world on a database without it; relative to now, so it stays current."""
    with transaction.atomic():
        world = world_build()
        incidents_create(world)
        reports_create(world.controllers)
        messages_settle()
