"""The placeholders of every document: PLACEHOLDERS, the one description of them, and a sample
context built from it.

A context is plain data — strings, flags, lists and dicts — built in the document's language,
so templates (built-in or a controller's own) only place and never compute. docs/documents.md
and the placeholder page show PLACEHOLDERS, template validation renders against it, and a test
checks that the builders (``case_context``, ``report_services``) give exactly it.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from breachdesk.documents.models import DocumentKind


class Flag(str):
    """A placeholder that is true or false (for {% if %}), described by its text."""


# Every placeholder, with what it holds. Lists hold one item: the shape of each element.
COMMON: dict[str, Any] = {
    "document": {
        "title": gettext_lazy("the document's title"),
        "date": gettext_lazy("the day it was produced, YYYY-MM-DD"),
        "version": gettext_lazy("its version number"),
        "reference": gettext_lazy("the case's diary number, or empty for reports across cases"),
        "header": gettext_lazy("the line under the controller's name on every page"),
        "language": gettext_lazy("sv or en"),
    },
    "controller": {
        "name": gettext_lazy("the controller's name"),
        "organisation_number": gettext_lazy("organisation number"),
        "address": gettext_lazy("postal address"),
        "dpo_name": gettext_lazy("the data protection officer"),
        "dpo_email": gettext_lazy("the DPO's e-mail"),
        "dpo_phone": gettext_lazy("the DPO's phone"),
        "contact_name": gettext_lazy("contact for IMY (the case officer when none is set)"),
        "contact_email": gettext_lazy("the contact's e-mail"),
        "contact_phone": gettext_lazy("the contact's phone"),
    },
}

FACT = {
    "key": gettext_lazy("a stable key"),
    "label": gettext_lazy("the label"),
    "value": gettext_lazy("the value"),
}

CASE: dict[str, Any] = {
    **COMMON,
    "case": {
        "diary_number": gettext_lazy("diary number"),
        "reference": gettext_lazy("the case reference given at the report"),
        "unit": gettext_lazy("the unit"),
        "state": gettext_lazy("the case's state"),
        "registered_on": gettext_lazy("day of registration"),
        "case_officer": gettext_lazy("the case officer's name"),
        "case_officer_title": gettext_lazy("the case officer's job title"),
        "case_officer_email": gettext_lazy("the case officer's e-mail"),
    },
    "incident": {
        "description": gettext_lazy("the report's description"),
        "occurred_at": gettext_lazy("when it happened, with (approximately) when so reported"),
        "discovered_at": gettext_lazy("when it was discovered"),
        "ended_at": gettext_lazy("when it ended, or that it goes on or is not known"),
        "location": gettext_lazy("at the controller, or at a named processor"),
        "subject_categories": gettext_lazy("categories of people"),
        "data_types": gettext_lazy("categories of personal data"),
        "special_data": gettext_lazy("special categories and other sensitive data, or None"),
        "affected_count": gettext_lazy("number of people (about … when estimated)"),
        "nature": gettext_lazy("confidentiality, integrity, availability"),
        "cause": gettext_lazy("the cause"),
        "cause_detail": gettext_lazy("what happened and why (the investigation)"),
        "systems": gettext_lazy("systems involved"),
        "public_summary": gettext_lazy("the summary for reports"),
    },
    "assessment": {
        "level": gettext_lazy("no risk, risk or high risk"),
        "severity": gettext_lazy("the ENISA severity band and score"),
        "recommendation": gettext_lazy("Breachdesk's recommendation"),
        "consequences": gettext_lazy("likely consequences"),
    },
    "measures": [
        {
            "description": gettext_lazy("the measure"),
            "responsible": gettext_lazy("who is responsible"),
            "due_on": gettext_lazy("due date"),
            "done_on": gettext_lazy("done date, empty while open"),
            "status": gettext_lazy("done or open"),
        }
    ],
    "measures_taken": gettext_lazy("measures done, one per line with their dates"),
    "measures_planned": gettext_lazy("open measures, one per line"),
    "imy": {
        "decision": gettext_lazy("the decision on notifying IMY"),
        "reason": gettext_lazy("the written assessment when IMY is not notified"),
        "notified": Flag(gettext_lazy("true once IMY is notified")),
        "notified_at": gettext_lazy("when IMY was notified"),
        "case_number": gettext_lazy("IMY's case number"),
        "answer": gettext_lazy("IMY's decision: date / case number, outcome"),
        "fact": {
            "<key>": gettext_lazy("each fact of the notification by its key, see imy_sections")
        },
    },
    "imy_sections": [
        {
            "key": gettext_lazy("section key"),
            "title": gettext_lazy("section title"),
            "facts": [FACT],
        }
    ],
    "subjects": {
        "decision": gettext_lazy("the decision on informing the people affected"),
        "text": gettext_lazy("whether and when they were or will be told, or why not"),
        "informed_at": gettext_lazy("when they were informed"),
        "how": gettext_lazy("how they were informed"),
        "count": gettext_lazy("how many were informed"),
        "planned_on": gettext_lazy("when they will be informed"),
        "reason": gettext_lazy("why they are not informed"),
    },
    "decision": {
        "notified": Flag(gettext_lazy("true: the variant after notifying IMY")),
        "taken": Flag(gettext_lazy("true once the decision-maker has decided")),
        "maker": gettext_lazy("the decision-maker's name"),
        "maker_title": gettext_lazy("the decision-maker's job title"),
        "delegation": gettext_lazy("the point of the delegation order the decision is taken under"),
        "date": gettext_lazy("the decision date"),
        "note": gettext_lazy("the decision-maker's note"),
        "presenter": gettext_lazy("who presented the case (the case officer)"),
        "sent_to_dpo_at": gettext_lazy("when it was sent to the DPO"),
    },
}

PLACEHOLDERS: dict[str, dict[str, Any]] = {
    DocumentKind.IMY_NOTIFICATION: {
        **CASE,
        "notification": {
            "complete": Flag(
                gettext_lazy("true: complete; false: preliminary, to be supplemented")
            ),
            "kind": gettext_lazy("complete or preliminary"),
            "late": Flag(gettext_lazy("true when later than 72 hours from discovery")),
            "due_at": gettext_lazy("the 72-hour deadline"),
            "delay_reason": gettext_lazy("the reasons for the delay"),
            "other": gettext_lazy("other information, e.g. what should be kept secret"),
        },
    },
    DocumentKind.SUBJECTS_LETTER: {
        **CASE,
        "letter": {
            "what_happened": gettext_lazy("what happened and why"),
            "consequences": gettext_lazy("likely consequences"),
            "measures": gettext_lazy("measures taken or planned, also to mitigate"),
            "advice": gettext_lazy("what the people can do themselves"),
            "contact": gettext_lazy("the case officer's and the DPO's contact details"),
        },
    },
    DocumentKind.DECISION: CASE,
    DocumentKind.IMY_SUPPLEMENT: {
        **CASE,
        "supplement": {
            "first_notified_at": gettext_lazy("when IMY was first notified"),
            "previous_at": gettext_lazy("when the previous submission was made"),
            "complete": Flag(gettext_lazy("true: with this the notification is complete")),
            "kind": gettext_lazy("complete or still preliminary"),
            "content": gettext_lazy("what the supplement adds, in the case officer's words"),
            "known": Flag(
                gettext_lazy("false when Breachdesk does not know what was submitted before")
            ),
            "sections": [
                {
                    "key": gettext_lazy("section key"),
                    "title": gettext_lazy("section title"),
                    "facts": [FACT],
                }
            ],
        },
    },
    DocumentKind.COMMITTEE_REPORT: {
        **COMMON,
        "committee": {
            "name": gettext_lazy("the committee"),
            "meetings": gettext_lazy("the chosen meeting dates"),
        },
        "sections": [
            {
                "since": gettext_lazy("the meeting date of the heading"),
                "rows": [
                    {
                        "nr": gettext_lazy("running number within the year"),
                        "dnr": gettext_lazy("diary number"),
                        "event_date": gettext_lazy("the day it happened"),
                        "incident": gettext_lazy("the summary for reports, or the description"),
                        "unit": gettext_lazy("unit"),
                        "manager": gettext_lazy("the unit's responsible manager"),
                        "measures": gettext_lazy("measures"),
                        "imy_notified": gettext_lazy("Yes / No / Under investigation"),
                        "imy_decision": gettext_lazy("IMY's decision: date / case number"),
                    }
                ],
            }
        ],
    },
    DocumentKind.INCIDENT_LOG: {
        **COMMON,
        "period": {
            "start": gettext_lazy("first day"),
            "end": gettext_lazy("last day"),
            "unit": gettext_lazy("unit or empty"),
        },
        "rows": [
            {
                "reported_on": gettext_lazy("date of the report"),
                "dnr": gettext_lazy("diary number"),
                "description": gettext_lazy("description"),
                "measures": gettext_lazy("measures"),
                "dpo_contact": gettext_lazy("contact with the DPO: Yes / No"),
                "imy_notified": gettext_lazy("notified to IMY: Yes / No"),
                "assessment": gettext_lazy("the written assessment where IMY was not notified"),
            }
        ],
    },
}


def sample_context(kind: str) -> dict[str, Any]:
    """PLACEHOLDERS of `kind` as a context: every value its description, every flag true."""

    def sample(shape: Any) -> Any:
        if isinstance(shape, Flag):
            return True
        if isinstance(shape, Mapping):
            return {key: sample(value) for key, value in shape.items()}
        if isinstance(shape, list):
            return [sample(shape[0])]
        return str(shape)

    context: dict[str, Any] = sample(PLACEHOLDERS[kind])
    if "imy" in context:
        context["imy"]["fact"] = {
            fact["key"]: fact["value"]
            for section in context["imy_sections"]
            for fact in section["facts"]
        }
    return context
