"""The small shared world every test reuses by name.

Two municipal committees that are separate controllers, units under each, and named people:
a reporter, a registrar, coordinators, a manager, a DPO, a decision-maker, an administrator
and an outsider with no role at all.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import models, transaction
from django.test import Client
from django.utils import timezone, translation
from pytest_django import DjangoDbBlocker

from breachdesk.accounts.models import User
from breachdesk.incidents.models import DataType, Incident, Location, SubjectCategory
from breachdesk.incidents.services import ReportFacts, incident_report
from breachdesk.orgs.models import Controller, DiarySeries, Membership, Role, Unit
from tests.mailbox import mailbox, smtp_server  # noqa: F401 (fixtures: a real SMTP server)

PASSWORD = "correct-horse-battery-staple"

# The clock every test starts from: a Wednesday at 10:00 in Stockholm, far from midnight and
# from a change to or from summer time, and after every date the tests use as "in the past".
# It runs on from there (tick), for the whole session: data made once for a module and the
# tests that use it share one timeline, and so do the live server's and the SMTP server's
# threads. A test that needs another moment travels there itself (time_machine.travel); the
# browser and the subprocesses keep the machine's clock, and nothing they do compares with it.
CLOCK_START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def pinned_clock() -> Iterator[None]:
    with time_machine.travel(CLOCK_START, tick=True):
        yield


@pytest.fixture(autouse=True)
def default_language() -> None:
    """Each test starts in the default language: a request (or a test) that activated
    another one leaves it active in its thread, and the next test would inherit it."""
    translation.deactivate()


@dataclass
class World:
    social: Controller
    school: Controller
    social_series: DiarySeries
    school_series: DiarySeries
    ifo: Unit  # Individ- och familjeomsorgen (social)
    children: Unit  # Barn och unga, under ifo
    elderly: Unit  # Äldreomsorgen (social)
    primary: Unit  # Grundskolan (school)
    reporter: User
    other_reporter: User
    registrar: User
    school_registrar: User
    coordinator: User
    elderly_coordinator: User
    school_coordinator: User
    manager: User
    dpo: User
    decision_maker: User
    administrator: User
    outsider: User

    def person(self, name: str) -> User:
        value = getattr(self, name)
        assert isinstance(value, User)
        return value


def _person(username: str, first: str, last: str, title: str = "") -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first,
        last_name=last,
        title=title,
        email=f"{username}@testby.example",
    )
    return user


def _role(user: User, controller: Controller, role: Role, unit: Unit | None = None) -> None:
    Membership.objects.create(user=user, controller=controller, unit=unit, role=role)


def build_world() -> World:
    social = Controller.objects.create(
        name="Socialnämnden i Testby", organisation_number="212999-0004", dpo_name="DSO Testby"
    )
    school = Controller.objects.create(
        name="Bildningsnämnden i Testby", organisation_number="212999-0012"
    )
    social_series = DiarySeries.objects.create(
        controller=social, name="AFN", number_format="{YY}AFN{N}"
    )
    school_series = DiarySeries.objects.create(
        controller=school, name="PERSINC", number_format="{YY}{MM}{DD}-PERSINC-{CODE}"
    )
    ifo = Unit.objects.create(controller=social, name="Individ- och familjeomsorgen")
    children = Unit.objects.create(controller=social, parent=ifo, name="Barn och unga")
    elderly = Unit.objects.create(controller=social, name="Äldreomsorgen")
    primary = Unit.objects.create(controller=school, name="Grundskolan")

    world = World(
        social=social,
        school=school,
        social_series=social_series,
        school_series=school_series,
        ifo=ifo,
        children=children,
        elderly=elderly,
        primary=primary,
        reporter=_person("reporter", "Rut", "Anmälarsson", "Socialsekreterare"),
        other_reporter=_person("other_reporter", "Olle", "Annansson", "Undersköterska"),
        registrar=_person("registrar", "Rakel", "Diariesson", "Registrator"),
        school_registrar=_person("school_registrar", "Sixten", "Diarieberg", "Registrator"),
        coordinator=_person("coordinator", "Cecilia", "Samordnarsson", "GDPR-samordnare"),
        elderly_coordinator=_person("elderly_coordinator", "Elis", "Omsorgsson", "Samordnare"),
        school_coordinator=_person("school_coordinator", "Stina", "Skolberg", "Samordnare"),
        manager=_person("manager", "Mats", "Chefsson", "Enhetschef"),
        dpo=_person("dpo", "Dora", "Ombudsson", "Dataskyddsombud"),
        decision_maker=_person("decision_maker", "Bertil", "Beslutsson", "Förvaltningschef"),
        administrator=_person("administrator", "Ada", "Adminsson", "Systemförvaltare"),
        outsider=_person("outsider", "Ulla", "Utomsson", "Konsult"),
    )
    world.coordinator.manager = world.manager
    world.coordinator.save(update_fields=["manager"])
    _role(world.reporter, social, Role.REPORTER, children)
    _role(world.other_reporter, social, Role.REPORTER, elderly)
    _role(world.registrar, social, Role.REGISTRAR)
    _role(world.school_registrar, school, Role.REGISTRAR)
    _role(world.coordinator, social, Role.COORDINATOR, ifo)
    _role(world.elderly_coordinator, social, Role.COORDINATOR, elderly)
    _role(world.school_coordinator, school, Role.COORDINATOR, primary)
    _role(world.manager, social, Role.RESPONSIBLE_MANAGER, ifo)
    _role(world.dpo, social, Role.DPO)
    _role(world.decision_maker, social, Role.DECISION_MAKER, ifo)
    _role(world.administrator, social, Role.ADMINISTRATOR)
    return world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@contextmanager
def rolled_back_at_the_end(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Data made in this block lives in a transaction (a savepoint, when nested) that is rolled
    back when the block ends, so that several tests can share it. Each test's own transaction
    (the `db` fixture) is a savepoint inside it, as in a Django TestCase: what one test
    changes is gone before the next. Make the data inside `django_db_blocker.unblock()`."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # Like the test case's own blocks: a durable block may open inside it.
        atomic._from_testcase = True  # type: ignore[attr-defined]
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def refetched(world: World) -> World:
    """The same world read again from the database. A world kept across tests goes stale
    in memory when a test's transaction is rolled back (a login sets `last_login`, say)."""
    kept: dict[str, models.Model] = {f.name: getattr(world, f.name) for f in fields(world)}
    fresh: dict[str, Any] = {}
    for model in {type(value) for value in kept.values()}:
        rows = model._default_manager.in_bulk(
            [value.pk for value in kept.values() if type(value) is model]
        )
        fresh.update({name: rows[value.pk] for name, value in kept.items() if type(value) is model})
    return replace(world, **fresh)


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """The world made once for a module, rolled back at its end. A test takes it through a
    function-scoped fixture that refetches it (see `refetched`) and asks for `db`."""
    with rolled_back_at_the_end(django_db_blocker):
        with django_db_blocker.unblock():
            made = build_world()
        yield made


