"""Carry a test case through its life with the real services, one state at a time."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.incidents import services
from breachdesk.incidents.models import DataType, Incident, Measure
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Group,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    RiskInputs,
    TriState,
)
from breachdesk.incidents.services import ImyDecisionFacts, InvestigationFacts
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision
from tests.conftest import World, report_facts

INVESTIGATION = InvestigationFacts(
    confidentiality=True,
    integrity=False,
    availability=False,
    cause="misaddressed_email",
    cause_detail="Ett e-postmeddelande skickades till fel mottagare inom kommunen.",
    systems="E-post",
    processors="",
    has_ended=True,
    ended_at=None,
    dpo_consulted=False,
    dpo_consulted_on=None,
    dpo_advice="",
)

# A misaddressed e-mail to a known outside recipient that shows a person is a client of
# social services (name, social circumstances, little more): DPC 2, SE 2.25, medium: notify.
# Misuse is possible (a known recipient) and the consequences significant: a risk.
CLIENT = Group(
    label="",
    people_count=1,
    data_types=frozenset({DataType.NAME, DataType.SOCIAL}),
    types_uncertain=False,
    vulnerable_people=TriState.NO,
    insight=Insight.LIMITED,
    identification=Identification.MAXIMUM,
)
RISKY = RiskInputs(
    groups=(CLIENT,),
    record_count=1,
    exposure=Exposure.KNOWN,
    integrity=Integrity.NONE,
    availability=Availability.NONE,
    encryption=Encryption.NONE,
    malicious=Intent.NO,
    consequences=frozenset({Consequence.DISTRESS}),
)

# The same e-mail to a trusted colleague who deleted it, with a name only: SE 0.75, low, and
# misuse unlikely.
HARMLESS = replace(
    RISKY,
    groups=(
        replace(
            CLIENT,
            data_types=frozenset({DataType.NAME}),
            insight=Insight.USUAL,
            identification=Identification.LIMITED,
        ),
    ),
    mitigations=frozenset({Mitigation.TRUSTED_RECIPIENT, Mitigation.DELETION_CONFIRMED}),
    consequences=frozenset(),
)


def with_group(inputs: RiskInputs, **answers: Any) -> RiskInputs:
    """`inputs` with its one group's answers changed."""
    return replace(inputs, groups=(replace(inputs.groups[0], **answers),))


def reported(world: World, **overrides: Any) -> Incident:
    return services.incident_report(
        reporter=world.reporter, facts=report_facts(world.children, **overrides)
    )


def registered(world: World, **overrides: Any) -> Incident:
    incident = reported(world, **overrides)
    return services.incident_register(incident=incident, actor=world.registrar)


def acknowledged(world: World, **overrides: Any) -> Incident:
    incident = registered(world, **overrides)
    return services.incident_acknowledge(incident=incident, actor=world.coordinator)


def investigated(world: World, inputs: RiskInputs = RISKY, **overrides: Any) -> Incident:
    incident = acknowledged(world, **overrides)
    services.investigation_record(
        incident=incident,
        actor=world.coordinator,
        facts=replace(
            INVESTIGATION,
            confidentiality=inputs.exposure != Exposure.NONE,
            integrity=inputs.integrity != Integrity.NONE,
            availability=inputs.availability != Availability.NONE,
        ),
    )
    services.risk_assessment_record(incident=incident, actor=world.coordinator, inputs=inputs)
    return incident


def assessed(world: World, *, notify: bool = True, **overrides: Any) -> Incident:
    """Assessed and decided on: notify IMY (risky e-mail), or not (harmless e-mail)."""
    incident = investigated(world, RISKY if notify else HARMLESS, **overrides)
    facts = ImyDecisionFacts(
        imy_decision=ImyDecision.NOTIFY if notify else ImyDecision.NOT_NOTIFY,
        imy_decision_reason="" if notify else "Endast ett namn till en betrodd kollega.",
        subjects_decision=SubjectsDecision.NOT_REQUIRED,
        subjects_reason="Risken bedöms inte som hög.",
    )
    return services.imy_decide(incident=incident, actor=world.coordinator, facts=facts)


def notified(world: World, **overrides: Any) -> Incident:
    incident = assessed(world, notify=True, **overrides)
    services.imy_notify(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now() - timedelta(minutes=5),
        complete=False,
        imy_case_number="IMY-2026-1234",
        content="Preliminär anmälan om felskickad e-post.",
        delay_reason="",
    )
    incident.refresh_from_db()
    return incident


def decided(world: World, *, notify: bool = True, **overrides: Any) -> Incident:
    incident = (
        notified(world, **overrides) if notify else assessed(world, notify=False, **overrides)
    )
    return services.incident_decide(
        incident=incident,
        actor=world.decision_maker,
        decided_on=timezone.localdate(),
        note="",
    )


def measure(
    world: World,
    incident: Incident,
    *,
    description: str = "Påminn enheten om säker e-post.",
    responsible: User | None = None,
    due_on: date | None = None,
    done_on: date | None = None,
    amend: Measure | None = None,
) -> Measure:
    """Record a measure of `incident` by the coordinator (the manager responsible unless
    named), or amend the measure `amend`."""
    return services.measure_record(
        incident=incident,
        actor=world.coordinator,
        description=description,
        responsible=responsible or world.manager,
        due_on=due_on,
        done_on=done_on,
        measure=amend,
    )


def report_post(world: World, **overrides: object) -> dict[str, object]:
    """What the report form posts for a report by the reporter of Barn och unga; `overrides`
    replace fields (an empty string leaves a checkbox unticked)."""
    now = timezone.localtime()
    data: dict[str, object] = {
        "reporter_name": "Rut Anmälarsson",
        "reporter_title": "Socialsekreterare",
        "unit": world.children.pk,
        "description": "Ett brev till en vårdnadshavare lades i fel kuvert.",
        "occurred_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "discovered_at": (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "discovered_approximate": "on",
        "location": "controller",
        "subject_categories": ["guardians", "children"],
        "data_types": ["name", "social"],
        "affected_count": "2",
    }
    data.update(overrides)
    return data
