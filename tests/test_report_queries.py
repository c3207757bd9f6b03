"""The reports across cases of a large register are built in a constant number of queries."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from breachdesk.documents.reports import (
    committee_report_sections,
    incident_log_rows,
)
from breachdesk.incidents.models import Incident, Investigation, Location, Measure
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import imy_due_at
from breachdesk.orgs.models import (
    Unit,
)
from tests.conftest import World, at
from tests.report_cases import make_committee, make_manager


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


def bulk_register(world: World, units: list[Unit], count: int) -> list[Incident]:
    """`count` registered incidents of world.social, one every 20 hours from 2022-06-01, in
    `units` in turn, every other one with an investigation and two measures."""
    start = at("2022-06-01 08:00")
    incidents = []
    for index in range(count):
        when = start + timedelta(hours=20 * index)
        incidents.append(
            Incident(
                reference=f"PUI-T{index:06d}",
                controller=world.social,
                unit=units[index % len(units)],
                state=State.REGISTERED,
                reporter=world.reporter,
                reporter_name="Rut Anmälarsson",
                reporter_unit_name="Barn och unga",
                description=f"Händelse {index}",
                occurred_at=when - timedelta(days=1),
                occurred_approximate=False,
                discovered_at=when - timedelta(hours=2),
                discovered_approximate=False,
                location=Location.CONTROLLER,
                affected_count=1,
                affected_count_estimated=False,
                aware_at=when - timedelta(hours=2),
                imy_due_at=imy_due_at(when - timedelta(hours=2)),
                reported_at=when - timedelta(hours=1),
                diary_series=world.social_series,
                diary_number=f"T{index}",
                registered_at=when,
                registered_by=world.registrar,
                assignee=world.coordinator,
            )
        )
    created = Incident.objects.bulk_create(incidents)
    Investigation.objects.bulk_create(
        Investigation(incident=incident, public_summary=f"Sammanfattning {incident.pk}")
        for incident in created[::2]
    )
    Measure.objects.bulk_create(
        Measure(incident=incident, description=f"Åtgärd {n}", responsible=world.manager)
        for incident in created[::2]
        for n in (1, 2)
    )
    return created


def test_a_committee_report_of_a_large_register_takes_five_queries(
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

    with django_assert_max_num_queries(5):
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


def test_an_incident_log_of_a_large_register_takes_two_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    bulk_register(world, [world.ifo, world.children, world.elderly], 600)

    with django_assert_max_num_queries(2):
        rows = incident_log_rows(
            controller=world.social, reported_from=date(2022, 1, 1), reported_to=None
        )

    assert len(rows) == 600
    assert rows[0].measures == "Åtgärd 1\nÅtgärd 2"
    assert rows[1].measures == ""
