"""The cases of the national installation, inserted in bulk, and the seeding as a whole.

`national_seed(size)` builds the world (national.py) and `size` incidents over ten years,
once: a marker row in the table `bench_national` holds the seeded size, and a database that
has it is reused. Cases are spread over the controllers by their size, each in a unit of its
tree and assigned to that unit's coordinator, in the states their age calls for (most old cases
closed, the recent ones reported, registered and acknowledged), with the demo's report texts.
They carry no audit events (the timeline of a bulk case is empty).

PostgreSQL: COPY, with the incident table's indexes and foreign keys dropped for the load and
created again after it, then VACUUM ANALYZE. SQLite: executemany in one transaction with
`synchronous=OFF` and an in-memory journal for the load (WAL again after it); the triggers of
the full-text table fill it as rows arrive.
"""

import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from national import ControllerPlan, world_build

from breachdesk.demo.specs import STORIES, TEXTS, Story
from breachdesk.incidents.models import Incident
from breachdesk.incidents.vocabulary import DataType, Location
from breachdesk.incidents.workflow import ImyDecision, State, SubjectsDecision
from breachdesk.lib.deadlines import STOCKHOLM, imy_due_at
from breachdesk.orgs.diary import counter_year, render_number
from breachdesk.orgs.models import DiaryCounter, Unit
from breachdesk.orgs.services import coordinator_suggest

MARKER = "bench_national"
YEARS = 10
SEED = 2026
REFERENCE_PREFIX = "PUI-N-"  # service references are PUI-XXXX-XXXX: these never collide
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
BATCH = 20_000

# The states by the case's age in days: (up to this age, {state: weight}).
STATES_BY_AGE: tuple[tuple[float, dict[State, float]], ...] = (
    (3, {State.REPORTED: 35, State.REGISTERED: 35, State.ACKNOWLEDGED: 30}),
    (30, {State.REPORTED: 2, State.REGISTERED: 8, State.ACKNOWLEDGED: 50, State.ASSESSED: 15,
          State.NOTIFIED: 5, State.DECIDED: 10, State.CLOSED: 10}),
    (180, {State.ACKNOWLEDGED: 15, State.ASSESSED: 5, State.NOTIFIED: 3, State.DECIDED: 12,
           State.CLOSED: 65}),
    (float("inf"), {State.ACKNOWLEDGED: 1, State.DECIDED: 1, State.CLOSED: 98}),
)  # fmt: skip
NOT_INCIDENT_SHARE = 0.15  # closed cases that were no personal data incident
NOTIFY_SHARE = 0.3
PROTECTED_SHARE = 0.01
ORDER = (
    State.REPORTED, State.REGISTERED, State.ACKNOWLEDGED, State.ASSESSED, State.NOTIFIED,
    State.DECIDED, State.CLOSED,
)  # fmt: skip


