"""Cases for the tests of the reports across cases: registered reports of the test world, a
sample committee report's cases carried through the real services, and a large register made in
bulk (tests/test_report_committee.py, tests/test_report_log.py, tests/test_report_queries.py,
tests/test_export_rows.py).
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident, Investigation, Location, Measure
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.workflow import ImyDecision, State, SubjectsDecision
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
from tests import flow
from tests.conftest import World, at, report_facts


def make_committee(controller: Controller, *held_on: date) -> tuple[Committee, list[Meeting]]:
    committee = Committee.objects.create(controller=controller, name=f"Nämnd {controller.pk}")
    meetings = [Meeting.objects.create(committee=committee, held_on=day) for day in held_on]
    return committee, meetings


def make_manager(username: str, name: str, controller: Controller, unit: Unit | None) -> User:
    first, last = name.split(" ")
    user = User.objects.create_user(username=username, first_name=first, last_name=last)
    Membership.objects.create(
        user=user, controller=controller, unit=unit, role=Role.RESPONSIBLE_MANAGER
    )
    return user


def set_next_number(series: DiarySeries, year: int, number: int) -> None:
    """Make `number` the next number the series gives in `year`."""
    DiaryCounter.objects.update_or_create(
        series=series, year=year, defaults={"last_number": number - 1}
    )


def register_social(
    world: World, when: str, unit: Unit | None = None, **overrides: Any
) -> Incident:
    """A report of world.social registered at `when` (Stockholm time)."""
    with time_machine.travel(at(when), tick=False):
        incident = services.incident_report(
            reporter=world.reporter, facts=report_facts(unit or world.children, **overrides)
        )
        return services.incident_register(incident=incident, actor=world.registrar)


def school_reporting(world: World) -> None:
    Membership.objects.create(
        user=world.reporter, controller=world.school, unit=world.primary, role=Role.REPORTER
    )


def register_school(world: World, when: str, **overrides: Any) -> Incident:
    with time_machine.travel(at(when), tick=False):
        incident = services.incident_report(
            reporter=world.reporter, facts=report_facts(world.primary, **overrides)
        )
        return services.incident_register(incident=incident, actor=world.school_registrar)


# A sample committee report -------------------------------------------------------------------

UNIT_NAMES = {
    "vagledning": "Enheten för vägledning och administration",
    "vus": "Verksamhets- och utvecklingsstöd",
    "vux": "Vuxenutbildningen",
    "team4a": "Förebyggande och kompetens, team 4A",
    "hemmet": "Stöd i hemmet-personligt stöd",
    "fk_vux": "Förebyggande och kompetens-vuxenutbildningen",  # under Vuxenutbildningen
}


@dataclass(frozen=True)
class SampleCase:
    number: int  # the running number of the diary number 22AFN<number>
    registered: str  # when the registrar registered it, Stockholm time
    occurred: str
    unit: str
    reported_as: str  # the report's description; "" when the sample's text is the report itself
    summary: str  # the sample's column "Incident"
    measures: tuple[str, ...]
    imy: str  # "not_notify", "notify" or "investigating"


SAMPLE_REPORT = [
    SampleCase(
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
    SampleCase(
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
    SampleCase(
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
    SampleCase(
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
    SampleCase(
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
    SampleCase(
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
    SampleCase(
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


def sample_units(world: World) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for key, name in UNIT_NAMES.items():
        parent = units["vux"] if key == "fk_vux" else None
        units[key] = Unit.objects.create(controller=world.social, parent=parent, name=name)
    # Fictional managers; Förebyggande och kompetens-vuxenutbildningen has none of its own and
    # answers to Vuxenutbildningen's (the sample report names one manager for both).
    make_manager("exempelsson", "Maja Exempelsson", world.social, units["vagledning"])
    make_manager("testberg", "Jonna Testberg", world.social, units["vus"])
    make_manager("provqvist", "Lina Provqvist", world.social, units["vux"])
    make_manager("fiktivsson", "Dag Fiktivsson", world.social, units["team4a"])
    make_manager("latsasson", "Tuva Låtsasson", world.social, units["hemmet"])
    return units


def assess_acknowledged(world: World, incident: Incident, *, notify: bool) -> Incident:
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


def sample_case_carry(world: World, case: SampleCase, units: dict[str, Unit]) -> Incident:
    """Carry a case of the sample report through the real services to where it shows it."""
    set_next_number(world.social_series, 2022, case.number)
    incident = register_social(
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
            assess_acknowledged(world, incident, notify=case.imy == "notify")
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


def bulk_register(world: World, units: list[Unit], count: int, *, first: int = 0) -> list[Incident]:
    """`count` registered incidents of world.social, one every 20 hours from 2022-06-01 (the
    `first` one on), in `units` in turn, every other one with an investigation and two
    measures."""
    start = at("2022-06-01 08:00")
    incidents = []
    for index in range(first, first + count):
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
