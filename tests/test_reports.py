"""The rows of the committee report (seed 000) and of the incident log (seed 001)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation

from breachdesk.accounts.models import User
from breachdesk.documents.reports import (
    CommitteeRow,
    CommitteeSection,
    LogRow,
    committee_report_sections,
    incident_log_rows,
)
from breachdesk.incidents import services
from breachdesk.incidents.models import (
    ImyOutcome,
    Incident,
    Investigation,
    Location,
    Measure,
    SubjectsDecision,
)
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.workflow import ImyDecision, State
from breachdesk.lib.deadlines import imy_due_at
from breachdesk.orgs.models import (
    Committee,
    Controller,
    DiaryCounter,
    DiarySeries,
    Meeting,
    Membership,
    Role,
    Unit,
)
from breachdesk.orgs.services import nearest_role_holder
from tests import flow
from tests.conftest import World, at, report_facts


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


@pytest.fixture
def afn(world: World) -> World:
    """world.social as seed 000's committee sees it: its coordinator and decision-maker act
    for every unit, so that cases of new units can be carried through the real services."""
    Membership.objects.create(
        user=world.coordinator, controller=world.social, role=Role.COORDINATOR
    )
    Membership.objects.create(
        user=world.decision_maker, controller=world.social, role=Role.DECISION_MAKER
    )
    return world


def _committee(controller: Controller, *held_on: date) -> tuple[Committee, list[Meeting]]:
    committee = Committee.objects.create(controller=controller, name=f"Nämnd {controller.pk}")
    meetings = [Meeting.objects.create(committee=committee, held_on=day) for day in held_on]
    return committee, meetings


def _manager(username: str, name: str, controller: Controller, unit: Unit | None) -> User:
    first, last = name.split(" ")
    user = User.objects.create_user(username=username, first_name=first, last_name=last)
    Membership.objects.create(
        user=user, controller=controller, unit=unit, role=Role.RESPONSIBLE_MANAGER
    )
    return user


def _next_number(series: DiarySeries, year: int, number: int) -> None:
    """Make `number` the next number the series gives in `year`."""
    DiaryCounter.objects.update_or_create(
        series=series, year=year, defaults={"last_number": number - 1}
    )


def _registered(world: World, when: str, unit: Unit | None = None, **overrides: Any) -> Incident:
    """A report of world.social registered at `when` (Stockholm time)."""
    with time_machine.travel(at(when), tick=False):
        incident = services.incident_report(
            reporter=world.reporter, facts=report_facts(unit or world.children, **overrides)
        )
        return services.incident_register(incident=incident, actor=world.registrar)


def _school_reporting(world: World) -> None:
    Membership.objects.create(
        user=world.reporter, controller=world.school, unit=world.primary, role=Role.REPORTER
    )


def _school_registered(world: World, when: str, **overrides: Any) -> Incident:
    with time_machine.travel(at(when), tick=False):
        incident = services.incident_report(
            reporter=world.reporter, facts=report_facts(world.primary, **overrides)
        )
        return services.incident_register(incident=incident, actor=world.school_registrar)


def _dnrs(section: CommitteeSection) -> list[str]:
    return [row.dnr for row in section.rows]


def _numbered(section: CommitteeSection) -> list[tuple[int, str]]:
    return [(row.nr, row.dnr) for row in section.rows]


# Seed 000 -------------------------------------------------------------------------------------

UNIT_NAMES = {
    "vagledning": "Enheten för vägledning och administration",
    "vus": "Verksamhets- och utvecklingsstöd",
    "vux": "Vuxenutbildningen",
    "team4a": "Förebyggande och kompetens, team 4A",
    "hemmet": "Stöd i hemmet-personligt stöd",
    "fk_vux": "Förebyggande och kompetens-vuxenutbildningen",  # under Vuxenutbildningen
}


@dataclass(frozen=True)
class SeedCase:
    number: int  # the running number of the diary number 22AFN<number>
    registered: str  # when the registrar registered it, Stockholm time
    occurred: str
    unit: str
    reported_as: str  # the report's description; "" when the seed's text is the report itself
    summary: str  # the seed's column "Incident"
    measures: tuple[str, ...]
    imy: str  # "not_notify", "notify" or "investigating"


SEED_000 = [
    SeedCase(
        70,
        "2022-06-15 08:30",  # on the meeting day: in the section since that meeting
        "2022-06-01",
        "vagledning",
        "Handläggaren skickade ett e-postmeddelande om Kim Provssons hälsa utan "
        "meddelandesäkerhet.",
        'E-postmeddelande med känsliga personuppgifter har mailats utan "meddelandesäkerhet".',
        (
            "Medarbetare försökte återkalla e-postmeddelandet.",
            "Då det inte gick kontaktades mottagaren och ombads radera meddelandet.",
            "Chef ska även se över rutinen för hantering av personuppgifter i e-post samt "
            "informera enheten om hur personuppgifter får hanteras i e-post.",
        ),
        "not_notify",
    ),
    SeedCase(
        90,
        "2022-07-28 10:00",
        "2022-07-27",
        "vus",
        "TES App låg nere i tre timmar; personalen kunde inte se brukarnas insatser.",
        "TES App gick inte att använda under en tidsperiod.",
        (
            "Rutin för driftstopp följdes.",
            "Samtal med leverantör ska hållas för att klargöra ansvarsfrågor.",
            "En rekommendation är att leverantören ska följas upp utifrån den "
            "personuppgiftsansvariges möjlighet att följa upp ett personuppgiftsbiträde.",
        ),
        "not_notify",
    ),
    SeedCase(
        98,
        "2022-08-31 09:00",
        "2022-08-30",
        "vus",
        "",  # no investigation yet: the report's own text is shown
        "Avbrott i TES App under en tidsperiod",
        (
            "Kontakt togs med huvudleverantör samt underleverantör samt krismöte hölls under "
            "samma dag.",
        ),
        "investigating",
    ),
    SeedCase(
        116,
        "2022-09-28 16:00",
        "2022-09-28",
        "vux",
        "Leverantörens revision visar att elevuppgifter i skolplattformens modul har förts "
        "över till servrar i USA.",
        "Leverantör av modul i skolplattform genomförde integritetsrevision och upptäckte att "
        "personuppgifter som skulle behandlas inom EU i själva verket överfördes till servrar "
        "i USA.",
        (
            "Frågan om att vidta eller inte vidta åtgärd i nuläget har diskuterats med och "
            "lämnats över till kontorschef för verksamheten. Dels har leverantören meddelat att "
            "de avser att återkomma med förslag på åtgärd i september, dels kommer det att "
            "genomföras en ny upphandling vilket innebär att systemet inte kommer att användas "
            "på sikt. Det pågår i nuläget framtagande av upphandlingsunderlag där "
            "kravställningen är mer skarpa för framtida leverantör.",
        ),
        "notify",
    ),
    SeedCase(
        133,
        "2022-10-26 13:00",  # on the next meeting day: in the section since that meeting
        "2022-10-26",
        "team4a",
        "Invånare skriver sina personnummer i supportärenden i e-tjänsteportalen, t.ex. "
        "19121212-1212.",
        "Personnummer anges vid supportärenden hos IT- och utvecklingsavdelningen via inkomna "
        "ärenden i e-tjänsteportalen",
        (
            "Uppgifterna raderas hos IT när det är möjligt i ärendehanteringssystemet, därefter "
            "fortsätter hanteringen av den frågeställning som var orsaken till ärendet.",
        ),
        "not_notify",
    ),
    SeedCase(
        140,
        "2022-10-27 09:00",
        "2022-10-14",
        "hemmet",
        "",  # investigated, but no summary written: the report's own text is shown
        "Man har svarat på ett mail från kund, innehållandes kundens personnummer.",
        (
            "Tänka på att använda säker e-post när man skickar personuppgifter. Detta var dock "
            "kundens egna personuppgifter som denne skickat själv i första mailet som man "
            "svarade på.",
        ),
        "not_notify",
    ),
    SeedCase(
        142,
        "2022-11-01 09:00",
        "2022-10-31",
        "fk_vux",
        "Lärare skickar elevernas namn och personnummer till administratörerna via Teams.",
        "Medarbetare skickar elevers personuppgifter via mail /teams till administratörerna vid "
        "kursstart.",
        (
            "Försäkring och uppmaning att följa den rutin som finns för att säkerställa att "
            "personuppgifter inte röjs.",
            "Man behöver lyfta detta ännu mer , ta upp på möten osv.",
        ),
        "not_notify",
    ),
]


def _seed_units(world: World) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for key, name in UNIT_NAMES.items():
        parent = units["vux"] if key == "fk_vux" else None
        units[key] = Unit.objects.create(controller=world.social, parent=parent, name=name)
    # Fictional managers; Förebyggande och kompetens-vuxenutbildningen has none of its own and
    # answers to Vuxenutbildningen's (seed 000 names one manager for both).
    _manager("exempelsson", "Maja Exempelsson", world.social, units["vagledning"])
    _manager("testberg", "Jonna Testberg", world.social, units["vus"])
    _manager("provqvist", "Lina Provqvist", world.social, units["vux"])
    _manager("fiktivsson", "Dag Fiktivsson", world.social, units["team4a"])
    _manager("latsasson", "Tuva Låtsasson", world.social, units["hemmet"])
    return units


def _assess(world: World, incident: Incident, *, notify: bool) -> Incident:
    """As tests.flow.assessed, for an incident already acknowledged (flow's helpers always
    report for Barn och unga)."""
    inputs = flow.RISKY if notify else flow.HARMLESS
    services.investigation_record(
        incident=incident,
        actor=world.coordinator,
        facts=replace(flow.INVESTIGATION, confidentiality=True, integrity=False),
    )
    services.risk_assessment_record(incident=incident, actor=world.coordinator, inputs=inputs)
    facts = ImyDecisionFacts(
        imy_decision=ImyDecision.NOTIFY if notify else ImyDecision.NOT_NOTIFY,
        imy_decision_reason="" if notify else "Låg risk för de registrerade.",
        subjects_decision=SubjectsDecision.NOT_REQUIRED,
        subjects_reason="Risken bedöms inte som hög.",
    )
    return services.imy_decide(incident=incident, actor=world.coordinator, facts=facts)


def _seed_case(world: World, case: SeedCase, units: dict[str, Unit]) -> Incident:
    """Carry a case of seed 000 through the real services to where the seed shows it."""
    _next_number(world.social_series, 2022, case.number)
    incident = _registered(
        world,
        case.registered,
        unit=units[case.unit],
        description=case.reported_as or case.summary,
        occurred_at=at(f"{case.occurred} 09:00"),
        discovered_at=at(f"{case.occurred} 11:00"),
    )
    with time_machine.travel(at(case.registered), tick=False):
        services.incident_acknowledge(incident=incident, actor=world.coordinator)
        if case.imy == "investigating":
            pending = ImyDecisionFacts(imy_decision=ImyDecision.INVESTIGATING)
            services.imy_decide(incident=incident, actor=world.coordinator, facts=pending)
        else:
            _assess(world, incident, notify=case.imy == "notify")
        if case.imy == "notify":
            services.imy_notify(
                incident=incident,
                actor=world.coordinator,
                made_at=timezone.now() - timedelta(minutes=5),
                complete=True,
                imy_case_number="IMY-2022-0042",
                content="Anmälan om överföring till tredjeland.",
                delay_reason="",
            )
        for text in case.measures:
            services.measure_record(
                incident=incident,
                actor=world.coordinator,
                description=text,
                responsible=None,
                due_on=None,
                done_on=None,
            )
        if case.imy != "investigating":
            services.incident_decide(
                incident=incident,
                actor=world.decision_maker,
                decided_on=timezone.localdate(),
                note="",
            )
    if case.reported_as:
        Investigation.objects.filter(incident=incident).update(public_summary=case.summary)
    return incident


def test_committee_report_reproduces_the_sections_and_rows_of_seed_000(afn: World) -> None:
    world = afn
    units = _seed_units(world)
    _next_number(world.social_series, 2022, 12)
    earlier = _registered(world, "2022-03-10 10:00", unit=units["vagledning"])  # Nr 1
    assert earlier.diary_number == "22AFN12"
    codes = {case.number: str(_seed_case(world, case, units).code) for case in SEED_000}
    committee, meetings = _committee(
        world.social, date(2022, 6, 15), date(2022, 9, 28), date(2022, 10, 26), date(2022, 11, 30)
    )

    sections = committee_report_sections(committee=committee, meetings=meetings[:3])

    def row(nr: int, number: int, *values: str) -> CommitteeRow:
        event_date, incident, unit, manager, measures, imy = values
        return CommitteeRow(
            nr=nr,
            dnr=f"22AFN{number}",
            event_date=event_date,
            incident=incident,
            unit=unit,
            manager=manager,
            measures=measures,
            imy_notified=imy,
            imy_decision="",
            incident_code=codes[number],
        )

    assert sections == [
        CommitteeSection(
            since=date(2022, 6, 15),
            rows=[
                row(
                    2,
                    70,
                    "2022-06-01",
                    'E-postmeddelande med känsliga personuppgifter har mailats utan "meddelande'
                    'säkerhet".',
                    "Enheten för vägledning och administration",
                    "Maja Exempelsson",
                    "Medarbetare försökte återkalla e-postmeddelandet. Då det inte gick "
                    "kontaktades mottagaren och ombads radera meddelandet. Chef ska även se över "
                    "rutinen för hantering av personuppgifter i e-post samt informera enheten om "
                    "hur personuppgifter får hanteras i e-post.",
                    "Nej",
                ),
                row(
                    3,
                    90,
                    "2022-07-27",
                    "TES App gick inte att använda under en tidsperiod.",
                    "Verksamhets- och utvecklingsstöd",
                    "Jonna Testberg",
                    "Rutin för driftstopp följdes. Samtal med leverantör ska hållas för att "
                    "klargöra ansvarsfrågor. En rekommendation är att leverantören ska följas "
                    "upp utifrån den personuppgiftsansvariges möjlighet att följa upp ett "
                    "personuppgiftsbiträde.",
                    "Nej",
                ),
                row(
                    4,
                    98,
                    "2022-08-30",
                    "Avbrott i TES App under en tidsperiod",
                    "Verksamhets- och utvecklingsstöd",
                    "Jonna Testberg",
                    "Kontakt togs med huvudleverantör samt underleverantör samt krismöte hölls "
                    "under samma dag. Utredning pågår",
                    "Utredning pågår",
                ),
            ],
        ),
        CommitteeSection(
            since=date(2022, 9, 28),
            rows=[
                row(
                    5,
                    116,
                    "2022-09-28",
                    "Leverantör av modul i skolplattform genomförde integritetsrevision och "
                    "upptäckte att personuppgifter som skulle behandlas inom EU i själva verket "
                    "överfördes till servrar i USA.",
                    "Vuxenutbildningen",
                    "Lina Provqvist",
                    "Frågan om att vidta eller inte vidta åtgärd i nuläget har diskuterats med "
                    "och lämnats över till kontorschef för verksamheten. Dels har leverantören "
                    "meddelat att de avser att återkomma med förslag på åtgärd i september, dels "
                    "kommer det att genomföras en ny upphandling vilket innebär att systemet "
                    "inte kommer att användas på sikt. Det pågår i nuläget framtagande av "
                    "upphandlingsunderlag där kravställningen är mer skarpa för framtida "
                    "leverantör.",
                    "Ja",
                ),
            ],
        ),
        CommitteeSection(
            since=date(2022, 10, 26),
            rows=[
                row(
                    6,
                    133,
                    "2022-10-26",
                    "Personnummer anges vid supportärenden hos IT- och utvecklingsavdelningen "
                    "via inkomna ärenden i e-tjänsteportalen",
                    "Förebyggande och kompetens, team 4A",
                    "Dag Fiktivsson",
                    "Uppgifterna raderas hos IT när det är möjligt i ärendehanteringssystemet, "
                    "därefter fortsätter hanteringen av den frågeställning som var orsaken till "
                    "ärendet.",
                    "Nej",
                ),
                row(
                    7,
                    140,
                    "2022-10-14",
                    "Man har svarat på ett mail från kund, innehållandes kundens personnummer.",
                    "Stöd i hemmet-personligt stöd",
                    "Tuva Låtsasson",
                    "Tänka på att använda säker e-post när man skickar personuppgifter. Detta "
                    "var dock kundens egna personuppgifter som denne skickat själv i första "
                    "mailet som man svarade på.",
                    "Nej",
                ),
                row(
                    8,
                    142,
                    "2022-10-31",
                    "Medarbetare skickar elevers personuppgifter via mail /teams till "
                    "administratörerna vid kursstart.",
                    "Förebyggande och kompetens-vuxenutbildningen",
                    "Lina Provqvist",
                    "Försäkring och uppmaning att följa den rutin som finns för att säkerställa "
                    "att personuppgifter inte röjs. Man behöver lyfta detta ännu mer , ta upp "
                    "på möten osv.",
                    "Nej",
                ),
            ],
        ),
    ]


# Which incidents, in which section, with which Nr ---------------------------------------------


def test_meeting_days_are_the_boundaries_of_sections_in_stockholm_time(world: World) -> None:
    # Midnight in Stockholm is 23:00 UTC the evening before (22:00 in summer).
    before = _registered(world, "2024-03-05 23:59")
    first_minute = _registered(
        world,
        "2024-03-06 00:00",
        occurred_at=at("2024-03-05 00:30"),  # 2024-03-04 in UTC
        discovered_at=at("2024-03-05 08:00"),
    )
    last_minute = _registered(world, "2024-04-09 23:59")
    next_meeting_day = _registered(world, "2024-04-10 00:00")
    committee, meetings = _committee(world.social, date(2024, 3, 6), date(2024, 4, 10))

    sections = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 5, 1)
    )

    assert [section.since for section in sections] == [date(2024, 3, 6), date(2024, 4, 10)]
    assert _numbered(sections[0]) == [
        (2, first_minute.diary_number),
        (3, last_minute.diary_number),
    ]
    assert _numbered(sections[1]) == [(4, next_meeting_day.diary_number)]
    assert sections[0].rows[0].event_date == "2024-03-05"
    assert before.diary_number not in _dnrs(sections[0])


def test_only_the_controllers_registered_incidents_appear_and_count(
    world: World, make_incident: Any
) -> None:
    _school_reporting(world)
    _school_registered(world, "2024-02-01 10:00")  # would make the first Nr 2
    first = _registered(world, "2024-03-07 10:00")
    with time_machine.travel(at("2024-03-08 10:00"), tick=False):
        not_registered = make_incident(description="Ännu inte diarieförd.")
    _school_registered(world, "2024-03-08 11:00")  # would take Nr 2
    second = _registered(world, "2024-03-09 10:00")
    committee, meetings = _committee(world.social, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert _numbered(section) == [(1, first.diary_number), (2, second.diary_number)]
    assert str(not_registered.code) not in [row.incident_code for row in section.rows]


def test_nr_restarts_with_the_year_of_registration(world: World) -> None:
    _registered(world, "2022-11-01 10:00")
    december = _registered(world, "2022-12-20 10:00")
    new_year = _registered(world, "2023-01-01 00:00")
    january = _registered(world, "2023-01-10 10:00")
    february = _registered(world, "2023-02-02 10:00")
    committee, meetings = _committee(world.social, date(2022, 12, 7), date(2023, 2, 1))

    sections = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2023, 2, 28)
    )

    assert [_numbered(section) for section in sections] == [
        [(2, december.diary_number), (1, new_year.diary_number), (2, january.diary_number)],
        [(3, february.diary_number)],
    ]
    assert new_year.diary_number == "23AFN1"


def test_nr_counts_the_incidents_of_meetings_left_out_of_the_report(world: World) -> None:
    march = _registered(world, "2024-03-07 10:00")
    _registered(world, "2024-04-11 10:00")
    _registered(world, "2024-04-12 10:00")
    may = _registered(world, "2024-05-15 10:00")
    committee, (in_march, _in_april, in_may) = _committee(
        world.social, date(2024, 3, 6), date(2024, 4, 10), date(2024, 5, 8)
    )

    sections = committee_report_sections(
        committee=committee, meetings=[in_may, in_march], until=date(2024, 5, 31)
    )

    assert [section.since for section in sections] == [date(2024, 3, 6), date(2024, 5, 8)]
    assert [_numbered(section) for section in sections] == [
        [(1, march.diary_number)],
        [(4, may.diary_number)],
    ]


def test_the_last_section_runs_to_until_or_today(world: World) -> None:
    inside = _registered(world, "2024-09-30 23:30")
    after = _registered(world, "2024-10-01 00:30")
    committee, meetings = _committee(world.social, date(2024, 9, 18), date(2024, 12, 4))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings[:1], until=date(2024, 9, 30)
    )
    assert _dnrs(section) == [inside.diary_number]

    with time_machine.travel(at("2024-10-01 12:00"), tick=False):
        [section] = committee_report_sections(committee=committee, meetings=meetings[:1])
    assert _dnrs(section) == [inside.diary_number, after.diary_number]

    # The next meeting ends the section even when `until` lies later.
    late = _registered(world, "2024-12-04 09:00")
    [section] = committee_report_sections(
        committee=committee, meetings=meetings[:1], until=date(2024, 12, 31)
    )
    assert _dnrs(section) == [inside.diary_number, after.diary_number]
    assert late.diary_number not in _dnrs(section)


def test_meetings_of_another_committee_are_refused(world: World) -> None:
    committee, _meetings = _committee(world.social, date(2024, 3, 6))
    _other, other_meetings = _committee(world.school, date(2024, 3, 6))

    with pytest.raises(ValueError, match="committee"):
        committee_report_sections(committee=committee, meetings=other_meetings)
    assert committee_report_sections(committee=committee, meetings=[]) == []


# The columns ----------------------------------------------------------------------------------


def test_manager_is_the_nearest_responsible_manager_of_the_unit(afn: World) -> None:
    world = afn
    # world: Mats Chefsson is the responsible manager of IFO, which includes Barn och unga.
    _manager("hel", "Görel Helsson", world.social, None)  # controller-wide
    narrow = Unit.objects.create(controller=world.social, name="Ekonomiskt bistånd")
    below_narrow = Unit.objects.create(controller=world.social, parent=narrow, name="Mottagning")
    Membership.objects.create(
        user=User.objects.create_user(username="smal", first_name="Siri", last_name="Smalsson"),
        controller=world.social,
        unit=narrow,
        role=Role.RESPONSIBLE_MANAGER,
        include_subunits=False,
    )
    gone = _manager("slutat", "Sune Slutatsson", world.social, world.elderly)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    units = [world.ifo, world.children, narrow, below_narrow, world.elderly]
    for unit in units:
        _registered(world, "2024-03-07 10:00", unit=unit)
    committee, meetings = _committee(world.social, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert [row.manager for row in section.rows] == [
        "Mats Chefsson",
        "Mats Chefsson",  # from the parent unit
        "Siri Smalsson",
        "Görel Helsson",  # not from the parent (no sub-units): controller-wide
        "Görel Helsson",  # the unit's own manager is inactive: controller-wide
    ]
    for unit, row in zip(units, section.rows, strict=True):
        holder = nearest_role_holder(unit=unit, role=Role.RESPONSIBLE_MANAGER)
        assert row.manager == str(holder)


def test_manager_is_empty_when_the_controller_has_none(world: World) -> None:
    _school_reporting(world)
    _school_registered(world, "2024-03-07 10:00")
    committee, meetings = _committee(world.school, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert [row.manager for row in section.rows] == [""]


def test_measures_say_under_investigation_until_the_case_is_decided(world: World) -> None:
    with time_machine.travel(at("2024-03-07 10:00"), tick=False):
        ongoing = flow.acknowledged(world)
        decided = flow.decided(world, notify=True)
        not_an_incident = flow.acknowledged(world)
        services.incident_close_not_incident(
            incident=not_an_incident, actor=world.coordinator, reason="Endast ett namn."
        )
    committee, meetings = _committee(world.social, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert [(row.dnr, row.measures) for row in section.rows] == [
        (ongoing.diary_number, "Utredning pågår"),
        (decided.diary_number, ""),
        (not_an_incident.diary_number, ""),
    ]
    assert [row.imy_notified for row in section.rows] == ["Utredning pågår", "Ja", "Nej"]


def test_imy_decision_shows_the_date_and_case_number_of_imys_answer(world: World) -> None:
    with time_machine.travel(at("2024-03-07 10:00"), tick=False):
        answered = flow.notified(world)
        waiting = flow.notified(world)
    with time_machine.travel(at("2024-04-20 10:00"), tick=False):
        services.imy_answer_record(
            incident=answered,
            actor=world.coordinator,
            answered_on=date(2024, 4, 18),
            outcome=ImyOutcome.CLOSED,
            imy_case_number="IMY-2024-4711",
            note="",
        )
    committee, meetings = _committee(world.social, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert [(row.dnr, row.imy_decision) for row in section.rows] == [
        (answered.diary_number, "2024-04-18 / IMY-2024-4711"),
        (waiting.diary_number, ""),
    ]


def test_labels_follow_the_language_active_when_the_rows_are_built(world: World) -> None:
    with time_machine.travel(at("2024-03-07 10:00"), tick=False):
        flow.acknowledged(world)
    committee, meetings = _committee(world.social, date(2024, 3, 6))

    with translation.override("en"):
        [section] = committee_report_sections(
            committee=committee, meetings=meetings, until=date(2024, 3, 31)
        )

    assert (section.rows[0].measures, section.rows[0].imy_notified) == (
        "Under investigation",
        "Under investigation",
    )


# A large register -----------------------------------------------------------------------------


def _bulk_register(world: World, units: list[Unit], count: int) -> list[Incident]:
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
    _manager("vikarie", "Vera Vikariesson", world.social, units[-1])
    incidents = _bulk_register(world, units, 1200)  # to February 2025
    committee, meetings = _committee(
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


# The incident log (seed 001) ------------------------------------------------------------------

PERSINC = re.compile(r"\d{6}-PERSINC-[0-9A-HJKMNP-TV-Z]{4}")


def _school_case(world: World, when: str, description: str) -> Incident:
    incident = _school_registered(
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


def test_incident_log_has_the_columns_of_seed_001(world: World) -> None:
    _school_reporting(world)
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

    assert rows == [
        LogRow(
            reported_on="2023-06-20",
            dnr=str(internal.diary_number),
            description="E-postmeddelande med en grundskoleelevs namn skickades.\n\n"
            "Inga känsliga uppgifter, bara ett namn och en kommun.",
            measures="Båda berörda medarbetare har raderat meddelandet. (genomförd 2023-06-20)\n"
            "Påminnelse om SEFOS vid nästa utbildning.",
            dpo_contact="Ja",
            imy_notified="Nej",
            assessment="Låg risk: uppgifterna är inte känsliga och raderades.",
            incident_code=str(internal.code),
        ),
        LogRow(
            reported_on="2023-06-21",
            dnr=str(not_one.diary_number),
            description="Ett schema visades utan inloggning.",
            measures="",
            dpo_contact="Nej",
            imy_notified="Nej",
            assessment="Bedöms inte vara en personuppgiftsincident efter samråd.",
            incident_code=str(not_one.code),
        ),
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
    ]
    assert all(PERSINC.fullmatch(row.dnr) for row in rows)
    assert [row.dnr[:6] for row in rows] == ["230620", "230621", "230622"]


def test_incident_log_period_takes_both_days_in_stockholm_time(
    world: World, make_incident: Any
) -> None:
    _school_reporting(world)
    # Midnight in Stockholm is 22:00 UTC in summer.
    with time_machine.travel(at("2024-05-31 23:59"), tick=False):
        too_early = make_incident()  # reported in May, registered in June
    with time_machine.travel(at("2024-06-01 08:00"), tick=False):
        services.incident_register(incident=too_early, actor=world.registrar)
    first_day = _registered(world, "2024-06-01 00:01")
    last_day = _registered(world, "2024-06-30 23:59")
    too_late = _registered(world, "2024-07-01 00:01")
    _school_registered(world, "2024-06-15 10:00")
    with time_machine.travel(at("2024-06-15 10:00"), tick=False):
        make_incident(description="Ännu inte diarieförd.")

    rows = incident_log_rows(
        controller=world.social, reported_from=date(2024, 6, 1), reported_to=date(2024, 6, 30)
    )

    assert [row.dnr for row in rows] == [first_day.diary_number, last_day.diary_number]
    assert [row.reported_on for row in rows] == ["2024-06-01", "2024-06-30"]
    open_ended = incident_log_rows(controller=world.social, reported_from=None, reported_to=None)
    assert [row.dnr for row in open_ended] == [
        too_early.diary_number,
        first_day.diary_number,
        last_day.diary_number,
        too_late.diary_number,
    ]


def test_incident_log_of_a_unit_includes_its_sub_units(world: World) -> None:
    in_ifo = _registered(world, "2024-06-03 10:00", unit=world.ifo)
    in_children = _registered(world, "2024-06-04 10:00", unit=world.children)
    _registered(world, "2024-06-05 10:00", unit=world.elderly)

    rows = incident_log_rows(
        controller=world.social, reported_from=None, reported_to=None, unit=world.ifo
    )
    children_rows = incident_log_rows(
        controller=world.social, reported_from=None, reported_to=None, unit=world.children
    )

    assert [row.dnr for row in rows] == [in_ifo.diary_number, in_children.diary_number]
    assert [row.dnr for row in children_rows] == [in_children.diary_number]
    with pytest.raises(ValueError, match="controller"):
        incident_log_rows(
            controller=world.school, reported_from=None, reported_to=None, unit=world.ifo
        )


def test_an_incident_log_of_a_large_register_takes_two_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    _bulk_register(world, [world.ifo, world.children, world.elderly], 600)

    with django_assert_max_num_queries(2):
        rows = incident_log_rows(
            controller=world.social, reported_from=date(2022, 1, 1), reported_to=None
        )

    assert len(rows) == 600
    assert rows[0].measures == "Åtgärd 1\nÅtgärd 2"
    assert rows[1].measures == ""