def seeded_size() -> int | None:
    """The size seeded in this database, or None when it has not been seeded."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} "
            "(size INTEGER NOT NULL, seeded_at VARCHAR(40) NOT NULL, seconds REAL NOT NULL)"
        )
        cursor.execute(f"SELECT size FROM {MARKER}")  # noqa: S608 (a constant)
        row = cursor.fetchone()
    return int(row[0]) if row else None


def seeding_seconds() -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seconds FROM {MARKER}")  # noqa: S608 (a constant)
        row = cursor.fetchone()
    return float(row[0]) if row else 0.0


def national_seed(size: int) -> float:
    """Seed `size` incidents once; return the seconds the seeding took (then or before)."""
    have = seeded_size()
    if have is not None:
        if have != size:
            raise SystemExit(f"This database holds the size {have}, not {size}: use another.")
        return seeding_seconds()
    if Incident.objects.exists():
        raise SystemExit("This database has incidents but no benchmark marker: use an empty one.")
    start = time.perf_counter()
    rng = random.Random(SEED)
    with _loading(), transaction.atomic():
        plans = world_build(rng, size)
        world = time.perf_counter() - start
        print(f"world: {len(plans)} controllers in {world:.1f} s", flush=True)
        counters = _insert(_rows(plans, size, rng), size)
        DiaryCounter.objects.bulk_create(
            DiaryCounter(series_id=series, year=year, last_number=number)
            for (series, year), number in counters.items()
        )
        _check_assignees(plans, rng)
        seconds = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {MARKER} (size, seeded_at, seconds) VALUES (%s, %s, %s)",  # noqa: S608
                [size, timezone.now().isoformat(timespec="seconds"), seconds],
            )
    _analyse()
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MARKER} SET seconds = %s", [seconds])  # noqa: S608
    return seconds


class _loading:
    """SQLite: no fsync and an in-memory journal while loading, WAL again after it."""

    cache_size = 0

    def __enter__(self) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.cache_size = int(cursor.fetchone()[0])
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA journal_mode = MEMORY")
                cursor.execute("PRAGMA cache_size = -524288")

    def __exit__(self, *exc: object) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute(f"PRAGMA cache_size = {self.cache_size}")


def _analyse() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")


def _check_assignees(plans: list[ControllerPlan], rng: random.Random) -> None:
    """The assignee drawn for a unit is whom the application would suggest."""
    sample = rng.sample([(p, u) for p in plans for u in p.units], 40)
    today = timezone.localdate()
    for _plan, unit_plan in sample:
        unit = Unit.objects.get(pk=unit_plan.unit_id)
        suggested = coordinator_suggest(unit=unit, on=today).user
        assert suggested is not None and suggested.pk == unit_plan.coordinator.pk, unit


# The rows --------------------------------------------------------------------------------


class Columns:
    """The incident table's columns, their defaults, and how a value is sent to the database."""

    def __init__(self) -> None:
        fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
        self.names = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.convert: list[tuple[int, Callable[[Any], Any]]] = []
        self.defaults: list[Any] = []
        sqlite = connection.vendor == "sqlite"
        for i, f in enumerate(fields):
            kind = f.get_internal_type()
            convert: Callable[[Any], Any] | None = None
            if kind == "JSONField":
                convert = json.dumps
            elif kind == "UUIDField" and sqlite:
                convert = _hex
            elif kind == "DateTimeField" and sqlite:
                convert = connection.ops.adapt_datetimefield_value
            elif kind == "DateField" and sqlite:
                convert = connection.ops.adapt_datefield_value
            if convert is None:
                self.defaults.append(f.get_db_prep_save(f.get_default(), connection))
            else:
                self.defaults.append(f.get_default())
                self.convert.append((i, convert))

    def row(self, values: dict[str, Any]) -> list[Any]:
        row = list(self.defaults)
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        for i, convert in self.convert:
            if row[i] is not None:
                row[i] = convert(row[i])
        return row


def _hex(value: uuid.UUID) -> str:
    return value.hex


def _rows(
    plans: list[ControllerPlan], size: int, rng: random.Random
) -> Iterator[tuple[dict[str, Any], tuple[int, int, int] | None]]:
    """The incidents oldest first, each with its diary counter key and number."""
    now = timezone.now()
    chosen = rng.choices(range(len(plans)), weights=[p.share for p in plans], k=size)
    span = YEARS * 365 * DAY
    cases = sorted((now - span * rng.random(), p) for p in chosen)
    stories = {p.kind.stories: [s for s in STORIES if s.key in p.kind.stories] for p in plans}
    counters: dict[tuple[int, int], int] = {}
    for number, (reported, p) in enumerate(cases, start=1):
        plan = plans[p]
        reported = _office_hours(reported, now, rng)
        values = _case(plan, rng.choice(stories[plan.kind.stories]), reported, now, rng)
        values["reference"] = f"{REFERENCE_PREFIX}{number:09d}"
        key = None
        if values["state"] != State.REPORTED:
            on = values["registered_at"].astimezone(STOCKHOLM).date()
            counter = (plan.series_id, counter_year(plan.number_format, on))
            counters[counter] = counters.get(counter, 0) + 1
            values["diary_number"] = render_number(
                plan.number_format, number=counters[counter], on=on
            )
            key = (*counter, counters[counter])
        yield values, key


