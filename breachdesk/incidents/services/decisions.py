"""Writes of the decisions: IMY (GDPR art. 33), the people affected (art. 34), the internal
decision, IMY's answer, and closing."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.incidents.events import (
    CaseDecided,
    DecisionSentToDpo,
    ImyAnswered,
    ImyNotified,
    SubjectsInformed,
    SupervisionOpened,
)
from breachdesk.incidents.imy import facts_snapshot, imy_facts_of
from breachdesk.incidents.models import ImyNotification, ImyOutcome, Incident, NotificationKind
from breachdesk.incidents.risk.scales import Recommendation
from breachdesk.incidents.services.dates import check_happened
from breachdesk.incidents.services.transitions import (
    TransitionRefused,
    incident_step,
    incident_transition,
)
from breachdesk.incidents.workflow import Action, ImyDecision, SubjectsDecision
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.lib.errors import DomainError
from breachdesk.lib.events import event_publish


@dataclass(frozen=True)
class ImyDecisionFacts:
    """The coordinator's decisions on IMY and on the people affected, as written."""

    imy_decision: ImyDecision
    imy_decision_reason: str = ""
    subjects_decision: str = ""
    subjects_exception: str = ""
    subjects_reason: str = ""
    subjects_inform_planned_on: date | None = None
    deviation_reason: str = ""


def decision_follows(*, recommendation: str, imy_decision: str, subjects_decision: str) -> bool:
    """Whether the decisions on IMY and on the people affected follow `recommendation`.

    An exception of art. 34(3) is a lawful way not to inform at high risk, so it follows a
    recommendation to inform; informing when it is not required differs from one not to.
    """
    informs = subjects_decision in (SubjectsDecision.INFORM, SubjectsDecision.EXCEPTION)
    if recommendation == Recommendation.NOTIFY_AND_INFORM:
        return imy_decision == ImyDecision.NOTIFY and informs
    if recommendation == Recommendation.NOTIFY:
        return imy_decision == ImyDecision.NOTIFY and subjects_decision != SubjectsDecision.INFORM
    return imy_decision == ImyDecision.NOT_NOTIFY and subjects_decision != SubjectsDecision.INFORM


def imy_decide(
    *, incident: Incident, actor: User, facts: ImyDecisionFacts, now: datetime | None = None
) -> Incident:
    """Take the decision on notifying IMY and on informing the people affected.

    "Still under investigation" is recorded without moving the case, and the clock runs on.
    A decision that differs from the recommendation needs a written reason.
    """
    now = now or timezone.now()
    if facts.imy_decision == ImyDecision.INVESTIGATING:
        with transaction.atomic():
            return incident_step(
                incident=incident,
                actor=actor,
                action=Action.IMY_PENDING,
                changes={"imy_decision": ImyDecision.INVESTIGATING},
                now=now,
            )
    if not incident.risk_level:
        raise DomainError(_("Make the risk assessment before deciding."))
    if facts.imy_decision == ImyDecision.NOT_NOTIFY and not facts.imy_decision_reason.strip():
        raise DomainError(
            _("Write the assessment that explains why IMY is not notified."),
            field="imy_decision_reason",
        )
    _check_subjects(facts)
    matches = decision_follows(
        recommendation=incident.recommendation,
        imy_decision=facts.imy_decision,
        subjects_decision=facts.subjects_decision,
    )
    if not matches and not facts.deviation_reason.strip():
        raise DomainError(
            _(
                "Your decision differs from the recommendation (%(recommendation)s). Write why "
                "you decide otherwise."
            )
            % {"recommendation": Recommendation(incident.recommendation).label},
            field="deviation_reason",
        )
    changes: dict[str, Any] = {
        "imy_decision": facts.imy_decision,
        "imy_decision_reason": (
            facts.imy_decision_reason.strip()
            if facts.imy_decision == ImyDecision.NOT_NOTIFY
            else ""
        ),
        "imy_decided_at": now,
        "imy_decided_by": actor,
        "deviation_reason": "" if matches else facts.deviation_reason.strip(),
        "subjects_decision": facts.subjects_decision,
        "subjects_exception": (
            facts.subjects_exception
            if facts.subjects_decision == SubjectsDecision.EXCEPTION
            else ""
        ),
        "subjects_reason": (
            facts.subjects_reason.strip()
            if facts.subjects_decision != SubjectsDecision.INFORM
            else ""
        ),
        "subjects_inform_planned_on": (
            facts.subjects_inform_planned_on
            if facts.subjects_decision == SubjectsDecision.INFORM
            else None
        ),
    }
    with transaction.atomic():
        return incident_transition(
            incident=incident,
            actor=actor,
            action=Action.ASSESS,
            changes=changes,
            details={"recommendation": incident.recommendation, "follows": matches},
            now=now,
        )


