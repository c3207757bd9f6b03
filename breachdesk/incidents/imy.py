"""What a notification to IMY says: the case's facts in the order of IMY's e-service.

`imy_facts()` reads a case and returns its facts as sections of fields, each with a stable key,
a label and a value in the active language, and a raw value that does not depend on the
language. The IMY draft shows them; a submission stores the raw values it was made with, so
that a supplement (art. 33.4) holds only the fields whose raw value changed since.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from breachdesk.incidents.models import (
    Art34Exception,
    DataType,
    Incident,
    Investigation,
    Location,
    Measure,
    RiskAssessment,
    SubjectCategory,
)
from breachdesk.incidents.risk.inputs import Consequence
from breachdesk.incidents.vocabulary import CALLED_OUT_DATA_TYPES
from breachdesk.incidents.workflow import SubjectsDecision
from breachdesk.lib.deadlines import STOCKHOLM


def local_datetime(value: datetime | None) -> str:
    """A moment as Swedish documents write it: YYYY-MM-DD HH:MM, Stockholm time."""
    return value.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M") if value else ""


def local_date(value: date | datetime | None) -> str:
    """A day as YYYY-MM-DD (a moment counts as its day in Stockholm)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(STOCKHOLM).date()
    return value.isoformat()


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def labels(codes: list[str], choices: Any) -> str:
    """Codes of a choice list as their labels, joined, in the order of the choices."""
    names = dict(choices)
    return ", ".join(str(names[code]) for code in names if code in codes)


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: str
    raw: Any


@dataclass(frozen=True)
class FactSection:
    key: str
    title: str
    facts: list[Fact]


SECTION_TITLES: dict[str, Promise] = {
    "controller": gettext_lazy("The controller"),
    "notification": gettext_lazy("The notification"),
    "timeline": gettext_lazy("When"),
    "what": gettext_lazy("What happened"),
    "people": gettext_lazy("The people affected"),
    "data": gettext_lazy("The personal data"),
    "consequences": gettext_lazy("Likely consequences"),
    "measures": gettext_lazy("Measures"),
    "subjects": gettext_lazy("Informing the people affected"),
}


def _about(value: datetime | None, approximate: bool) -> str:
    text = local_datetime(value)
    return f"{text} ({_('approximately')})" if text and approximate else text


def measure_lines(measures: list[Measure]) -> tuple[str, str]:
    """The measures taken and the measures planned, one per line."""
    taken = [
        f"{measure.description} ({_('done')} {local_date(measure.done_on)})"
        for measure in measures
        if measure.done_on is not None
    ]
    planned = [
        measure.description
        + (f" ({_('due')} {local_date(measure.due_on)})" if measure.due_on else "")
        for measure in measures
        if measure.done_on is None
    ]
    return "\n".join(taken), "\n".join(planned)


def subjects_text(incident: Incident) -> str:
    """Whether and when the people affected were or will be told, or why not, as a sentence."""
    if incident.subjects_decision == SubjectsDecision.INFORM:
        if incident.subjects_informed_at is not None:
            count = incident.subjects_informed_count
            words = {
                "date": local_date(incident.subjects_informed_at),
                "how": incident.subjects_informed_how or "–",
                "count": count if count is not None else "–",
            }
            if count is None:
                return _("They were informed on %(date)s (%(how)s).") % words
            return (
                ngettext(
                    "They were informed on %(date)s (%(how)s, %(count)s person).",
                    "They were informed on %(date)s (%(how)s, %(count)s people).",
                    count,
                )
                % words
            )
        if incident.subjects_inform_planned_on is not None:
            return _("They will be informed on %(date)s.") % {
                "date": local_date(incident.subjects_inform_planned_on)
            }
        return _("They will be informed without undue delay.")
    if incident.subjects_decision == SubjectsDecision.EXCEPTION:
        return _("They are not informed: %(exception)s. %(reason)s") % {
            "exception": Art34Exception(incident.subjects_exception).label
            if incident.subjects_exception
            else "",
            "reason": incident.subjects_reason,
        }
    if incident.subjects_decision == SubjectsDecision.NOT_REQUIRED:
        return _("They are not informed: the risk is not high. %(reason)s") % {
            "reason": incident.subjects_reason
        }
    return _("Not decided yet.")


