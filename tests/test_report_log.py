"""The rows of the incident log: the cases reported in a period."""

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import translation

from breachdesk.documents.reports import (
    LogRow,
    incident_log_rows,
)
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.workflow import ImyDecision
from tests import flow
from tests.conftest import World, at
from tests.report_cases import register_school, register_social, school_reporting


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


PERSINC = re.compile(r"\d{6}-PERSINC-[0-9A-HJKMNP-TV-Z]{4}")


def _school_case(world: World, when: str, description: str) -> Incident:
    incident = register_school(
        world,
        when,
        description=description,
        occurred_at=at(when) - timedelta(hours=3),
        discovered_at=at(when) - timedelta(hours=1),
    )
    with time_machine.travel(at(when), tick=False):
        return services.incident_acknowledge(incident=incident, actor=world.school_coordinator)


def _school_investigate(world: World, incident: Incident, when: str, **facts: Any) -> None:
    with time_machine.travel(at(when), tick=False):
        services.investigation_record(
            incident=incident,
            actor=world.school_coordinator,
            facts=replace(flow.INVESTIGATION, **facts),
        )


def test_incident_log_has_the_columns_of_the_sample_log(world: World) -> None:
    school_reporting(world)
    # 230620: an e-mail with a pupil's name, sent internally; DPO consulted; IMY not notified.
    internal = _school_case(
        world, "2023-06-20 10:00", "E-postmeddelande med en grundskoleelevs namn skickades."
    )
    _school_investigate(
        world,
        internal,
        "2023-06-20 11:00",
        cause_detail="Inga känsliga uppgifter, bara ett namn och en kommun.",
        dpo_consulted=True,
        dpo_consulted_on=date(2023, 6, 20),
    )
    with time_machine.travel(at("2023-06-20 12:00"), tick=False):
        services.risk_assessment_record(
            incident=internal, actor=world.school_coordinator, inputs=flow.HARMLESS
        )
        services.imy_decide(
            incident=internal,
            actor=world.school_coordinator,
            facts=ImyDecisionFacts(
                imy_decision=ImyDecision.NOT_NOTIFY,
                imy_decision_reason="Låg risk: uppgifterna är inte känsliga och raderades.",
                subjects_decision="not_required",
                subjects_reason="Risken är inte hög.",
            ),
        )
        for text, done in [
            ("Båda berörda medarbetare har raderat meddelandet.", date(2023, 6, 20)),
            ("Påminnelse om SEFOS vid nästa utbildning.", None),
        ]:
            services.measure_record(
                incident=internal,
                actor=world.school_coordinator,
                description=text,
                responsible=None,
                due_on=None,
                done_on=done,
            )
    # 230621: judged not to be a personal data incident at all.
    not_one = _school_case(world, "2023-06-21 09:00", "Ett schema visades utan inloggning.")
    with time_machine.travel(at("2023-06-21 15:00"), tick=False):
        services.incident_close_not_incident(
            incident=not_one,
            actor=world.school_coordinator,
            reason="Bedöms inte vara en personuppgiftsincident efter samråd.",
        )
    # 230622: notified to IMY, without the DPO.
    notified = _school_case(world, "2023-06-22 09:00", "Kallelse till rehabmöte i öppen rubrik.")
    _school_investigate(world, notified, "2023-06-22 10:00", cause_detail="")
    with time_machine.travel(at("2023-06-22 11:00"), tick=False):
        services.risk_assessment_record(
            incident=notified, actor=world.school_coordinator, inputs=flow.RISKY
        )
        services.imy_decide(
            incident=notified,
            actor=world.school_coordinator,
            facts=ImyDecisionFacts(
                imy_decision=ImyDecision.NOTIFY,
                subjects_decision="not_required",
                subjects_reason="Risken är inte hög.",
            ),
        )
        services.imy_notify(
            incident=notified,
            actor=world.school_coordinator,
            made_at=at("2023-06-22 10:55"),
            complete=True,
            imy_case_number="IMY-2023-0001",
            content="Anmälan.",
            delay_reason="",
        )

    rows = incident_log_rows(
        controller=world.school, reported_from=date(2023, 6, 1), reported_to=date(2023, 6, 30)
    )

    # Newest first; the measures dated, ending with the written assessment.
    assert rows == [
        LogRow(
            reported_on="2023-06-22",
            dnr=str(notified.diary_number),
            description="Kallelse till rehabmöte i öppen rubrik.",
            measures="",
            dpo_contact="Nej",
            imy_notified="Ja",
            assessment="",
            incident_code=str(notified.code),
        ),
        LogRow(
            reported_on="2023-06-21",
            dnr=str(not_one.diary_number),
            description="Ett schema visades utan inloggning.",
            measures="Bedömning: Bedöms inte vara en personuppgiftsincident efter samråd.",
            dpo_contact="Nej",
            imy_notified="Nej",
            assessment="Bedöms inte vara en personuppgiftsincident efter samråd.",
            incident_code=str(not_one.code),
        ),
        LogRow(
            reported_on="2023-06-20",
            dnr=str(internal.diary_number),
            description="E-postmeddelande med en grundskoleelevs namn skickades.\n\n"
            "Inga känsliga uppgifter, bara ett namn och en kommun.",
            measures="2023-06-20 Båda berörda medarbetare har raderat meddelandet.\n"
            "Påminnelse om SEFOS vid nästa utbildning.\n"
            "Bedömning: Låg risk: uppgifterna är inte känsliga och raderades.",
            dpo_contact="Ja",
            imy_notified="Nej",
            assessment="Låg risk: uppgifterna är inte känsliga och raderades.",
            incident_code=str(internal.code),
        ),
    ]
    assert all(PERSINC.fullmatch(row.dnr) for row in rows)
    assert [row.dnr[:6] for row in rows] == ["230622", "230621", "230620"]


