"""Report, register, acknowledge: the services and the transition table behind them."""

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.db import connections, transaction
from django.utils import timezone, translation

from breachdesk.accounts.models import Absence
from breachdesk.audit.models import AuditEvent
from breachdesk.audit.services import audit_record
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import (
    TransitionRefused,
    incident_acknowledge,
    incident_register,
    incident_report,
)
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import imy_due_at
from breachdesk.lib.errors import DomainError
from tests.conftest import World, at, report_facts

MakeIncident = Callable[..., Incident]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English here; the Swedish ones in the page tests."""
    with translation.override("en"):
        yield


def test_report_stores_the_facts_and_starts_the_clock(
    world: World, make_incident: MakeIncident
) -> None:
    discovered = at("2026-03-27 12:00")
    incident = make_incident(discovered_at=discovered, occurred_at=discovered - timedelta(days=1))
    incident.refresh_from_db()
    assert incident.state == State.REPORTED
    assert incident.controller == world.social
    assert incident.reporter_unit_name == "Barn och unga"
    assert incident.aware_at == discovered
    assert incident.imy_due_at == imy_due_at(discovered)
    assert incident.reference.startswith("PUI-")
    event = AuditEvent.objects.get(incident=incident)
    assert (event.kind, event.actor) == ("incident.reported", world.reporter)


def test_report_for_another_controllers_unit_is_refused(world: World) -> None:
    with pytest.raises(DomainError, match="cannot report"):
        incident_report(reporter=world.reporter, facts=report_facts(world.primary))
    assert not Incident.objects.exists()


def test_register_gives_number_and_assigns_the_units_coordinator(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    now = at("2026-06-01 10:00")
    incident_register(incident=incident, actor=world.registrar, now=now)
    incident.refresh_from_db()
    assert incident.state == State.REGISTERED
    assert incident.diary_number == "26AFN1"
    assert incident.assignee == world.coordinator
    assert incident.registered_by == world.registrar
    steps = AuditEvent.objects.filter(incident=incident).exclude(kind="document.registered")
    event = steps.latest("pk")
    assert event.kind == "incident.register"
    assert event.data["changes"]["diary_number"] == {"old": None, "new": "26AFN1"}
    assert event.data["assignment"] == "coordinator"


def test_register_assigns_the_manager_when_the_coordinator_is_absent(
    world: World, make_incident: MakeIncident
) -> None:
    now = at("2026-06-01 10:00")
    Absence.objects.create(user=world.coordinator, starts_on=now.date(), ends_on=now.date())
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar, now=now)
    assert incident.assignee == world.manager


def test_registrar_may_choose_another_assignee_and_unit(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(
        incident=incident,
        actor=world.registrar,
        unit=world.elderly,
        assignee=world.decision_maker,
    )
    incident.refresh_from_db()
    assert (incident.unit, incident.assignee) == (world.elderly, world.decision_maker)


def test_registrar_cannot_assign_someone_outside_the_controller(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    with pytest.raises(DomainError, match="cannot be assigned"):
        incident_register(incident=incident, actor=world.registrar, assignee=world.outsider)
    incident.refresh_from_db()
    assert incident.state == State.REPORTED


@pytest.mark.parametrize("who", ["school_registrar", "coordinator", "reporter", "dpo"])
def test_only_a_registrar_of_the_controller_registers(
    world: World, make_incident: MakeIncident, who: str
) -> None:
    incident = make_incident()
    with pytest.raises(TransitionRefused, match="not allowed"):
        incident_register(incident=incident, actor=world.person(who))
    assert Incident.objects.get(pk=incident.pk).diary_number is None


def test_registering_twice_is_refused_and_takes_no_number(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar)
    stale = Incident.objects.get(pk=incident.pk)
    stale.state = State.REPORTED  # a page loaded before the first registration
    with pytest.raises(TransitionRefused, match="changed this case"):
        incident_register(incident=stale, actor=world.registrar)
    second = make_incident()
    incident_register(incident=second, actor=world.registrar)
    assert second.diary_number is not None and second.diary_number.endswith("AFN2")


def test_acknowledge_records_the_time_by_the_assignee_only(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    incident_register(incident=incident, actor=world.registrar)
    with pytest.raises(TransitionRefused, match="not allowed"):
        incident_acknowledge(incident=incident, actor=world.registrar)
    moment = timezone.now()
    incident_acknowledge(incident=incident, actor=world.coordinator, now=moment)
    incident.refresh_from_db()
    assert incident.state == State.ACKNOWLEDGED
    assert (incident.acknowledged_at, incident.acknowledged_by) == (moment, world.coordinator)


def test_acknowledge_before_registration_is_explained(
    world: World, make_incident: MakeIncident
) -> None:
    incident = make_incident()
    with pytest.raises(TransitionRefused, match="not possible while the case is reported"):
        incident_acknowledge(incident=incident, actor=world.coordinator)


def test_audit_refuses_to_write_outside_the_change_transaction(transactional_db: None) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(kind="x", actor=None)


@pytest.mark.django_db(transaction=True)
def test_two_registrars_racing_on_one_report_give_one_number() -> None:
    from tests.conftest import build_world

    world = build_world()
    incident = incident_report(reporter=world.reporter, facts=report_facts(world.children))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def work() -> None:
        try:
            mine = Incident.objects.get(pk=incident.pk)
            barrier.wait()
            with transaction.atomic():
                incident_register(incident=mine, actor=world.registrar)
            outcomes.append("registered")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "registered"]
    incident.refresh_from_db()
    assert incident.diary_number is not None and incident.diary_number.endswith("AFN1")
    # The loser's number was rolled back: the next registration continues the series.
    other = incident_report(reporter=world.reporter, facts=report_facts(world.children))
    incident_register(incident=other, actor=world.registrar)
    assert other.diary_number is not None and other.diary_number.endswith("AFN2")
