"""Writes of the investigation (seed 004 §3.3.2): what happened, contacts made, measures."""

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Contact, Incident, Investigation, Measure
from breachdesk.incidents.services.transitions import (
    TransitionRefused,
    audit_changes,
    incident_step,
)
from breachdesk.orgs.models import Role
from breachdesk.orgs.scoping import roles_at
from breachdesk.orgs.services import nearest_role_holder


@dataclass(frozen=True)
class InvestigationFacts:
    """What the coordinator found out, as written in the investigation form."""

    confidentiality: bool
    integrity: bool
    availability: bool
    cause: str
    cause_detail: str
    systems: str
    processors: str
    has_ended: bool | None
    ended_at: datetime | None
    dpo_consulted: bool
    dpo_consulted_on: date | None
    dpo_advice: str


def _current(row: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def investigation_record(
    *, incident: Incident, actor: User, facts: InvestigationFacts, now: datetime | None = None
) -> Investigation:
    """Record or amend the investigation of `incident`; each change lands in the timeline."""
    if facts.ended_at is not None and facts.ended_at < incident.occurred_at:
        raise TransitionRefused(_("The incident cannot have ended before it happened."))
    values = asdict(facts)
    if facts.has_ended is not True:
        values["ended_at"] = None
    if not facts.dpo_consulted:
        values.update(dpo_consulted_on=None, dpo_advice="")
    with transaction.atomic():
        investigation = Investigation.objects.select_for_update().filter(
            incident=incident
        ).first() or Investigation(incident=incident)
        old = _current(investigation, list(values)) if investigation.pk else {}
        incident_step(
            incident=incident,
            actor=actor,
            action="investigate",
            recorded=audit_changes(old, values, prefix="investigation."),
            now=now,
        )
        for name, value in values.items():
            setattr(investigation, name, value)
        investigation.save()
    return investigation


def contact_record(
    *,
    incident: Incident,
    actor: User,
    party: str,
    name: str,
    contacted_on: date,
    outcome: str,
    contact: Contact | None = None,
    now: datetime | None = None,
) -> Contact:
    """Record a contact made in the investigation of `incident`, or amend `contact`."""
    if contact is not None and contact.incident_id != incident.pk:
        raise TransitionRefused(_("This contact belongs to another case."))
    values = {"party": party, "name": name, "contacted_on": contacted_on, "outcome": outcome}
    with transaction.atomic():
        old = _current(contact, list(values)) if contact is not None else {}
        incident_step(
            incident=incident,
            actor=actor,
            action="contact",
            recorded=audit_changes(old, values, prefix="contact."),
            details={"about": name or party},
            now=now,
        )
        if contact is None:
            contact = Contact(incident=incident)
        for field, value in values.items():
            setattr(contact, field, value)
        contact.save()
    return contact


def measure_default_responsible(*, incident: Incident) -> User | None:
    """Who answers for a new measure: the unit's responsible manager (seed 000's
    "Ansvarig chef"), else the case officer."""
    return (
        nearest_role_holder(unit=incident.unit, role=Role.RESPONSIBLE_MANAGER) or incident.assignee
    )


def measure_record(
    *,
    incident: Incident,
    actor: User,
    description: str,
    responsible: User | None,
    due_on: date | None,
    done_on: date | None,
    measure: Measure | None = None,
    now: datetime | None = None,
) -> Measure:
    """Record a measure taken or planned for `incident`, or amend `measure`.

    Without a `responsible`, the unit's responsible manager answers for it.
    """
    if measure is not None and measure.incident_id != incident.pk:
        raise TransitionRefused(_("This measure belongs to another case."))
    responsible = responsible or measure_default_responsible(incident=incident)
    if responsible is None:
        raise TransitionRefused(_("Choose who is responsible for the measure."))
    if not roles_at(user=responsible, unit=incident.unit) and responsible != incident.assignee:
        raise TransitionRefused(_("The person responsible must hold a role in the case's unit."))
    values = {
        "description": description,
        "responsible": responsible,
        "due_on": due_on,
        "done_on": done_on,
    }
    with transaction.atomic():
        old = _current(measure, list(values)) if measure is not None else {}
        incident_step(
            incident=incident,
            actor=actor,
            action="measure",
            recorded=audit_changes(old, values, prefix="measure."),
            details={"about": description[:120]},
            now=now,
        )
        if measure is None:
            measure = Measure(incident=incident)
        for field, value in values.items():
            setattr(measure, field, value)
        measure.save()
    return measure
