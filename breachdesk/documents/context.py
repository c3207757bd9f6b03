"""What a document says: its placeholders, and the builders that fill them from a case.

A context is plain data — strings, flags, lists and dicts — built in the document's language,
so templates (built-in or a controller's own) only place and never compute. PLACEHOLDERS is
the one description of every placeholder: docs/documents.md and the placeholder page show it,
template validation renders against it, and a test checks that the builders give exactly it.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breachdesk.documents.models import DocumentKind
from breachdesk.documents.reports import CommitteeSection, LogRow
from breachdesk.incidents.models import (
    DataType,
    ImyNotification,
    Incident,
)
from breachdesk.incidents.notification import (
    FactSection,
    facts_changed,
    imy_facts,
    labels,
    local_date,
    local_datetime,
    measure_lines,
    subjects_text,
)
from breachdesk.incidents.risk import Consequence
from breachdesk.incidents.selectors import CaseFile, case_file
from breachdesk.incidents.workflow import ImyDecision
from breachdesk.orgs.models import Committee, Controller


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
        "notified": Flag(gettext_lazy("true: the variant after notifying IMY (§3.4.2)")),
        "taken": Flag(gettext_lazy("true once the decision-maker has decided")),
        "maker": gettext_lazy("the decision-maker's name"),
        "maker_title": gettext_lazy("the decision-maker's job title"),
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


# --- Builders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    kind: str
    title: str
    version: int
    language: str
    reference: str
    produced_at: datetime


def _common(controller: Controller, header: Header, assignee: Any = None) -> dict[str, Any]:
    day = local_date(header.produced_at)
    line = " · ".join(
        part
        for part in [
            _("Dnr %(number)s") % {"number": header.reference} if header.reference else "",
            day,
            _("Version %(n)s") % {"n": header.version},
        ]
        if part
    )
    return {
        "document": {
            "title": header.title,
            "date": day,
            "version": str(header.version),
            "reference": header.reference,
            "header": line,
            "language": header.language,
        },
        "controller": {
            "name": controller.name,
            "organisation_number": controller.organisation_number,
            "address": controller.address,
            "dpo_name": controller.dpo_name,
            "dpo_email": controller.dpo_email,
            "dpo_phone": controller.dpo_phone,
            "contact_name": controller.imy_contact_name
            or (assignee.get_full_name() if assignee else ""),
            "contact_email": controller.imy_contact_email or (assignee.email if assignee else ""),
            "contact_phone": controller.imy_contact_phone,
        },
    }


def _sections(sections: list[FactSection]) -> list[dict[str, Any]]:
    return [
        {
            "key": section.key,
            "title": section.title,
            "facts": [{"key": f.key, "label": f.label, "value": f.value} for f in section.facts],
        }
        for section in sections
    ]


def case_facts(incident: Incident, file: CaseFile) -> list[FactSection]:
    return imy_facts(
        incident,
        investigation=file.investigation,
        assessment=file.assessment,
        measures=file.measures,
    )


def case_context(incident: Incident, header: Header, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The context of a case document of `header.kind`, in the active language."""
    file = case_file(incident=incident)
    investigation, assessment = file.investigation, file.assessment
    facts = case_facts(incident, file)
    by_key = {fact.key: fact.value for section in facts for fact in section.facts}
    assignee = incident.assignee
    taken, planned = measure_lines(file.measures)
    notified = incident.imy_notified_at is not None
    answer = ""
    if incident.imy_answer_on is not None:
        answer = " / ".join(
            part
            for part in [
                local_date(incident.imy_answer_on),
                incident.imy_case_number,
                incident.get_imy_answer_outcome_display(),
            ]
            if part
        )
    context: dict[str, Any] = {
        **_common(incident.controller, header, assignee),
        "case": {
            "diary_number": incident.diary_number or "",
            "reference": incident.reference,
            "unit": incident.unit.name,
            "state": incident.get_state_display(),
            "registered_on": local_date(incident.registered_at),
            "case_officer": assignee.get_full_name() if assignee else "",
            "case_officer_title": assignee.title if assignee else "",
            "case_officer_email": assignee.email if assignee else "",
        },
        "incident": {
            "description": incident.description,
            "occurred_at": by_key["occurred_at"],
            "discovered_at": by_key["discovered_at"],
            "ended_at": by_key["ended"],
            "location": by_key["location"],
            "subject_categories": by_key["subject_categories"],
            "data_types": by_key["data_types"],
            "special_data": by_key["special_data"],
            "affected_count": by_key["people_count"],
            "nature": ", ".join(investigation.nature) if investigation else "",
            "cause": investigation.get_cause_display() if investigation else "",
            "cause_detail": investigation.cause_detail if investigation else "",
            "systems": investigation.systems if investigation else "",
            "public_summary": investigation.public_summary if investigation else "",
        },
        "assessment": {
            "level": assessment.get_level_display() if assessment else "",
            "severity": by_key.get("severity", ""),
            "recommendation": assessment.get_recommendation_display() if assessment else "",
            "consequences": labels(list(assessment.consequences), Consequence.choices)
            if assessment
            else "",
        },
        "measures": [
            {
                "description": measure.description,
                "responsible": str(measure.responsible),
                "due_on": local_date(measure.due_on),
                "done_on": local_date(measure.done_on),
                "status": _("done") if measure.done_on else _("open"),
            }
            for measure in file.measures
        ],
        "measures_taken": taken,
        "measures_planned": planned,
        "imy": {
            "decision": incident.get_imy_decision_display() if incident.imy_decision else "",
            "reason": incident.imy_decision_reason,
            "notified": notified,
            "notified_at": local_datetime(incident.imy_notified_at),
            "case_number": incident.imy_case_number,
            "answer": answer,
            "fact": by_key,
        },
        "imy_sections": _sections(facts),
        "subjects": {
            "decision": incident.get_subjects_decision_display()
            if incident.subjects_decision
            else "",
            "text": subjects_text(incident),
            "informed_at": local_date(incident.subjects_informed_at),
            "how": incident.subjects_informed_how,
            "count": str(incident.subjects_informed_count or ""),
            "planned_on": local_date(incident.subjects_inform_planned_on),
            "reason": incident.subjects_reason,
        },
        "decision": {
            "notified": incident.imy_decision == ImyDecision.NOTIFY,
            "taken": incident.decided_on is not None,
            "maker": incident.decision_maker.get_full_name() if incident.decision_maker else "",
            "maker_title": incident.decision_maker.title if incident.decision_maker else "",
            "date": local_date(incident.decided_on),
            "note": incident.decision_note,
            "presenter": assignee.get_full_name() if assignee else "",
            "sent_to_dpo_at": local_date(incident.sent_to_dpo_at),
        },
    }
    if header.kind == DocumentKind.IMY_NOTIFICATION:
        context["notification"] = _notification(incident, header, inputs)
    elif header.kind == DocumentKind.SUBJECTS_LETTER:
        context["letter"] = {
            key: str(inputs.get(key, "")).strip()
            for key in ("what_happened", "consequences", "measures", "advice")
        } | {"contact": letter_contact(incident)}
    elif header.kind == DocumentKind.IMY_SUPPLEMENT:
        context["supplement"] = _supplement(incident, facts, inputs)
    return context


