"""The demo's 60 incidents: reported, registered and acknowledged through the real services at
moments relative to now, then carried further (carrier.py) and some marked as protected."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.demo.carrier import carry_cases
from breachdesk.demo.cases import DemoCase
from breachdesk.demo.specs import (
    HANDLINGS,
    REGISTRARS,
    REPORTERS,
    STAND_IN_UNITS,
    STORIES,
    TEXTS,
    UNIT_REPORTERS,
    Story,
)
from breachdesk.demo.world import World
from breachdesk.incidents.models import Incident, ProtectionReason
from breachdesk.incidents.services import (
    ReportFacts,
    incident_acknowledge,
    incident_protect,
    incident_register,
    incident_report,
    protected_reader_add,
)
from breachdesk.incidents.vocabulary import DataType, Location
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.models import Role, Unit
from breachdesk.orgs.services import nearest_role_holder

SEED = 2026

# States and ages of the 60 demo incidents as reported, registered and acknowledged: fresh ones
# still have time left on the 72-hour clock. carrier.py carries most of the cases acknowledged
# months ago further, through every later state.
PLAN: tuple[tuple[State, str], ...] = (
    *[(State.REPORTED, "fresh")] * 8,
    *[(State.REPORTED, "stale")] * 4,
    *[(State.REGISTERED, "fresh")] * 5,
    *[(State.REGISTERED, "weeks")] * 10,
    *[(State.ACKNOWLEDGED, "fresh")] * 3,
    *[(State.ACKNOWLEDGED, "months")] * 30,
)
AGES_IN_DAYS = {"stale": (3.0, 25.0), "weeks": (3.0, 45.0), "months": (7.0, 300.0)}
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Timeline:
    occurred: datetime
    discovered: datetime
    reported: datetime
    registered: datetime | None
    acknowledged: datetime | None


def incidents_create(world: World) -> None:
    """Report every story twice, register and acknowledge as PLAN says, carry the cases
    acknowledged months ago further and mark some as protected."""
    users, units = world.users, world.units
    if len(HANDLINGS) != len(STORIES):
        raise CommandError("Every demo story needs its handling.")
    rng = random.Random(SEED)
    now = timezone.now()
    stories = [story for story in STORIES for _ in range(2)]
    plan = list(PLAN)
    rng.shuffle(plan)
    # Make sure one case was registered during a coordinator's absence, so the stand-in rule
    # (the absent coordinator's manager is assigned) shows.
    elder = next(i for i, s in enumerate(stories) if s.unit in STAND_IN_UNITS)
    fresh = plan.index((State.REGISTERED, "fresh"))
    plan[elder], plan[fresh] = plan[fresh], plan[elder]

    specs = [
        (story, age, timeline(rng, now, state, age))
        for story, (state, age) in zip(stories, plan, strict=True)
    ]
    cases: list[tuple[Incident, Timeline, Story, str]] = []
    for story, age, t in sorted(specs, key=lambda spec: spec[2].reported):
        reporter = users[UNIT_REPORTERS.get(story.unit, REPORTERS[story.key])]
        facts = facts_for(story, units[story.key, story.unit], reporter, t, rng)
        incident = incident_report(reporter=reporter, facts=facts, now=t.reported)
        cases.append((incident, t, story, age))

    # Registered in the order of registration, so each series' numbers follow the days.
    registering = [(i, t.registered, s.key) for i, t, s, _ in cases if t.registered]
    for incident, at, key in sorted(registering, key=lambda case: case[1]):
        incident_register(incident=incident, actor=users[REGISTRARS[key]], now=at)

    later: list[DemoCase] = []
    for incident, t, story, age in cases:
        if t.acknowledged is not None:
            if incident.assignee is None:
                raise CommandError(f"{incident} was registered without a case officer.")
            incident_acknowledge(incident=incident, actor=incident.assignee, now=t.acknowledged)
            if age == "months":
                handling = HANDLINGS[STORIES.index(story)]
                later.append(DemoCase(incident, t.acknowledged, handling))
    carry_cases(cases=later, rng=rng, now=now)
    _protect_some([(incident, story) for incident, _t, story, _age in cases])


def _protect_some(cases: list[tuple[Incident, Story]]) -> None:
    """Mark the first registered case of each story about protected identity as protected
    (OSL) by its case officer, who names the unit's decision-maker as a reader."""
    now = timezone.now()
    marked: set[Story] = set()
    for incident, story in cases:
        if not protects(story) or incident.assignee is None or story in marked:
            continue
        marked.add(story)
        incident.refresh_from_db()  # carried through later states meanwhile
        last = incident.audit_events.order_by("-at").values_list("at", flat=True).first()
        at = min((last or now) + timedelta(hours=1), now)  # after its last event
        officer = incident.assignee
        incident_protect(
            incident=incident,
            actor=officer,
            reason=ProtectionReason.PROTECTED_IDENTITY,
            now=at,
        )
        reader = nearest_role_holder(unit=incident.unit, role=Role.DECISION_MAKER)
        if reader is not None and reader != officer:
            protected_reader_add(incident=incident, actor=officer, reader=reader, now=at)


def protects(story: Story) -> bool:
    """Whether a story's case is marked as protected (OSL) in the demo."""
    return DataType.PROTECTED_IDENTITY in story.data


def timeline(rng: random.Random, now: datetime, state: State, age: str) -> Timeline:
    if age == "fresh":
        reported = now - rng.uniform(1, 40) * HOUR
        discovered = reported - rng.uniform(0.25, 22) * HOUR
    else:
        low, high = AGES_IN_DAYS[age]
        day = (now - timedelta(days=rng.uniform(low, high))).astimezone(STOCKHOLM).date()
        hour, minute = rng.randint(7, 16), rng.randint(0, 59)
        reported = datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)
        discovered = reported - rng.uniform(0.5, 60) * HOUR
    occurred = discovered - rng.choice((0, 0.5, 2, 12, 48, 240)) * rng.random() * HOUR
    registered = acknowledged = None
    if state != State.REPORTED:
        registered = min(
            reported + rng.uniform(0.3, 26) * HOUR, now - rng.uniform(5, 30) * HOUR / 60
        )
        if state == State.ACKNOWLEDGED:
            acknowledged = registered + min(rng.uniform(0.2, 30) * HOUR, (now - registered) * 0.9)
    return Timeline(occurred, discovered, reported, registered, acknowledged)


def facts_for(
    story: Story, unit: Unit, reporter: User, t: Timeline, rng: random.Random
) -> ReportFacts:
    count = rng.randint(story.low, story.high)
    local = t.occurred.astimezone(STOCKHOLM)
    return ReportFacts(
        reporter_name=reporter.get_full_name(),
        reporter_title=reporter.title,
        unit=unit,
        description=story.text.format(date=f"{local.day} {TEXTS.months[local.month - 1]}", n=count),
        occurred_at=t.occurred,
        occurred_approximate=rng.random() < 0.4,
        discovered_at=t.discovered,
        discovered_approximate=rng.random() < 0.15,
        location=Location.PROCESSOR if story.processor else Location.CONTROLLER,
        processor_name=story.processor,
        subject_categories=sorted(story.subjects),
        subject_categories_other="",
        data_types=sorted(story.data),
        data_types_other=story.data_other,
        affected_count=count,
        affected_count_estimated=story.high > 10,
    )