def _check_subjects(facts: ImyDecisionFacts) -> None:
    if facts.subjects_decision not in SubjectsDecision.values:
        raise DomainError(
            _("Decide whether the people affected must be informed."), field="subjects_decision"
        )
    if facts.subjects_decision == SubjectsDecision.EXCEPTION and not (
        facts.subjects_exception and facts.subjects_reason.strip()
    ):
        raise DomainError(
            _("Say which exception of art. 34(3) applies, and why."),
            field="subjects_reason" if facts.subjects_exception else "subjects_exception",
        )
    if facts.subjects_decision == SubjectsDecision.NOT_REQUIRED and not (
        facts.subjects_reason.strip()
    ):
        raise DomainError(
            _("Write why the people affected do not need to be informed."),
            field="subjects_reason",
        )


def imy_notify(
    *,
    incident: Incident,
    actor: User,
    made_at: datetime,
    complete: bool,
    imy_case_number: str,
    content: str,
    delay_reason: str,
    now: datetime | None = None,
) -> ImyNotification:
    """Record that IMY was notified (art. 33); after the 72 hours, with the reasons."""
    now = now or timezone.now()
    check_happened(made_at, incident=incident, now=now, field="made_at")
    if made_at < incident.discovered_at:
        raise DomainError(_("IMY cannot have been notified before the discovery."), field="made_at")
    late = made_at > incident.imy_due_at
    if late and not delay_reason.strip():
        raise DomainError(
            _(
                "The notification was made after the 72 hours: give the reasons for the delay "
                "(GDPR art. 33(1))."
            ),
            field="delay_reason",
        )
    with transaction.atomic():
        incident_transition(
            incident=incident,
            actor=actor,
            action=Action.NOTIFY,
            changes={"imy_notified_at": made_at, "imy_case_number": imy_case_number.strip()},
            details={"complete": complete, "late": late, "delay_reason": delay_reason.strip()},
            now=now,
        )
        notification = ImyNotification.objects.create(
            incident=incident,
            kind=NotificationKind.INITIAL,
            made_at=made_at,
            complete=complete,
            imy_case_number=imy_case_number.strip(),
            content=content.strip(),
            delay_reason=delay_reason.strip() if late else "",
            facts=facts_snapshot(imy_facts_of(incident)),
            recorded_by=actor,
        )
        event_publish(
            ImyNotified(incident=incident, notification=notification, actor=actor, at=now)
        )
        return notification


def imy_supplement(
    *,
    incident: Incident,
    actor: User,
    made_at: datetime,
    complete: bool,
    content: str,
    imy_case_number: str | None = None,
    now: datetime | None = None,
) -> ImyNotification:
    """Record a supplement to the notification (art. 33.4): when, and what it added; with
    IMY's case number, when given, added to the case or corrected."""
    now = now or timezone.now()
    check_happened(made_at, incident=incident, now=now, field="made_at")
    if not content.strip():
        raise DomainError(_("Write what the supplement added."), field="content")
    if incident.imy_notified_at is not None and made_at < incident.imy_notified_at:
        raise DomainError(_("A supplement cannot come before the notification."), field="made_at")
    with transaction.atomic():
        number = (imy_case_number or "").strip()
        incident_step(
            incident=incident,
            actor=actor,
            action=Action.SUPPLEMENT,
            changes={"imy_case_number": number}
            if number and number != incident.imy_case_number
            else None,
            details={"made_at": made_at.isoformat(), "complete": complete, "note": content},
            now=now,
        )
        notification = ImyNotification.objects.create(
            incident=incident,
            kind=NotificationKind.SUPPLEMENT,
            made_at=made_at,
            complete=complete,
            imy_case_number=incident.imy_case_number,
            content=content.strip(),
            facts=facts_snapshot(imy_facts_of(incident)),
            recorded_by=actor,
        )
        event_publish(
            ImyNotified(incident=incident, notification=notification, actor=actor, at=now)
        )
        return notification


def subjects_inform_record(
    *,
    incident: Incident,
    actor: User,
    informed_at: datetime,
    how: str,
    count: int,
    now: datetime | None = None,
) -> Incident:
    """Record when, how and how many of the people affected were informed (art. 34)."""
    now = now or timezone.now()
    check_happened(informed_at, incident=incident, now=now, field="informed_at")
    if informed_at < incident.discovered_at:
        raise DomainError(
            _("They cannot have been informed before the discovery."), field="informed_at"
        )
    with transaction.atomic():
        incident_step(
            incident=incident,
            actor=actor,
            action=Action.INFORM,
            changes={
                "subjects_informed_at": informed_at,
                "subjects_informed_how": how.strip(),
                "subjects_informed_count": count,
            },
            now=now,
        )
        event_publish(SubjectsInformed(incident=incident, actor=actor, at=now))
    return incident