def imy_facts(
    incident: Incident,
    *,
    investigation: Investigation | None,
    assessment: RiskAssessment | None,
    measures: list[Measure],
) -> list[FactSection]:
    """The facts a notification to IMY gives about `incident`, in the order of IMY's e-service.

    Labels and values are in the active language; `raw` values are not, so two snapshots can be
    compared whatever language they were taken in.
    """
    controller = incident.controller
    sections: dict[str, list[Fact]] = {key: [] for key in SECTION_TITLES}

    def add(section: str, key: str, label: str, value: str, raw: Any = None) -> None:
        sections[section].append(Fact(key, label, value, value if raw is None else raw))

    contact = ", ".join(
        part
        for part in [
            controller.imy_contact_name
            or (incident.assignee.get_full_name() if incident.assignee else ""),
            controller.imy_contact_email or (incident.assignee.email if incident.assignee else ""),
            controller.imy_contact_phone,
        ]
        if part
    )
    dpo = ", ".join(
        part for part in [controller.dpo_name, controller.dpo_email, controller.dpo_phone] if part
    )
    add("controller", "controller_name", _("Name of the controller"), controller.name)
    add(
        "controller",
        "organisation_number",
        _("Organisation number"),
        controller.organisation_number,
    )
    add("controller", "postal_address", _("Postal address"), controller.address)
    add("controller", "our_reference", _("Our reference"), incident.display_number)
    add("controller", "contact", _("Contact person"), contact)
    add("controller", "dpo", _("Data protection officer"), dpo)

    add(
        "timeline",
        "occurred_at",
        _("When the incident happened"),
        _about(incident.occurred_at, incident.occurred_approximate),
        local_datetime(incident.occurred_at),
    )
    add(
        "timeline",
        "discovered_at",
        _("When it was discovered"),
        _about(incident.discovered_at, incident.discovered_approximate),
        local_datetime(incident.discovered_at),
    )
    ended = ""
    if investigation is not None and investigation.has_ended is True:
        ended = local_datetime(investigation.ended_at) or _("Yes")
    elif investigation is not None and investigation.has_ended is False:
        ended = _("No, it is still going on")
    add("timeline", "ended", _("When the incident ended"), ended or _("Not known yet"), ended)

    add("what", "description", _("What happened"), incident.description)
    if investigation is not None:
        add("what", "cause_detail", _("How it happened"), investigation.cause_detail)
        add("what", "nature", _("Nature of the breach"), ", ".join(investigation.nature))
        add("what", "cause", _("Cause"), investigation.get_cause_display(), investigation.cause)
        add("what", "systems", _("Systems involved"), investigation.systems)
    where = (
        _("At a processor: %(name)s") % {"name": incident.processor_name}
        if incident.location == Location.PROCESSOR
        else str(Location(incident.location).label)
    )
    add(
        "what",
        "location",
        _("Where it happened"),
        where,
        [incident.location, incident.processor_name],
    )

    categories = labels(incident.subject_categories, SubjectCategory.choices)
    if incident.subject_categories_other:
        categories = ", ".join(filter(None, [categories, incident.subject_categories_other]))
    add(
        "people",
        "subject_categories",
        _("Categories of people"),
        categories,
        [sorted(incident.subject_categories), incident.subject_categories_other],
    )
    people = assessment.people_count if assessment and assessment.people_count else None
    count = people if people is not None else incident.affected_count
    approximate = people is None and incident.affected_count_estimated
    add(
        "people",
        "people_count",
        _("Approximate number of people"),
        (_("about %(n)s") % {"n": count}) if approximate else str(count),
        count,
    )
    records = assessment.record_count if assessment else None
    add(
        "people",
        "record_count",
        _("Approximate number of records"),
        str(records) if records is not None else _("Not known yet"),
        records,
    )

    data_types = list(assessment.data_types) if assessment else list(incident.data_types)
    data_text = labels(data_types, DataType.choices)
    if incident.data_types_other:
        data_text = ", ".join(filter(None, [data_text, incident.data_types_other]))
    add(
        "data",
        "data_types",
        _("Categories of personal data"),
        data_text,
        [sorted(data_types), incident.data_types_other],
    )
    special = [kind for kind in CALLED_OUT_DATA_TYPES if kind in data_types]
    add(
        "data",
        "special_data",
        _("Special categories and other sensitive data"),
        labels(special, DataType.choices) or _("None"),
        sorted(special),
    )

    if assessment is not None:
        add(
            "consequences",
            "consequences",
            _("Likely consequences"),
            labels(list(assessment.consequences), Consequence.choices) or _("None identified"),
            sorted(assessment.consequences),
        )
        add(
            "consequences",
            "severity",
            _("Severity"),
            f"{assessment.get_band_display()} (SE {assessment.score})",
            [assessment.band, str(assessment.score)],
        )
        add("consequences", "risk", _("Risk"), assessment.get_level_display(), assessment.level)
    else:
        add("consequences", "consequences", _("Likely consequences"), _("Not assessed yet"), None)

    taken, planned = measure_lines(measures)
    add("measures", "measures_taken", _("Measures taken"), taken or _("None yet"), taken)
    add("measures", "measures_planned", _("Measures planned"), planned or _("None"), planned)

    add(
        "subjects",
        "subjects",
        _("Whether the people affected are told"),
        subjects_text(incident),
        [
            incident.subjects_decision,
            incident.subjects_exception,
            incident.subjects_reason,
            local_date(incident.subjects_inform_planned_on),
            local_date(incident.subjects_informed_at),
        ],
    )
    return [
        FactSection(key, str(SECTION_TITLES[key]), facts)
        for key, facts in sections.items()
        if facts
    ]


def facts_snapshot(sections: list[FactSection]) -> dict[str, Any]:
    """The raw values of `sections`, by key: what a submission stores."""
    return {fact.key: fact.raw for section in sections for fact in section.facts}


def facts_changed(sections: list[FactSection], before: dict[str, Any] | None) -> list[FactSection]:
    """The facts of `sections` whose raw value differs from the snapshot `before` (all of them
    when there is no snapshot), keeping their sections and order."""
    if before is None:
        return sections
    changed = [
        FactSection(
            section.key,
            section.title,
            [fact for fact in section.facts if _json(fact.raw) != _json(before.get(fact.key))],
        )
        for section in sections
    ]
    return [section for section in changed if section.facts]


def _json(value: Any) -> Any:
    # A snapshot read back from JSON has lists where tuples were, and None for missing keys.
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    return value


def imy_facts_of(incident: Incident) -> list[FactSection]:
    """imy_facts() of `incident`, reading its investigation, assessment and measures."""
    return imy_facts(
        incident,
        investigation=Investigation.objects.filter(incident=incident).first(),
        assessment=RiskAssessment.objects.filter(incident=incident).first(),
        measures=list(incident.measures.order_by("pk")),
    )
