"""guard_register: the cases whose free texts hold personal data, listed without repeating it."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from breachdesk.audit.kinds import GUARD_REGISTER_SCANNED
from breachdesk.audit.models import AuditEvent
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import incident_report
from tests import flow
from tests.conftest import World, report_facts
from tests.guard_helpers import TEST_NUMBERS

NUMBER = TEST_NUMBERS[1].forms()["YYYYMMDD-NNNN"]
OTHER_NUMBER = TEST_NUMBERS[2].forms()["YYMMDD-NNNN"]


def _number(incident: Incident) -> str:
    """The case as the list names it: its diary number, or its reference before registration."""
    return incident.diary_number or incident.reference


def _run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("guard_register", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(world: World) -> dict[str, Incident]:
    clean = flow.registered(world)
    dirty = flow.registered(world, description=f"Brev om eleven {NUMBER} hamnade fel.")
    investigated = flow.investigated(world)
    investigation = investigated.investigation
    investigation.cause_detail = f"Handläggaren skrev {OTHER_NUMBER} i ämnesraden."
    investigation.save(update_fields=["cause_detail"])
    school = incident_report(
        reporter=world.school_coordinator,
        facts=report_facts(world.primary, description=f"Betyg för {NUMBER} och {OTHER_NUMBER}."),
    )
    return {"clean": clean, "dirty": dirty, "investigated": investigated, "school": school}


def test_lists_only_the_cases_with_personal_data(cases: dict[str, Incident]) -> None:
    output = _run()
    assert _number(cases["dirty"]) in output
    assert _number(cases["investigated"]) in output
    assert cases["school"].diary_number is None
    assert cases["school"].reference in output  # not registered: its reference
    assert _number(cases["clean"]) not in output
    assert "description: personnummer or samordningsnummer ×1" in output
    assert "what happened and why: personnummer or samordningsnummer ×1" in output
    assert "description: personnummer or samordningsnummer ×2" in output
    assert "«Brev om eleven [personnummer or samordningsnummer removed] hamnade fel.»" in output
    assert "4 cases read, 3 with personal data in their texts." in output


def test_never_prints_the_personal_data(cases: dict[str, Incident]) -> None:
    for fmt in ("text", "csv"):
        output = _run("--format", fmt)
        for number in TEST_NUMBERS[1:3]:
            for form in number.forms().values():
                assert form not in output


def test_csv_parses_with_one_row_per_case_field_and_kind(cases: dict[str, Incident]) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("--format", "csv")), delimiter=";"))
    assert [row["case"] for row in rows] == [
        _number(cases["dirty"]),
        _number(cases["investigated"]),
        _number(cases["school"]),
    ]
    first = rows[0]
    assert first["controller"] == "Socialnämnden i Testby"
    assert first["state"] == cases["dirty"].state
    assert first["field"] == "description"
    assert first["kind"] == "personnummer"
    assert first["count"] == "1"
    assert "[personnummer or samordningsnummer removed]" in first["excerpt"]
    assert rows[1]["field"] == "investigation.cause_detail"
    assert rows[2]["count"] == "2"


def test_controller_filters_by_name_or_code(cases: dict[str, Incident], world: World) -> None:
    by_name = _run("--controller", "bildningsnämnden i testby")
    assert _number(cases["school"]) in by_name
    assert _number(cases["dirty"]) not in by_name
    assert "1 cases read, 1 with personal data" in by_name
    by_code = _run("--controller", str(world.social.code))
    assert _number(cases["dirty"]) in by_code
    assert _number(cases["school"]) not in by_code
    with pytest.raises(CommandError):
        _run("--controller", "Nämnden som inte finns")


def test_kinds_filters_and_unknown_kinds_are_refused(world: World) -> None:
    flow.registered(world, description=f"Eleven {NUMBER}, mejl till anna@example.se.")
    emails = _run("--kinds", "email", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(emails), delimiter=";"))
    assert [row["kind"] for row in rows] == ["email"]
    assert NUMBER not in emails and "anna@example.se" not in emails
    with pytest.raises(CommandError):
        _run("--kinds", "email,shoe_size")


def test_measures_are_read(world: World) -> None:
    incident = flow.acknowledged(world)
    flow.measure(world, incident, description=f"Ring vårdnadshavaren till {NUMBER}.")
    output = _run()
    assert _number(incident) in output
    assert "measure: personnummer or samordningsnummer ×1" in output


def test_the_scan_is_recorded_as_one_event_by_the_system(
    cases: dict[str, Incident], world: World
) -> None:
    before = AuditEvent.objects.count()
    _run("--controller", world.social.name)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(kind=GUARD_REGISTER_SCANNED)
    assert event.actor is None
    assert event.controller == world.social
    assert event.data == {"cases": 3, "with_findings": 2, "controller": str(world.social.code)}


def test_an_empty_register_is_read_too(world: World) -> None:
    assert "0 cases read, 0 with personal data" in _run()
    assert AuditEvent.objects.filter(kind=GUARD_REGISTER_SCANNED).count() == 1