def incident_decide(
    *, incident: Incident, actor: User, decided_on: date, note: str, now: datetime | None = None
) -> Incident:
    """Take the internal decision as the unit's decision-maker."""
    now = now or timezone.now()
    if decided_on > now.astimezone(STOCKHOLM).date():
        raise DomainError(_("The decision date cannot be in the future."), field="decided_on")
    if (
        incident.imy_decided_at is not None
        and decided_on < incident.imy_decided_at.astimezone(STOCKHOLM).date()
    ):
        raise DomainError(
            _("The decision date cannot be before the IMY decision was taken."),
            field="decided_on",
        )
    with transaction.atomic():
        incident_transition(
            incident=incident,
            actor=actor,
            action=Action.DECIDE,
            changes={"decision_maker": actor, "decided_on": decided_on, "decision_note": note},
            now=now,
        )
        event_publish(CaseDecided(incident=incident, actor=actor, at=now))
    return incident


def _locked(incident: Incident) -> Incident:
    """The case as stored now, its row locked until the end of the transaction."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def decision_send_to_dpo(
    *, incident: Incident, actor: User, now: datetime | None = None
) -> Incident:
    """Record that the internal decision was sent to the data protection officer."""
    now = now or timezone.now()
    with transaction.atomic():
        # Read again under the row's lock: of two requests at once (a double click), the
        # second sees the first one's record and is refused like a concurrent move (the step
        # is no longer open), so the DPO is told once.
        if _locked(incident).sent_to_dpo_at is not None:
            raise TransitionRefused(_("The decision is already recorded as sent to the DPO."))
        incident_step(
            incident=incident,
            actor=actor,
            action=Action.SEND_TO_DPO,
            changes={"sent_to_dpo_at": now},
            now=now,
        )
        event_publish(DecisionSentToDpo(incident=incident, at=now))
    return incident


def imy_answer_record(
    *,
    incident: Incident,
    actor: User,
    answered_on: date,
    outcome: str,
    imy_case_number: str,
    note: str,
    now: datetime | None = None,
) -> Incident:
    """Record IMY's answer; when IMY opens supervision, alert the DPO."""
    now = now or timezone.now()
    check_happened(answered_on, incident=incident, now=now, field="answered_on")
    if (
        incident.imy_notified_at is not None
        and answered_on < incident.imy_notified_at.astimezone(STOCKHOLM).date()
    ):
        raise DomainError(
            _("IMY cannot have answered before it was notified."), field="answered_on"
        )
    with transaction.atomic():
        # Under the row's lock, as above: supervision alerts the DPO once.
        newly_supervised = (
            outcome == ImyOutcome.SUPERVISION
            and _locked(incident).imy_answer_outcome != ImyOutcome.SUPERVISION
        )
        incident_step(
            incident=incident,
            actor=actor,
            action=Action.IMY_ANSWER,
            changes={
                "imy_answer_on": answered_on,
                "imy_answer_outcome": outcome,
                "imy_case_number": imy_case_number.strip() or incident.imy_case_number,
                "imy_answer_note": note.strip(),
            },
            now=now,
        )
        event_publish(ImyAnswered(incident=incident, actor=actor, at=now))
        if newly_supervised:
            event_publish(SupervisionOpened(incident=incident, at=now))
    return incident


def incident_close(
    *, incident: Incident, actor: User, note: str, now: datetime | None = None
) -> Incident:
    """Close `incident` once its measures are followed up (or the note says why not)."""
    now = now or timezone.now()
    with transaction.atomic():
        return incident_transition(
            incident=incident,
            actor=actor,
            action=Action.CLOSE,
            changes={"closing_note": note.strip()},
            now=now,
        )


def incident_close_not_incident(
    *, incident: Incident, actor: User, reason: str, now: datetime | None = None
) -> Incident:
    """Close `incident` early as not a personal data incident, with the reason."""
    now = now or timezone.now()
    if not reason.strip():
        raise DomainError(_("Write why this is not a personal data incident."), field="reason")
    with transaction.atomic():
        return incident_transition(
            incident=incident,
            actor=actor,
            action=Action.CLOSE_NOT_INCIDENT,
            changes={"closing_note": reason.strip(), "not_an_incident": True},
            now=now,
        )


__all__ = [
    "ImyDecisionFacts",
    "decision_follows",
    "decision_send_to_dpo",
    "imy_answer_record",
    "imy_decide",
    "imy_notify",
    "imy_supplement",
    "incident_close",
    "incident_close_not_incident",
    "incident_decide",
    "subjects_inform_record",
]
