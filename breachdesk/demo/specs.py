"""The demo's data, read from the TOML files in data/ beside this module.

world.toml holds the controllers, their units, the people and their roles; cases/<key>.toml
each controller's demo cases (the report as written and its handling); texts.toml the texts
that recur. This module turns them into frozen specs with the application's own choices, so a
wrong value fails here, when the demo starts, and not halfway through building it.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from breachdesk.incidents.models import Cause, ContactParty, ImyOutcome
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    Stopped,
    TriState,
)
from breachdesk.incidents.vocabulary import DataType, SubjectCategory
from breachdesk.incidents.workflow import ImyDecision
from breachdesk.orgs.models import Role

# How a measure stands: done when recorded, done before the case closes, or long-running.
DONE, LATER, OPEN = "done", "later", "open"


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(
        resources.files("breachdesk.demo").joinpath("data", name).read_text("utf-8")
    )


@dataclass(frozen=True)
class UnitSpec:
    name: str
    parent: str | None = None
    reporter: str | None = None  # who reports its incidents, when not the controller's reporter


@dataclass(frozen=True)
class ControllerSpec:
    key: str
    name: str
    organisation_number: str
    address: str
    dpo: str  # usernames of personas
    dpo_phone: str
    imy_contact: str
    imy_contact_phone: str
    registrar: str
    reporter: str
    number_format: str
    committee: str
    meetings: tuple[date, ...]
    units: tuple[UnitSpec, ...]


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    title: str
    domain: str
    role: str  # for the login table
    manager: str | None = None
    administrator: bool = False


@dataclass(frozen=True)
class MembershipSpec:
    user: str
    controller: str
    unit: str | None
    role: Role


@dataclass(frozen=True)
class AbsenceSpec:
    user: str
    from_day: int  # days from the day the demo is built
    to_day: int
    note: str


@dataclass(frozen=True)
class Story:
    key: str
    unit: str
    text: str  # {date}: the day it happened; {n}: the number of people affected
    subjects: tuple[str, ...]
    data: tuple[str, ...]
    low: int
    high: int
    processor: str = ""
    data_other: str = ""


@dataclass(frozen=True)
class Risk:
    """The RiskInputs a story calls for; data types and counts come from the report."""

    exposure: Exposure = Exposure.NONE
    insight: Insight = Insight.USUAL
    identification: Identification = Identification.MAXIMUM
    integrity: Integrity = Integrity.NONE
    availability: Availability = Availability.NONE
    unavailable_hours: int | None = None
    backup: TriState = TriState.NO
    stopped: frozenset[str] = frozenset()
    encryption: Encryption = Encryption.NONE
    malicious: Intent = Intent.NO
    consequences: frozenset[str] = frozenset()
    mitigations: frozenset[str] = frozenset()
    vulnerable: bool = False


@dataclass(frozen=True)
class Handling:
    unit: str  # the story's unit, checked against the case
    cause: Cause
    systems: str
    detail: str  # what the investigation found
    risk: Risk
    measures: tuple[tuple[str, str], ...]  # (what, DONE/LATER/OPEN)
    contacts: tuple[tuple[str, str, str], ...] = ()  # (ContactParty, whom, outcome)
    processors: str = ""
    dpo_advice: str = ""  # the DPO was consulted when set
    assessment: str = ""  # the written assessment ("Bedömning") when IMY is not notified
    subjects_reason: str = ""  # why the people affected need not be informed
    inform_how: str = ""
    supplement: str = ""  # a supplement to IMY, when the notification is preliminary
    delay_reason: str = ""  # why IMY would be notified late
    not_incident: tuple[str, str] | None = None  # (what was found, why it is no incident)
    deviation: str = ""  # set: IMY is not notified although notifying is recommended


@dataclass(frozen=True)
class Texts:
    months: tuple[str, ...]
    diary_series: str
    assessment: str  # {why}
    not_incident: str  # {why}
    not_incident_advice: str
    deviation: str  # {why}
    low_risk: str
    nobody: str
    inform_how: str
    preliminary: str  # {content}
    late_reached: str
    late_unclear: str
    supplement: str
    left_open: str
    decision_notes: dict[ImyDecision, str]
    imy_notes: dict[ImyOutcome, str]


def _texts(raw: dict[str, Any]) -> Texts:
    notes = {ImyDecision(k): v for k, v in raw.pop("decision_note").items()}
    answers = {ImyOutcome(k): v for k, v in raw.pop("imy_note").items()}
    return Texts(months=tuple(raw.pop("months")), decision_notes=notes, imy_notes=answers, **raw)


def _controller(raw: dict[str, Any]) -> ControllerSpec:
    units = tuple(UnitSpec(**unit) for unit in raw.pop("unit"))
    return ControllerSpec(meetings=tuple(raw.pop("meetings")), units=units, **raw)


def _risk(raw: dict[str, Any]) -> Risk:
    choices: dict[str, Any] = {
        "exposure": Exposure,
        "insight": Insight,
        "identification": Identification,
        "integrity": Integrity,
        "availability": Availability,
        "encryption": Encryption,
        "malicious": Intent,
        "backup": TriState,
    }
    sets: dict[str, Any] = {
        "consequences": Consequence,
        "stopped": Stopped,
        "mitigations": Mitigation,
    }
    values = {k: choices[k](v) if k in choices else v for k, v in raw.items()}
    for name, kind in sets.items():
        if name in values:
            values[name] = frozenset(kind(v) for v in values[name])
    return Risk(**values)


def _handling(unit: str, raw: dict[str, Any], texts: Texts) -> Handling:
    if "assessment" in raw:
        raw["assessment"] = texts.assessment.format(why=raw["assessment"])
    if "subjects_reason" in raw:
        raw["subjects_reason"] = raw["subjects_reason"].format(
            low_risk=texts.low_risk, nobody=texts.nobody
        )
    if "not_incident" in raw:
        found, why = raw["not_incident"]["found"], raw["not_incident"]["why"]
        raw["not_incident"] = (found, texts.not_incident.format(why=why))
    measures = tuple((m["what"], m["status"]) for m in raw.pop("measure"))
    if any(status not in (DONE, LATER, OPEN) for _what, status in measures):
        raise ValueError(f"A measure of the demo case at {unit} has an unknown status.")
    contacts = tuple(
        (ContactParty(c["party"]), c["whom"], c["outcome"]) for c in raw.pop("contact", ())
    )
    return Handling(
        unit=unit,
        cause=Cause(raw.pop("cause")),
        risk=_risk(raw.pop("risk", {})),
        measures=measures,
        contacts=contacts,
        **raw,
    )


def _stories(key: str, texts: Texts) -> list[tuple[Story, Handling]]:
    cases = []
    for raw in _read(f"cases/{key}.toml")["case"]:
        handling = _handling(raw["unit"], raw.pop("handling"), texts)
        affected = raw.pop("affected")
        story = Story(
            key=key,
            subjects=tuple(SubjectCategory(v) for v in raw.pop("subjects")),
            data=tuple(DataType(v) for v in raw.pop("data")),
            low=affected["low"],
            high=affected["high"],
            **raw,
        )
        cases.append((story, handling))
    return cases


_world = _read("world.toml")
TEXTS = _texts(_read("texts.toml"))
CONTROLLERS = tuple(_controller(raw) for raw in _world["controller"])
PERSONAS = tuple(Persona(**raw) for raw in _world["person"])
MEMBERSHIPS = tuple(
    MembershipSpec(m["user"], m["controller"], m.get("unit"), Role(m["role"]))
    for m in _world["membership"]
)
ABSENCE = AbsenceSpec(**_world["absence"])
_cases = [case for spec in CONTROLLERS for case in _stories(spec.key, TEXTS)]
STORIES: tuple[Story, ...] = tuple(story for story, _handling in _cases)
# HANDLINGS[i] is how the case of STORIES[i] is handled.
HANDLINGS: tuple[Handling, ...] = tuple(handling for _story, handling in _cases)

KEYS = {spec.name: spec.key for spec in CONTROLLERS}
REGISTRARS = {spec.key: spec.registrar for spec in CONTROLLERS}
REPORTERS = {spec.key: spec.reporter for spec in CONTROLLERS}
UNIT_REPORTERS = {
    unit.name: unit.reporter for spec in CONTROLLERS for unit in spec.units if unit.reporter
}
# The units whose coordinator is away: a case registered there shows the stand-in rule.
_away = {m.unit for m in MEMBERSHIPS if m.user == ABSENCE.user and m.role == Role.COORDINATOR}
STAND_IN_UNITS = frozenset(
    unit.name
    for spec in CONTROLLERS
    for unit in spec.units
    if unit.name in _away or unit.parent in _away
)
