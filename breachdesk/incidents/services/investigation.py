"""Writes of the investigation: what happened, contacts made, measures."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Contact, Incident, Investigation, Measure
from breachdesk.incidents.services.dates import check_happened
from breachdesk.incidents.services.transitions import incident_step_row
from breachdesk.incidents.workflow import Action
from breachdesk.lib.errors import DomainError
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
    public_summary: str = ""


def investigation_record(
    *, incident: Incident, actor: User, facts: InvestigationFacts, now: datetime | None = None
) -> Investigation:
    """Record or amend the investigation of `incident`; each change lands in the timeline."""
    now = now or timezone.now()
    if facts.ended_at is not None and facts.ended_at < incident.occurred_at:
        raise DomainError(_("The incident cannot have ended before it happened."), field="ended_at")
    check_happened(
        facts.ended_at if facts.has_ended else None, incident=incident, now=now, field="ended_at"
    )
    check_happened(
        facts.dpo_consulted_on if facts.dpo_consulted else None,
        incident=incident,
        now=now,
        field="dpo_consulted_on",
    )
    values = asdict(facts)
    if facts.has_ended is not True:
        values["ended_at"] = None
    if not facts.dpo_consulted:
        values.update(dpo_consulted_on=None, dpo_advice="")
    with transaction.atomic():
        investigation = Investigation.objects.select_for_update().filter(
            incident=incident
        ).first() or Investigation(incident=incident)
        return incident_step_row(
            incident=incident,
            actor=actor,
            action=Action.INVESTIGATE,
            row=investigation,
            values=values,
            prefix="investigation.",
            now=now,
        )


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
    check_happened(contacted_on, incident=incident, now=now or timezone.now(), field="contacted_on")
    if contact is not None and contact.incident_id != incident.pk:
        raise DomainError(_("This contact belongs to another case."))
    values = {"party": party, "name": name, "contacted_on": contacted_on, "outcome": outcome}
    with transaction.atomic():
        return incident_step_row(
            incident=incident,
            actor=actor,
            action=Action.CONTACT,
            row=contact or Contact(incident=incident),
            values=values,
            prefix="contact.",
            details={"about": name or party},
            now=now,
        )


def measure_default_responsible(*, incident: Incident) -> User | None:
    """Who answers for a new measure: the unit's responsible manager (the
    register's "Ansvarig chef"), else the case officer."""
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
        raise DomainError(_("This measure belongs to another case."))
    check_happened(done_on, incident=incident, now=now or timezone.now(), field="done_on")
    responsible = responsible or measure_default_responsible(incident=incident)
    if responsible is None:
        raise DomainError(_("Choose who is responsible for the measure."), field="responsible")
    if not roles_at(user=responsible, unit=incident.unit) and responsible != incident.assignee:
        raise DomainError(
            _("The person responsible must hold a role in the case's unit."), field="responsible"
        )
    values = {
        "description": description,
        "responsible": responsible,
        "due_on": due_on,
        "done_on": done_on,
    }
    with transaction.atomic():
        return incident_step_row(
            incident=incident,
            actor=actor,
            action=Action.MEASURE,
            row=measure or Measure(incident=incident),
            values=values,
            prefix="measure.",
            details={"about": description[:120]},
            now=now,
        )