def report_facts(unit: Unit, **overrides: Any) -> ReportFacts:
    now = timezone.now()
    values: dict[str, Any] = {
        "reporter_name": "Rut Anmälarsson",
        "reporter_title": "Socialsekreterare",
        "unit": unit,
        "description": "E-post med uppgifter om en klient skickades till fel mottagare.",
        "occurred_at": now - timedelta(hours=5),
        "occurred_approximate": False,
        "discovered_at": now - timedelta(hours=2),
        "discovered_approximate": False,
        "location": Location.CONTROLLER,
        "processor_name": "",
        "subject_categories": [SubjectCategory.CLIENTS],
        "subject_categories_other": "",
        "data_types": [DataType.NAME, DataType.SOCIAL],
        "data_types_other": "",
        "affected_count": 1,
        "affected_count_estimated": False,
    }
    values.update(overrides)
    return ReportFacts(**values)


@pytest.fixture
def make_incident(world: World) -> Callable[..., Incident]:
    def make(reporter: User | None = None, unit: Unit | None = None, **overrides: Any) -> Incident:
        return incident_report(
            reporter=reporter or world.reporter,
            facts=report_facts(unit or world.children, **overrides),
        )

    return make


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def at(text: str) -> datetime:
    """An aware datetime from 'YYYY-MM-DD HH:MM' in Stockholm time."""
    from breachdesk.lib.deadlines import STOCKHOLM

    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=STOCKHOLM)
