"""What a case document says: the builders that fill its placeholders from the case, and the
first drafts of the letter's texts.

Built in the active language (the document's); PLACEHOLDERS (``placeholders``) describes what
they give, and a test checks that they give exactly it.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breachdesk.documents.models import DocumentKind
from breachdesk.documents.production import Header, common_context
from breachdesk.incidents.imy import (
    FactSection,
    facts_changed,
    imy_facts,
    labels,
    local_date,
    local_datetime,
    measure_lines,
    subjects_text,
)
from breachdesk.incidents.models import (
    DataType,
    ImyNotification,
    Incident,
)
from breachdesk.incidents.risk.inputs import Consequence
from breachdesk.incidents.selectors import CaseFile, case_file
from breachdesk.incidents.workflow import ImyDecision
from breachdesk.orgs.models import Delegation


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


def _delegation(incident: Incident) -> str:
    """The point of the delegation order under which the decision-maker decides."""
    if incident.decision_maker_id is None:
        return ""
    found = Delegation.objects.filter(
        controller_id=incident.controller_id, user_id=incident.decision_maker_id
    ).first()
    return found.point if found else ""


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
        **common_context(incident.controller, header, assignee),
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
            "delegation": _delegation(incident),
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


# Advice to the people affected, by the kind of data: "what they can do" to mitigate the
# consequences (GDPR art. 34.2 with art. 33.3 d).
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
