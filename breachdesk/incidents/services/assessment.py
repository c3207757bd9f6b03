"""Writes of the risk assessment: the inputs, and the result risk_assess() computes."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident, Investigation, RiskAssessment
from breachdesk.incidents.risk.explain import risk_assess
from breachdesk.incidents.risk.inputs import (
    METHOD_VERSION,
    Availability,
    Exposure,
    Group,
    Identification,
    Insight,
    Integrity,
    RiskInputs,
    TriState,
    everyone,
)
from breachdesk.incidents.services.transitions import incident_step_row
from breachdesk.incidents.workflow import Action
from breachdesk.lib.errors import DomainError


def _nature_mismatch(investigation: Investigation, inputs: RiskInputs) -> str | None:
    pairs = [
        (
            investigation.confidentiality,
            inputs.exposure,
            Exposure.NONE,
            _(
                "The investigation records a loss of confidentiality: say how far the data was "
                "exposed."
            ),
            _(
                "The investigation records no loss of confidentiality, but the assessment says "
                "the data was exposed. Correct one of them."
            ),
        ),
        (
            investigation.integrity,
            inputs.integrity,
            Integrity.NONE,
            _("The investigation records a loss of integrity: say what became of the data."),
            _(
                "The investigation records no loss of integrity, but the assessment says the "
                "data was altered. Correct one of them."
            ),
        ),
        (
            investigation.availability,
            inputs.availability,
            Availability.NONE,
            _("The investigation records a loss of availability: say how long it lasted."),
            _(
                "The investigation records no loss of availability, but the assessment says the "
                "data was unavailable. Correct one of them."
            ),
        ),
    ]
    for recorded, chosen, none, missing, extra in pairs:
        if recorded and chosen == none:
            return missing
        if not recorded and chosen not in (none, "unknown"):
            return extra
    return None


def risk_assessment_record(
    *, incident: Incident, actor: User, inputs: RiskInputs, now: datetime | None = None
) -> RiskAssessment:
    """Compute the risk assessment of `incident` from `inputs` and record inputs and result.

    The result is kept on the incident too (risk level, recommendation), so that the IMY
    decision can require it; every version lands in the timeline with its reasons.
    """
    now = now or timezone.now()
    investigation = Investigation.objects.filter(incident=incident).first()
    if investigation is None:
        raise DomainError(
            _("Record the investigation first: the assessment builds on the nature of the breach.")
        )
    mismatch = _nature_mismatch(investigation, inputs)
    if mismatch:
        raise DomainError(mismatch)
    assessed = risk_assess(inputs)
    result = assessed.result
    values: dict[str, Any] = {
        "method_version": METHOD_VERSION,
        "groups": [group.to_json() for group in inputs.groups],
        **everyone(inputs.groups),
        "record_count": inputs.record_count,
        "exposure": inputs.exposure,
        "encryption": inputs.encryption,
        "integrity": inputs.integrity,
        "availability": inputs.availability,
        "unavailable_hours": inputs.unavailable_hours,
        "backup": inputs.backup,
        "stopped": sorted(inputs.stopped),
        "malicious": inputs.malicious,
        "consequences": sorted(inputs.consequences),
        "mitigations": sorted(inputs.mitigations),
        "dpc": result.dpc,
        "ei": result.ei,
        "cb": result.cb,
        "score": result.score,
        "band": result.band,
        "level": result.level,
        "recommendation": result.recommendation,
    }
    reasons = [reason.to_json() for reason in assessed.reasons]
    with transaction.atomic():
        assessment = RiskAssessment.objects.select_for_update().filter(
            incident=incident
        ).first() or RiskAssessment(incident=incident)
        assessment.reasons = reasons
        assessment.unknown = list(result.unknown)
        assessment.assessed_at = now
        assessment.assessed_by = actor
        return incident_step_row(
            incident=incident,
            actor=actor,
            action=Action.ASSESS_RISK,
            row=assessment,
            values=values,
            prefix="risk_assessment.",
            changes={"risk_level": result.level, "recommendation": result.recommendation},
            details={
                "score": str(result.score),
                "reasons": reasons,
                "unknown": list(result.unknown),
            },
            now=now,
        )


def stored_groups(assessment: RiskAssessment) -> tuple[Group, ...]:
    """The groups of `assessment`; one of method 1, which had no groups, is everyone."""
    if assessment.groups:
        return tuple(Group.from_json(item) for item in assessment.groups)
    return (
        Group(
            label="",
            people_count=assessment.people_count,
            data_types=frozenset(assessment.data_types),
            types_uncertain=False,
            vulnerable_people=TriState(assessment.vulnerable_people),
            insight=Insight(assessment.insight),
            identification=Identification(assessment.identification),
        ),
    )