def test_incident_log_period_takes_both_days_in_stockholm_time(
    world: World, make_incident: Any
) -> None:
    school_reporting(world)
    # Midnight in Stockholm is 22:00 UTC in summer.
    with time_machine.travel(at("2024-05-31 23:59"), tick=False):
        too_early = make_incident()  # reported in May, registered in June
    with time_machine.travel(at("2024-06-01 08:00"), tick=False):
        services.incident_register(incident=too_early, actor=world.registrar)
    first_day = register_social(world, "2024-06-01 00:01")
    last_day = register_social(world, "2024-06-30 23:59")
    too_late = register_social(world, "2024-07-01 00:01")
    register_school(world, "2024-06-15 10:00")
    with time_machine.travel(at("2024-06-15 10:00"), tick=False):
        make_incident(description="Ännu inte diarieförd.")

    rows = incident_log_rows(
        controller=world.social, reported_from=date(2024, 6, 1), reported_to=date(2024, 6, 30)
    )

    assert [row.dnr for row in rows] == [last_day.diary_number, first_day.diary_number]
    assert [row.reported_on for row in rows] == ["2024-06-30", "2024-06-01"]
    open_ended = incident_log_rows(controller=world.social, reported_from=None, reported_to=None)
    assert [row.dnr for row in reversed(open_ended)] == [
        too_early.diary_number,
        first_day.diary_number,
        last_day.diary_number,
        too_late.diary_number,
    ]


def test_incident_log_of_a_unit_includes_its_sub_units(world: World) -> None:
    in_ifo = register_social(world, "2024-06-03 10:00", unit=world.ifo)
    in_children = register_social(world, "2024-06-04 10:00", unit=world.children)
    register_social(world, "2024-06-05 10:00", unit=world.elderly)

    rows = incident_log_rows(
        controller=world.social, reported_from=None, reported_to=None, unit=world.ifo
    )
    children_rows = incident_log_rows(
        controller=world.social, reported_from=None, reported_to=None, unit=world.children
    )

    assert [row.dnr for row in rows] == [in_children.diary_number, in_ifo.diary_number]
    assert [row.dnr for row in children_rows] == [in_children.diary_number]
    with pytest.raises(ValueError, match="controller"):
        incident_log_rows(
            controller=world.school, reported_from=None, reported_to=None, unit=world.ifo
        )


def test_contact_with_the_data_protection_coordinator_counts_and_is_named(world: World) -> None:
    with time_machine.travel(at("2023-06-13 13:00"), tick=False):
        incident = flow.acknowledged(world)
        services.contact_record(
            incident=incident,
            actor=world.coordinator,
            party="dpo_coordinator",
            name="dataskyddssamordnaren Ola Provsson",
            contacted_on=date(2023, 6, 13),
            outcome="Bedöms inte vara en personuppgiftsincident",
        )
    [row] = incident_log_rows(controller=world.social, reported_from=None, reported_to=None)
    assert row.dpo_contact == "Ja"
    assert row.measures.startswith(
        "2023-06-13 Kontakt togs med dataskyddssamordnaren Ola Provsson. Bedöms inte vara en "
        "personuppgiftsincident."
    )
