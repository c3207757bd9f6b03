"""Benchmark data: `breachdesk demo --incidents N` adds N incidents to the demo world with
bulk_create, in the states reported, registered and acknowledged, without audit events."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.demo.incidents import SEED, facts_for, timeline
from breachdesk.demo.specs import CONTROLLERS, KEYS, PERSONAS, REGISTRARS, STORIES
from breachdesk.incidents.models import Incident
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import imy_due_at
from breachdesk.orgs.models import DiarySeries, Unit
from breachdesk.orgs.services import coordinator_suggest

BATCH = 5000
BULK_PREFIX = "PUI-B-"  # service references are PUI-XXXX-XXXX, so these never collide


def bulk_add(count: int) -> None:
    """Add `count` benchmark incidents, numbered on from the last one."""
    names = [c.name for c in CONTROLLERS]
    units = {
        (KEYS[unit.controller.name], unit.name): unit
        for unit in Unit.objects.filter(controller__name__in=names).select_related("controller")
    }
    series = {
        s.controller_id: s
        for s in DiarySeries.objects.filter(controller__name__in=names, is_default=True)
    }
    people = {
        u.username: u for u in User.objects.filter(username__in=[p.username for p in PERSONAS])
    }
    reporter = people["reporter"]
    today = timezone.localdate()
    assignees: dict[int, User] = {}
    for unit in units.values():
        suggested = coordinator_suggest(unit=unit, on=today).user
        if suggested is None:
            raise CommandError(f"No coordinator is present for {unit}.")
        assignees[unit.pk] = suggested
    last = (
        Incident.objects.filter(reference__startswith=BULK_PREFIX)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    start = int(last[len(BULK_PREFIX) :]) + 1 if last else 1
    rng = random.Random(f"{SEED}-bulk-{start}")
    now = timezone.now()
    states, weights = (State.REPORTED, State.REGISTERED, State.ACKNOWLEDGED), (1, 2, 7)
    with transaction.atomic(), larger_sqlite_cache():
        batch: list[Incident] = []
        for number in range(start, start + count):
            story = rng.choice(STORIES)
            unit = units[story.key, story.unit]
            state = rng.choices(states, weights)[0]
            age = "fresh" if rng.random() < 0.01 else "months"
            t = timeline(rng, now, state, age)
            facts = facts_for(story, unit, reporter, t, rng)
            incident = Incident(
                reference=f"{BULK_PREFIX}{number:09d}",
                controller_id=unit.controller_id,
                state=state,
                reporter_id=reporter.pk,
                reporter_unit_name=unit.name,
                reported_at=t.reported,
                aware_at=t.discovered,
                imy_due_at=imy_due_at(t.discovered),
                **{f.name: getattr(facts, f.name) for f in fields(facts)},
            )
            if t.registered is not None:
                incident.diary_series_id = series[unit.controller_id].pk
                incident.diary_number = f"BULK-{number}"
                incident.registered_at = t.registered
                incident.registered_by_id = people[REGISTRARS[story.key]].pk
                incident.assignee_id = assignees[unit.pk].pk
            if t.acknowledged is not None:
                incident.acknowledged_at = t.acknowledged
                incident.acknowledged_by_id = assignees[unit.pk].pk
            batch.append(incident)
            if len(batch) == BATCH:
                Incident.objects.bulk_create(batch)
                batch = []
        Incident.objects.bulk_create(batch)


@contextmanager
def larger_sqlite_cache() -> Iterator[None]:
    """A 256 MB page cache for this connection while bulk inserting: the random UUIDs of the
    unique `code` index otherwise make SQLite read pages back from disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