def _office_hours(moment: datetime, now: datetime, rng: random.Random) -> datetime:
    local = moment.astimezone(STOCKHOLM)
    at = local.replace(hour=rng.randint(7, 16), minute=rng.randint(0, 59))
    return at if at < now - HOUR else now - rng.uniform(0.2, 6) * HOUR


def _state(age_days: float, rng: random.Random) -> State:
    for limit, weights in STATES_BY_AGE:
        if age_days <= limit:
            return rng.choices(list(weights), list(weights.values()))[0]
    raise AssertionError("unreachable")


def _after(
    start: datetime, now: datetime, low: timedelta, high: timedelta, rng: random.Random
) -> datetime:
    """A moment after `start`, `low`–`high` later but never past a share of what is left."""
    return start + min(low + (high - low) * rng.random(), (now - start) * 0.3)


def _case(
    plan: ControllerPlan, story: Story, reported: datetime, now: datetime, rng: random.Random
) -> dict[str, Any]:
    unit = rng.choice(plan.units)
    discovered = reported - rng.uniform(0.5, 60) * HOUR
    occurred = discovered - rng.choice((0, 0.5, 2, 12, 48, 240)) * rng.random() * HOUR
    local = occurred.astimezone(STOCKHOLM)
    count = rng.randint(story.low, story.high)
    state = _state((now - reported) / DAY, rng)
    not_incident = state == State.CLOSED and rng.random() < NOT_INCIDENT_SHARE
    reporter = plan.reporter
    v: dict[str, Any] = {
        "code": uuid.UUID(int=rng.getrandbits(128), version=4),
        "controller_id": plan.controller_id,
        "unit_id": unit.unit_id,
        "state": state,
        "reporter_id": reporter.pk,
        "reporter_name": reporter.get_full_name(),
        "reporter_title": reporter.title,
        "reporter_unit_name": "",  # set below from the unit's name
        "description": story.text.format(
            date=f"{local.day} {TEXTS.months[local.month - 1]}", n=count
        ),
        "occurred_at": occurred,
        "occurred_approximate": rng.random() < 0.4,
        "discovered_at": discovered,
        "discovered_approximate": rng.random() < 0.15,
        "location": Location.PROCESSOR if story.processor else Location.CONTROLLER,
        "processor_name": story.processor,
        "subject_categories": sorted(story.subjects),
        "data_types": sorted(story.data),
        "data_types_other": story.data_other,
        "affected_count": count,
        "affected_count_estimated": story.high > 10,
        "reported_at": reported,
        "aware_at": discovered,
        "imy_due_at": imy_due_at(discovered),
    }
    stage = ORDER.index(state)
    if stage == 0:
        return v
    officer = unit.coordinator.pk
    registered = _after(reported, now, 0.3 * HOUR, 26 * HOUR, rng)
    v.update(
        diary_series_id=plan.series_id,
        registered_at=registered,
        registered_by_id=plan.registrar.pk,
        assignee_id=officer,
    )
    if rng.random() < PROTECTED_SHARE:
        protects = DataType.PROTECTED_IDENTITY in story.data
        v.update(
            protected=True,
            protected_reason="protected_identity" if protects else "secrecy",
            protected_at=registered,
            protected_by_id=officer,
        )
    if stage == 1:
        return v
    acknowledged = _after(registered, now, 0.2 * HOUR, 30 * HOUR, rng)
    v.update(acknowledged_at=acknowledged, acknowledged_by_id=officer)
    if stage == 2:
        return v
    if not_incident:
        closed = _after(acknowledged, now, DAY, 14 * DAY, rng)
        note = TEXTS.not_incident.format(why=TEXTS.not_incident_advice)
        v.update(not_an_incident=True, closed_at=closed, closing_note=note)
        return v
    _decisions(v, plan, officer, acknowledged, stage, now, rng)
    return v