def _notification(incident: Incident, header: Header, inputs: Mapping[str, Any]) -> dict[str, Any]:
    complete = bool(inputs.get("complete", False))
    late = header.produced_at > incident.imy_due_at
    return {
        "complete": complete,
        "kind": _("complete") if complete else _("preliminary, to be supplemented"),
        "late": late,
        "due_at": local_datetime(incident.imy_due_at),
        "delay_reason": str(inputs.get("delay_reason", "")).strip() if late else "",
        "other": str(inputs.get("other", "")).strip(),
    }


def previous_submission(incident: Incident) -> ImyNotification | None:
    """The latest submission to IMY of `incident` (the notification or a supplement)."""
    return incident.imy_notifications.order_by("-made_at", "-pk").first()


def _supplement(
    incident: Incident, facts: list[FactSection], inputs: Mapping[str, Any]
) -> dict[str, Any]:
    previous = previous_submission(incident)
    snapshot = previous.facts if previous is not None else None
    complete = bool(inputs.get("complete", False))
    return {
        "first_notified_at": local_datetime(incident.imy_notified_at),
        "previous_at": local_datetime(previous.made_at) if previous else "",
        "complete": complete,
        "kind": _("complete") if complete else _("still preliminary"),
        "content": str(inputs.get("content", "")).strip(),
        "known": snapshot is not None,
        "sections": _sections(facts_changed(facts, snapshot)),
    }


