"""The rows of the committee report: a section of new incidents since each chosen meeting."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.utils import translation

from breachdesk.accounts.models import User
from breachdesk.documents.reports import (
    CommitteeRow,
    CommitteeSection,
    committee_report_sections,
    one_line,
)
from breachdesk.incidents import services
from breachdesk.incidents.models import ImyOutcome
from breachdesk.orgs.models import (
    Membership,
    Role,
    Unit,
)
from breachdesk.orgs.services import nearest_role_holder
from tests import flow
from tests.conftest import World, at
from tests.report_cases import (
    SAMPLE_REPORT,
    make_committee,
    make_manager,
    register_school,
    register_social,
    sample_case_carry,
    sample_units,
    school_reporting,
    set_next_number,
)


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


@pytest.fixture
def afn(world: World) -> World:
    """world.social as the sample report's committee sees it: its coordinator and decision-maker act
    for every unit, so that cases of new units can be carried through the real services."""
    Membership.objects.create(
        user=world.coordinator, controller=world.social, role=Role.COORDINATOR
    )
    Membership.objects.create(
        user=world.decision_maker, controller=world.social, role=Role.DECISION_MAKER
    )
    return world


def _dnrs(section: CommitteeSection) -> list[str]:
    return [row.dnr for row in section.rows]


def _numbered(section: CommitteeSection) -> list[tuple[int, str]]:
    return [(row.nr, row.dnr) for row in section.rows]


def test_committee_report_reproduces_the_sections_and_rows_of_the_sample_report(afn: World) -> None:
    world = afn
    units = sample_units(world)
    set_next_number(world.social_series, 2022, 12)
    earlier = register_social(world, "2022-03-10 10:00", unit=units["vagledning"])  # Nr 1
    assert earlier.diary_number == "22AFN12"
    codes = {case.number: str(sample_case_carry(world, case, units).code) for case in SAMPLE_REPORT}
    committee, meetings = make_committee(
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
    before = register_social(world, "2024-03-05 23:59")
    first_minute = register_social(
        world,
        "2024-03-06 00:00",
        occurred_at=at("2024-03-05 00:30"),  # 2024-03-04 in UTC
        discovered_at=at("2024-03-05 08:00"),
    )
    last_minute = register_social(world, "2024-04-09 23:59")
    next_meeting_day = register_social(world, "2024-04-10 00:00")
    committee, meetings = make_committee(world.social, date(2024, 3, 6), date(2024, 4, 10))

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
    school_reporting(world)
    register_school(world, "2024-02-01 10:00")  # would make the first Nr 2
    first = register_social(world, "2024-03-07 10:00")
    with time_machine.travel(at("2024-03-08 10:00"), tick=False):
        not_registered = make_incident(description="Ännu inte diarieförd.")
    register_school(world, "2024-03-08 11:00")  # would take Nr 2
    second = register_social(world, "2024-03-09 10:00")
    committee, meetings = make_committee(world.social, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert _numbered(section) == [(1, first.diary_number), (2, second.diary_number)]
    assert str(not_registered.code) not in [row.incident_code for row in section.rows]


def test_nr_restarts_with_the_year_of_registration(world: World) -> None:
    register_social(world, "2022-11-01 10:00")
    december = register_social(world, "2022-12-20 10:00")
    new_year = register_social(world, "2023-01-01 00:00")
    january = register_social(world, "2023-01-10 10:00")
    february = register_social(world, "2023-02-02 10:00")
    committee, meetings = make_committee(world.social, date(2022, 12, 7), date(2023, 2, 1))

    sections = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2023, 2, 28)
    )

    assert [_numbered(section) for section in sections] == [
        [(2, december.diary_number), (1, new_year.diary_number), (2, january.diary_number)],
        [(3, february.diary_number)],
    ]
    assert new_year.diary_number == "23AFN1"


def test_nr_counts_the_incidents_of_meetings_left_out_of_the_report(world: World) -> None:
    march = register_social(world, "2024-03-07 10:00")
    register_social(world, "2024-04-11 10:00")
    register_social(world, "2024-04-12 10:00")
    may = register_social(world, "2024-05-15 10:00")
    committee, (in_march, _in_april, in_may) = make_committee(
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
    inside = register_social(world, "2024-09-30 23:30")
    after = register_social(world, "2024-10-01 00:30")
    committee, meetings = make_committee(world.social, date(2024, 9, 18), date(2024, 12, 4))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings[:1], until=date(2024, 9, 30)
    )
    assert _dnrs(section) == [inside.diary_number]

    with time_machine.travel(at("2024-10-01 12:00"), tick=False):
        [section] = committee_report_sections(committee=committee, meetings=meetings[:1])
    assert _dnrs(section) == [inside.diary_number, after.diary_number]

    # The next meeting ends the section even when `until` lies later.
    late = register_social(world, "2024-12-04 09:00")
    [section] = committee_report_sections(
        committee=committee, meetings=meetings[:1], until=date(2024, 12, 31)
    )
    assert _dnrs(section) == [inside.diary_number, after.diary_number]
    assert late.diary_number not in _dnrs(section)


def test_meetings_of_another_committee_are_refused(world: World) -> None:
    committee, _meetings = make_committee(world.social, date(2024, 3, 6))
    _other, other_meetings = make_committee(world.school, date(2024, 3, 6))

    with pytest.raises(ValueError, match="committee"):
        committee_report_sections(committee=committee, meetings=other_meetings)
    assert committee_report_sections(committee=committee, meetings=[]) == []


# The columns ----------------------------------------------------------------------------------


def test_manager_is_the_nearest_responsible_manager_of_the_unit(afn: World) -> None:
    world = afn
    # world: Mats Chefsson is the responsible manager of IFO, which includes Barn och unga.
    make_manager("hel", "Görel Helsson", world.social, None)  # controller-wide
    narrow = Unit.objects.create(controller=world.social, name="Ekonomiskt bistånd")
    below_narrow = Unit.objects.create(controller=world.social, parent=narrow, name="Mottagning")
    Membership.objects.create(
        user=User.objects.create_user(username="smal", first_name="Siri", last_name="Smalsson"),
        controller=world.social,
        unit=narrow,
        role=Role.RESPONSIBLE_MANAGER,
        include_subunits=False,
    )
    gone = make_manager("slutat", "Sune Slutatsson", world.social, world.elderly)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    units = [world.ifo, world.children, narrow, below_narrow, world.elderly]
    for unit in units:
        register_social(world, "2024-03-07 10:00", unit=unit)
    committee, meetings = make_committee(world.social, date(2024, 3, 6))

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
    school_reporting(world)
    register_school(world, "2024-03-07 10:00")
    committee, meetings = make_committee(world.school, date(2024, 3, 6))

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
    committee, meetings = make_committee(world.social, date(2024, 3, 6))

    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )

    assert [(row.dnr, row.measures) for row in section.rows] == [
        (ongoing.diary_number, "Utredning pågår"),
        (decided.diary_number, ""),
        (not_an_incident.diary_number, ""),
    ]
    assert [row.imy_notified for row in section.rows] == ["Utredning pågår", "Ja", "Nej"]


def test_the_columns_read_as_the_committees_own_report(world: World) -> None:
    """Incident: one line; Åtgärd: the contacts, then the measures, in sentences; Anmälan
    till IMY: Ja, Nej or Utredning pågår, also when notifying is decided but not yet done."""
    long = (
        "Ett e-postmeddelande med en elevs namn skickades till fel vårdnadshavare i en annan "
        "klass. Mottagaren hörde av sig samma dag och har raderat meddelandet."
    )
    with time_machine.travel(at("2024-03-07 10:00"), tick=False):
        incident = flow.assessed(world, notify=True, description=long)
        services.contact_record(
            incident=incident,
            actor=world.coordinator,
            party="recipient",
            name="mottagaren",
            contacted_on=date(2024, 3, 7),
            outcome="Har raderat meddelandet",
        )
        flow.measure(world, incident, description="Påminna om rutinen för e-post")
    committee, meetings = make_committee(world.social, date(2024, 3, 6))
    [section] = committee_report_sections(
        committee=committee, meetings=meetings, until=date(2024, 3, 31)
    )
    [row] = section.rows
    assert row.incident == (
        "Ett e-postmeddelande med en elevs namn skickades till fel vårdnadshavare i en annan klass."
    )
    assert row.measures == (
        "Kontakt togs med mottagaren. Har raderat meddelandet. Påminna om rutinen för e-post. "
        "Utredning pågår"
    )
    assert row.imy_notified == "Utredning pågår", "decided to notify, not yet notified"


def test_one_line_cuts_a_long_first_sentence_at_a_word() -> None:
    text = "ord " * 80
    line = one_line(text, limit=30)
    assert line.endswith(" …") and len(line) <= 32 and "  " not in line
    assert one_line("Kort.\nMer text här.") == "Kort."


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
    committee, meetings = make_committee(world.social, date(2024, 3, 6))

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
    committee, meetings = make_committee(world.social, date(2024, 3, 6))

    with translation.override("en"):
        [section] = committee_report_sections(
            committee=committee, meetings=meetings, until=date(2024, 3, 31)
        )

    assert (section.rows[0].measures, section.rows[0].imy_notified) == (
        "Under investigation",
        "Under investigation",
    )


# A large register -----------------------------------------------------------------------------
