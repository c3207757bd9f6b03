"""The one timing helper the benchmarks share."""

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    """The median wall-clock time of `runs` calls of `action`, in milliseconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def seed_register(wanted: int) -> None:
    """Migrate, build the demo world, and add bulk incidents up to `wanted` in all (once: a
    second run on the same database adds nothing)."""
    from django.core.management import call_command

    from breachdesk.incidents.models import Incident

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    have = Incident.objects.count()
    if have < wanted:
        start = time.perf_counter()
        call_command("demo", incidents=wanted - have, verbosity=0)
        print(f"seeded {wanted - have} incidents in {time.perf_counter() - start:.1f} s")