def supplement_changes(incident: Incident) -> tuple[list[FactSection], ImyNotification | None]:
    """The facts of `incident` that changed since its latest submission, and that submission."""
    previous = previous_submission(incident)
    facts = case_facts(incident, case_file(incident=incident))
    return facts_changed(facts, previous.facts if previous else None), previous


def letter_contact(incident: Incident) -> str:
    """The case officer's and the DPO's contact details, one per line."""
    controller = incident.controller
    lines = []
    if incident.assignee is not None:
        officer = incident.assignee
        lines.append(
            _("Case officer: %(who)s")
            % {
                "who": ", ".join(
                    part for part in [officer.get_full_name(), officer.title, officer.email] if part
                )
            }
        )
    dpo = ", ".join(
        part for part in [controller.dpo_name, controller.dpo_email, controller.dpo_phone] if part
    )
    if dpo:
        lines.append(_("Data protection officer: %(who)s") % {"who": dpo})
    lines.append(_("Please give the reference %(number)s.") % {"number": incident.display_number})
    return "\n".join(lines)


# Advice to the people affected, by the kind of data (seed 004 §3.3.3: "what they can do").
ADVICE: dict[str, Promise] = {
    DataType.CREDENTIALS: gettext_lazy(
        "Change your password, and the password of any other service where you use the same one."
    ),
    DataType.PERSONNUMMER: gettext_lazy(
        "Watch for attempts at fraud in your name: letters about credit, orders or changes of "
        "address you did not make. You can ask for a block on changes of address."
    ),
    DataType.FINANCIAL: gettext_lazy(
        "Check your bank and card statements, and contact your bank if something looks wrong."
    ),
    DataType.CONTACT: gettext_lazy(
        "Be wary of e-mails, text messages and calls that refer to this incident or ask for "
        "your details; we will never ask for your password."
    ),
}


def letter_defaults(incident: Incident) -> dict[str, str]:
    """A first draft of the letter's texts, from the case's facts, to be edited."""
    file = case_file(incident=incident)
    investigation, assessment = file.investigation, file.assessment
    what = incident.description
    if investigation is not None and investigation.cause_detail:
        what = investigation.cause_detail
    consequences = ""
    if assessment is not None and assessment.consequences:
        consequences = _("The incident may lead to: %(list)s.") % {
            "list": labels(list(assessment.consequences), Consequence.choices)
        }
    data_types = list(assessment.data_types) if assessment else list(incident.data_types)
    advice = [str(text) for kind, text in ADVICE.items() if kind in data_types]
    advice.append(_("If you have questions, contact us. Give the reference of this letter."))
    measures = "\n".join(measure.description for measure in file.measures)
    return {
        "what_happened": what,
        "consequences": consequences,
        "measures": measures,
        "advice": "\n".join(advice),
    }


def committee_context(
    committee: Committee, sections: list[CommitteeSection], header: Header
) -> dict[str, Any]:
    """The context of a committee report (seed 000)."""
    return {
        **_common(committee.controller, header),
        "committee": {
            "name": committee.name,
            "meetings": ", ".join(section.since.isoformat() for section in sections),
        },
        "sections": [
            {
                "since": section.since.isoformat(),
                "rows": [
                    {
                        key: str(value)
                        for key, value in asdict(row).items()
                        if key != "incident_code"
                    }
                    for row in section.rows
                ],
            }
            for section in sections
        ],
    }


def log_context(
    controller: Controller,
    rows: list[LogRow],
    header: Header,
    *,
    start: date | None,
    end: date | None,
    unit: str,
) -> dict[str, Any]:
    """The context of an incident log (seed 001)."""
    return {
        **_common(controller, header),
        "period": {
            "start": start.isoformat() if start else "",
            "end": end.isoformat() if end else "",
            "unit": unit,
        },
        "rows": [
            {key: str(value) for key, value in asdict(row).items() if key != "incident_code"}
            for row in rows
        ],
    }
