"""Writes on incidents. Every change of a case goes through incident_transition() (a move) or
incident_step() (facts recorded without a move); both check the tables of workflow.py."""

from breachdesk.incidents.services.assessment import (
    risk_assessment_record,
    stored_groups,
)
from breachdesk.incidents.services.decisions import (
    ImyDecisionFacts,
    decision_follows,
    decision_send_to_dpo,
    imy_answer_record,
    imy_decide,
    imy_notify,
    imy_supplement,
    incident_close,
    incident_close_not_incident,
    incident_decide,
    subjects_inform_record,
)
from breachdesk.incidents.services.investigation import (
    InvestigationFacts,
    contact_record,
    investigation_record,
    measure_default_responsible,
    measure_record,
)
from breachdesk.incidents.services.protection import (
    incident_protect,
    incident_unprotect,
    protected_reader_add,
    protected_reader_remove,
    reader_candidates,
)
from breachdesk.incidents.services.reporting import (
    ReportFacts,
    assignee_candidates,
    incident_acknowledge,
    incident_register,
    incident_report,
)
from breachdesk.incidents.services.transitions import (
    TransitionRefused,
    incident_step,
    incident_transition,
)

__all__ = [
    "ImyDecisionFacts",
    "InvestigationFacts",
    "ReportFacts",
    "TransitionRefused",
    "assignee_candidates",
    "contact_record",
    "decision_follows",
    "decision_send_to_dpo",
    "imy_answer_record",
    "imy_decide",
    "imy_notify",
    "imy_supplement",
    "incident_acknowledge",
    "incident_close",
    "incident_close_not_incident",
    "incident_decide",
    "incident_protect",
    "incident_register",
    "incident_report",
    "incident_step",
    "incident_transition",
    "incident_unprotect",
    "investigation_record",
    "measure_default_responsible",
    "measure_record",
    "protected_reader_add",
    "protected_reader_remove",
    "reader_candidates",
    "risk_assessment_record",
    "stored_groups",
    "subjects_inform_record",
]
