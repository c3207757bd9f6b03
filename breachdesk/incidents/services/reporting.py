"""Writes on the first part of an incident's life: report, register, acknowledge."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record
from breachdesk.incidents.events import (
    CaseRegistered,
    IncidentAcknowledged,
    IncidentAssigned,
    IncidentReported,
)
from breachdesk.incidents.models import Incident, Location
from breachdesk.incidents.services.protection import check_protection_reason
from breachdesk.incidents.services.transitions import incident_transition
from breachdesk.incidents.vocabulary import Channel
from breachdesk.incidents.workflow import Action, State
from breachdesk.lib.deadlines import STOCKHOLM, imy_due_at
from breachdesk.lib.errors import DomainError
from breachdesk.lib.events import event_publish
from breachdesk.orgs.models import DiarySeries, Membership, Role, Unit
from breachdesk.orgs.scoping import registers_for, reportable_units
from breachdesk.orgs.services import AssignmentReason, coordinator_suggest, diary_number_take


@dataclass(frozen=True)
class ReportFacts:
    """The facts of a report, as the reporter gave them."""

    reporter_name: str
    reporter_title: str
    unit: Unit
    description: str
    occurred_at: datetime
    occurred_approximate: bool
    discovered_at: datetime
    discovered_approximate: bool
    location: Location
    processor_name: str
    subject_categories: list[str]
    subject_categories_other: str
    data_types: list[str]
    data_types_other: str
    affected_count: int
    affected_count_estimated: bool
    # The reporter's mark: protected identity or secret information (OSL).
    protected: bool = False
    # How it came in: a registrar enters a report that came by e-mail or telephone on the
    # reporter's behalf (the reporter's name and title are then the sender's).
    channel: str = Channel.BREACHDESK


def _new_reference() -> str:
    # 8 characters of Crockford base-32: about 10^12 values, so a retry is practically never
    # needed; the unique constraint still guards the rare race.
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"PUI-{raw[:4]}-{raw[4:]}"


def incident_report(*, reporter: User, facts: ReportFacts, now: datetime | None = None) -> Incident:
    """Record a new report of a suspected incident by `reporter`, made at `now`."""
    now = now or timezone.now()
    if not reportable_units(user=reporter).filter(pk=facts.unit.pk).exists():
        raise DomainError(_("You cannot report incidents for this unit."), field="unit")
    if facts.channel != Channel.BREACHDESK and not registers_for(
        user=reporter, controller=facts.unit.controller
    ):
        raise DomainError(
            _("Only a registrar of the controller enters a report on someone's behalf."),
            field="channel",
        )
    reference = _new_reference()
    while Incident.objects.filter(reference=reference).exists():
        reference = _new_reference()
    with transaction.atomic():
        incident = Incident.objects.create(
            reference=reference,
            controller=facts.unit.controller,
            unit=facts.unit,
            state=State.REPORTED,
            reporter=reporter,
            reporter_name=facts.reporter_name,
            reporter_title=facts.reporter_title,
            reporter_unit_name=facts.unit.name,
            channel=facts.channel,
            description=facts.description,
            occurred_at=facts.occurred_at,
            occurred_approximate=facts.occurred_approximate,
            discovered_at=facts.discovered_at,
            discovered_approximate=facts.discovered_approximate,
            location=facts.location,
            processor_name=facts.processor_name if facts.location == Location.PROCESSOR else "",
            subject_categories=sorted(facts.subject_categories),
            subject_categories_other=facts.subject_categories_other,
            data_types=sorted(facts.data_types),
            data_types_other=facts.data_types_other,
            affected_count=facts.affected_count,
            affected_count_estimated=facts.affected_count_estimated,
            aware_at=facts.discovered_at,
            imy_due_at=imy_due_at(facts.discovered_at),
            reported_at=now,
            protected=facts.protected,
            protected_at=now if facts.protected else None,
            protected_by=reporter if facts.protected else None,
        )
        data: dict[str, Any] = {"state": State.REPORTED, "reference": incident.reference}
        if facts.channel != Channel.BREACHDESK:
            data["channel"] = facts.channel
        if facts.protected:
            data["changes"] = {"protected": {"old": False, "new": True}}
        audit_record(kind="incident.reported", actor=reporter, incident=incident, data=data, at=now)
        event_publish(IncidentReported(incident=incident, reporter=reporter, at=now))
    return incident


def assignee_candidates(*, incident: Incident) -> models.QuerySet[User]:
    """People a registrar may assign: the controller's coordinators, decision-makers and
    responsible managers, and the suggested stand-in."""
    suggestion = coordinator_suggest(unit=incident.unit, on=timezone.localdate())
    holders = Membership.objects.filter(
        controller=incident.controller,
        role__in=[Role.COORDINATOR, Role.DECISION_MAKER, Role.RESPONSIBLE_MANAGER],
    ).values("user_id")
    query = models.Q(pk__in=holders)
    if suggestion.user is not None:
        query |= models.Q(pk=suggestion.user.pk)
    return User.objects.filter(query, is_active=True).order_by("last_name", "first_name")


def incident_register(
    *,
    incident: Incident,
    actor: User,
    series: DiarySeries | None = None,
    unit: Unit | None = None,
    assignee: User | None = None,
    protected: bool = False,
    protected_reason: str = "",
    now: datetime | None = None,
) -> Incident:
    """Register `incident` in the diary with the next number and assign its case officer.

    Without an `assignee`, the coordinator of the (possibly corrected) unit is assigned, or the
    coordinator's manager when the coordinator is absent today (README: Diary numbers). `protected`
    marks the case as holding protected identity or secret information (OSL); registering
    never lifts a reporter's mark (only the case officer or a coordinator does).
    """
    now = now or timezone.now()
    check_protection_reason(protected_reason, required=False, field="protected_reason")
    today = now.astimezone(STOCKHOLM).date()
    if unit is not None and unit.controller_id != incident.controller_id:
        raise DomainError(_("The unit must belong to the case's controller."), field="unit")
    target_unit = unit or incident.unit
    if series is None:
        series = DiarySeries.objects.filter(controller=incident.controller, is_default=True).first()
        if series is None:
            raise DomainError(
                _("The controller has no default diary series. Ask the administrator to add one."),
                field="series",
            )
    elif series.controller_id != incident.controller_id:
        raise DomainError(
            _("The diary series must belong to the case's controller."), field="series"
        )
    changes: dict[str, Any] = {}
    if target_unit.pk != incident.unit_id:
        changes["unit"] = target_unit
        incident.unit = target_unit
    if protected and not incident.protected:
        changes.update(protected=True, protected_at=now, protected_by=actor)
    if (protected or incident.protected) and protected_reason:
        changes["protected_reason"] = protected_reason
    if assignee is None:
        suggestion = coordinator_suggest(unit=target_unit, on=today)
        if suggestion.user is None:
            raise DomainError(
                _("No coordinator of this unit is present today. Choose a case officer."),
                field="assignee",
            )
        assignee = suggestion.user
        reason = suggestion.reason
    else:
        if not assignee_candidates(incident=incident).filter(pk=assignee.pk).exists():
            raise DomainError(
                _("This person cannot be assigned cases of this controller."), field="assignee"
            )
        reason = AssignmentReason.CHOSEN
    try:
        with transaction.atomic():
            number = diary_number_take(series=series, on=today)
            changes.update(
                diary_series=series,
                diary_number=number.text,
                assignee=assignee,
                registered_at=now,
                registered_by=actor,
            )
            incident_transition(
                incident=incident,
                actor=actor,
                action=Action.REGISTER,
                changes=changes,
                details={"assignment": reason},
                now=now,
            )
            event_publish(CaseRegistered(incident=incident, actor=actor, at=now))
            event_publish(
                IncidentAssigned(
                    incident=incident,
                    assignee=assignee,
                    stand_in=reason == AssignmentReason.STAND_IN,
                    at=now,
                )
            )
    except IntegrityError:
        raise DomainError(
            _(
                "The diary number was already used in this series. Ask the administrator to "
                "check the series' number format."
            )
        ) from None
    return incident


def incident_acknowledge(
    *, incident: Incident, actor: User, now: datetime | None = None
) -> Incident:
    """Record that the case officer has received the case."""
    now = now or timezone.now()
    with transaction.atomic():
        incident_transition(
            incident=incident,
            actor=actor,
            action=Action.ACKNOWLEDGE,
            now=now,
        )
        event_publish(IncidentAcknowledged(incident=incident, actor=actor, at=now))
    return incident