def _decisions(
    v: dict[str, Any],
    plan: ControllerPlan,
    officer: int,
    acknowledged: datetime,
    stage: int,
    now: datetime,
    rng: random.Random,
) -> None:
    """The assessment, the notification, the internal decision and the closing, as far as
    the case's state goes."""
    notify = stage == ORDER.index(State.NOTIFIED) or rng.random() < NOTIFY_SHARE
    decided_at = _after(acknowledged, now, DAY, 10 * DAY, rng)
    level = rng.choice(("risk", "high")) if notify else "none"
    inform = SubjectsDecision.INFORM
    v.update(
        risk_level=level,
        recommendation={"none": "document", "risk": "notify", "high": "notify_and_inform"}[level],
        imy_decision=ImyDecision.NOTIFY if notify else ImyDecision.NOT_NOTIFY,
        imy_decided_at=decided_at,
        imy_decided_by_id=officer,
        subjects_decision=inform if level == "high" else SubjectsDecision.NOT_REQUIRED,
        subjects_reason="" if level == "high" else TEXTS.low_risk,
    )
    if not notify:
        v["imy_decision_reason"] = TEXTS.assessment.format(why=TEXTS.nobody)
    last = decided_at
    if notify and stage >= ORDER.index(State.NOTIFIED):
        last = _after(decided_at, now, 0.1 * HOUR, 24 * HOUR, rng)
        v.update(
            imy_notified_at=last, imy_case_number=f"IMY-{last.year}-{rng.randint(1000, 99999)}"
        )
    if stage < ORDER.index(State.DECIDED):
        return
    decided = _after(last, now, DAY, 20 * DAY, rng)
    v.update(
        decision_maker_id=plan.decision_maker.pk,
        decided_on=decided.astimezone(STOCKHOLM).date(),
        decision_note=TEXTS.decision_notes[ImyDecision(v["imy_decision"])],
    )
    if stage == ORDER.index(State.CLOSED):
        sent = _after(decided, now, HOUR, DAY, rng)
        v.update(sent_to_dpo_at=sent, closed_at=_after(sent, now, DAY, 30 * DAY, rng))


# The load ---------------------------------------------------------------------------------


def _insert(
    rows: Iterator[tuple[dict[str, Any], tuple[int, int, int] | None]], size: int
) -> dict[tuple[int, int], int]:
    """Insert the rows; return the last number of each diary counter (series, year)."""
    columns = Columns()
    names = dict(Unit.objects.values_list("pk", "name"))
    counters: dict[tuple[int, int], int] = {}
    start = time.perf_counter()

    def prepared() -> Iterator[list[Any]]:
        for n, (values, key) in enumerate(rows, start=1):
            values["reporter_unit_name"] = names[values["unit_id"]]
            if key is not None:
                counters[key[0], key[1]] = key[2]
            yield columns.row(values)
            if n % 100_000 == 0:
                rate = n / (time.perf_counter() - start)
                print(f"  {n} of {size} incidents, {rate:.0f}/s", flush=True)

    if connection.vendor == "postgresql":
        _pg_copy(columns.names, prepared())
    else:
        _sqlite_insert(columns.names, prepared())
    return counters


def _sqlite_insert(names: list[str], rows: Iterator[list[Any]]) -> None:
    sql = (
        f"INSERT INTO incidents_incident ({', '.join(names)}) "  # noqa: S608 (the model's columns)
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    raw = connection.connection
    batch: list[list[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            raw.executemany(sql, batch)
            batch = []
    raw.executemany(sql, batch)


def _pg_copy(names: list[str], rows: Iterator[list[Any]]) -> None:
    """COPY the rows, with the table's secondary indexes and foreign keys dropped meanwhile
    (in the same transaction: a failure leaves the table as it was)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        # Check the world's deferred foreign keys now: ALTER TABLE waits for no pending check.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'incidents_incident'::regclass AND contype IN ('u', 'f')"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = "
            "'incidents_incident' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE "
            "c.conname = i.indexname AND c.conrelid = 'incidents_incident'::regclass)"
        )
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE incidents_incident DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        start = time.perf_counter()
        raw = cursor.cursor
        with raw.copy(f"COPY incidents_incident ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        print(f"  COPY done in {time.perf_counter() - start:.0f} s", flush=True)
        start = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE incidents_incident ADD CONSTRAINT "{name}" {definition}')
        print(f"  indexes and constraints in {time.perf_counter() - start:.0f} s", flush=True)
