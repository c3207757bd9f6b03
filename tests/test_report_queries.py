"""The reports across cases of a large register are built in a constant number of queries."""

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from breachdesk.documents.report_services import (
    committee_report_check,
    committee_report_produce,
    incident_log_check,
    incident_log_produce,
)
from breachdesk.documents.reports import (
    committee_report_sections,
    incident_log_rows,
)
from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import (
    Unit,
)
from tests.conftest import World
from tests.report_cases import bulk_register, make_committee, make_manager


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


def test_a_committee_report_of_a_large_register_takes_six_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    units = [world.ifo, world.children, world.elderly]
    for number in range(4):
        parent = units[number % 3]
        units.append(Unit.objects.create(controller=world.social, parent=parent, name=f"E{number}"))
    make_manager("vikarie", "Vera Vikariesson", world.social, units[-1])
    incidents = bulk_register(world, units, 1200)  # to February 2025
    committee, meetings = make_committee(
        world.social,
        *[date(year, month, 10) for year in (2022, 2023, 2024) for month in (2, 6, 10)],
    )

    # The first numbers, the cases, their measures, their contacts, the managers, the meetings.
    with django_assert_max_num_queries(6):
        sections = committee_report_sections(
            committee=committee, meetings=meetings[2:], until=date(2024, 12, 31)
        )

    rows = [row for section in sections for row in section.rows]
    rank: dict[str, int] = {}  # the diary number's place in its year of registration
    in_report = []
    counted: dict[int, int] = {}
    for incident in incidents:
        assert incident.registered_at is not None
        registered = timezone.localtime(incident.registered_at)
        year = registered.year
        counted[year] = counted.get(year, 0) + 1
        rank[str(incident.diary_number)] = counted[year]
        if date(2022, 10, 10) <= registered.date() <= date(2024, 12, 31):
            in_report.append(str(incident.diary_number))
    assert len(rows) > 900
    assert [row.dnr for row in rows] == in_report
    assert [row.nr for row in rows] == [rank[row.dnr] for row in rows]
    assert rows[0].nr > 1
    assert {row.manager for row in rows} == {"Mats Chefsson", "", "Vera Vikariesson"}


def test_an_incident_log_of_a_large_register_takes_three_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    bulk_register(world, [world.ifo, world.children, world.elderly], 600)

    # The cases, their measures, their contacts.
    with django_assert_max_num_queries(3):
        rows = incident_log_rows(
            controller=world.social, reported_from=date(2022, 1, 1), reported_to=None
        )

    assert len(rows) == 600
    assert rows[-1].measures == "Åtgärd 1.\nÅtgärd 2."  # the oldest, listed last
    assert rows[-2].measures == ""


def _queries(action: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured.captured_queries]


def _richer(world: World, incidents: list[Incident]) -> None:
    """Some of `incidents` protected, some with IMY's answer: every kind of row is there."""
    for incident in incidents[1::3]:
        incident.protected = True
    for incident in incidents[2::3]:
        incident.imy_answer_on = date(2024, 1, 10)
        incident.imy_case_number = "IMY-2024-1"
    Incident.objects.bulk_update(incidents, ["protected", "imy_answer_on", "imy_case_number"])


def test_producing_a_committee_report_takes_as_many_queries_for_300_cases_as_for_10(
    world: World,
) -> None:
    """The whole production: the guard's check, both files, the stored version and its audit
    event. A query per row (a case's unit, investigation or measures) would show here."""
    units = [world.ifo, world.children, world.elderly]
    committee, meetings = make_committee(world.social, date(2022, 5, 1), date(2023, 1, 10))
    # A first report of the controller, with no case: its first audit event and version.
    committee_report_produce(committee=committee, meetings=meetings, actor=world.registrar)
    counts = {}
    first = 0
    for cases in (10, 300):
        incidents = bulk_register(world, units, cases - first, first=first)
        _richer(world, incidents)
        first = cases

        def check() -> object:
            return committee_report_check(committee=committee, meetings=meetings)

        def produce() -> object:
            return committee_report_produce(
                committee=committee, meetings=meetings, actor=world.registrar
            )

        counts[cases] = (len(_queries(check)), len(_queries(produce)))
    sections = committee_report_sections(committee=committee, meetings=meetings)
    assert sum(len(section.rows) for section in sections) == 300
    assert counts[300] == counts[10], counts


def test_producing_an_incident_log_takes_as_many_queries_for_300_cases_as_for_10(
    world: World,
) -> None:
    units = [world.ifo, world.children, world.elderly]
    # A first log of the controller, with no case: its first audit event and version.
    incident_log_produce(
        controller=world.social, start=None, end=None, unit=None, actor=world.registrar
    )
    counts = {}
    first = 0
    for cases in (10, 300):
        incidents = bulk_register(world, units, cases - first, first=first)
        _richer(world, incidents)
        first = cases

        def check() -> object:
            return incident_log_check(controller=world.social, start=None, end=None, unit=None)

        def produce() -> object:
            return incident_log_produce(
                controller=world.social, start=None, end=None, unit=None, actor=world.registrar
            )

        counts[cases] = (len(_queries(check)), len(_queries(produce)))
    assert (
        len(incident_log_rows(controller=world.social, reported_from=None, reported_to=None)) == 300
    )
    assert counts[300] == counts[10], counts
