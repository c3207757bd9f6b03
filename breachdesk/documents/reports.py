"""The rows of the cross-case reports, as pure data for the renderers.

The committee report: "Nya incidenter sedan sammanträdet <date>", one section per chosen
meeting, with Nr, Dnr, Händelsedatum, Incident, Enhet, Ansvarig chef, Åtgärd, Anmälan till IMY
and Beslut från IMY. The incident log: Datum för anmälan and case id, Beskrivning, Åtgärder,
Kontakt med dataskyddsombud, Anmälan till IMY and the written assessment that justifies not
notifying (docs/documents.md).

A case marked as protected (OSL) keeps its row, so that Nr and the counts stay right, but
shows only what a public diary shows of it: its Nr and diary number, and in the incident log
the day it was reported (received). Every other text of the row is PROTECTED_LABEL.

Only registered incidents appear: a report without a diary number is not yet a case. Dates are
days in Europe/Stockholm. Labels are translated when a row is built, so the caller activates
the document's language first. The caller decides who may produce a report (these selectors
take a committee or a controller, not a user).

A year of a large controller is thousands of rows: they are read as plain values (`_Case`),
not model instances, in a constant number of queries whatever their number
(tests/test_report_queries.py).
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from breachdesk.documents.report_managers import ManagerNames
from breachdesk.incidents.imy import yes_no
from breachdesk.incidents.models import Contact, ContactParty, Incident, Measure
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import STOCKHOLM, swedish_day
from breachdesk.orgs.models import Committee, Controller, Meeting, Unit

# States in which the case's investigation and decisions are over: the committee report
# stops saying "Under investigation" in the measures column.
_FINISHED_STATES = frozenset({State.DECIDED, State.CLOSED})


@dataclass(frozen=True)
class CommitteeRow:
    """One row of the committee report's table; every value is text for the document but `nr`."""

    nr: int  # running number in the year of registration, over all the controller's incidents
    dnr: str  # diary number
    event_date: str  # when it happened, YYYY-MM-DD (Stockholm)
    incident: str  # the investigation's public summary, else the report's description
    unit: str
    manager: str  # the unit's responsible manager (nearest level), "" if none
    measures: str  # the measures, then "Under investigation" until the case is decided
    imy_notified: str  # Incident.imy_status: Yes / No / Under investigation / To be notified
    imy_decision: str  # IMY's answer: "YYYY-MM-DD / <IMY's case number>", "" before it
    incident_code: str  # the incident's UUID


@dataclass(frozen=True)
class CommitteeSection:
    since: date  # "Nya incidenter sedan sammanträdet <since>"
    rows: list[CommitteeRow]


@dataclass(frozen=True)
class LogRow:
    """One row of the incident log."""

    reported_on: str  # YYYY-MM-DD (Stockholm)
    dnr: str  # diary number
    description: str  # the report's description, then the investigation's findings
    measures: str  # one measure a line, "… (done YYYY-MM-DD)" when done
    dpo_contact: str  # Yes / No
    imy_notified: str  # Yes / No
    assessment: str  # why IMY was not notified, or why it is not an incident; "" if notified
    incident_code: str  # the incident's UUID


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM)


def _today() -> date:
    return swedish_day(timezone.now())


@dataclass(frozen=True, slots=True)
class _Case:
    """What a row of a report reads of a registered incident, its unit and its investigation:
    plain values from one query, not model instances (a year of a large register is
    thousands of rows). Field names are the incident's, or the related field's path."""

    pk: int
    code: uuid.UUID
    reference: str
    diary_number: str | None
    state: str
    protected: bool
    description: str
    occurred_at: datetime
    reported_at: datetime
    registered_at: datetime | None
    imy_decision: str
    imy_decision_reason: str
    imy_notified_at: datetime | None
    imy_case_number: str
    imy_answer_on: date | None
    not_an_incident: bool
    closing_note: str
    unit_id: int
    unit__name: str
    unit__path: str
    investigation__public_summary: str | None
    investigation__cause_detail: str | None
    investigation__dpo_consulted: bool | None

    @property
    def display_number(self) -> str:
        number: str = Incident.display_number.fget(self)  # type: ignore[attr-defined]
        return number

    @property
    def imy_status(self) -> str:
        # The incident's own rule, on these values.
        return str(Incident.imy_status.fget(self))  # type: ignore[attr-defined]

    @property
    def imy_reported(self) -> str:
        return str(Incident.imy_reported.fget(self))  # type: ignore[attr-defined]


_CASE_FIELDS = tuple(field.name for field in fields(_Case))


def _report_incidents() -> QuerySet[Incident]:
    """Registered incidents (the caller filters and orders them; `_cases` reads them)."""
    return Incident.objects.filter(registered_at__isnull=False)


@dataclass(frozen=True, slots=True)
class _Measure:
    description: str
    done_on: date | None


def _cases(incidents: QuerySet[Incident]) -> tuple[list[_Case], dict[int, list[_Measure]]]:
    """The rows of `incidents` with their unit and investigation, and their measures by
    incident, in order of entry: two queries, whatever the number of rows."""
    cases = [_Case(*values) for values in incidents.values_list(*_CASE_FIELDS)]
    measures: dict[int, list[_Measure]] = {}
    if cases:
        rows: Any = (
            Measure.objects.filter(incident__in=incidents.values("pk"))
            .order_by("incident_id", "pk")
            .values_list("incident_id", "description", "done_on")
        )
        for incident_id, description, done_on in rows:
            measures.setdefault(incident_id, []).append(_Measure(description, done_on))
    return cases, measures


def _measure_texts(measures: list[_Measure]) -> list[str]:
    return [measure.description.strip() for measure in measures]


def _contacts(
    incidents: QuerySet[Incident], *, dated: bool = False, coordinated: set[int] | None = None
) -> dict[int, list[str]]:
    """The contacts of `incidents` as the reports write them ("Kontakt togs med …", then what
    came of it; in the log with the date first), by incident, in date order: one query."""
    labels = dict(ContactParty.choices)
    found: dict[int, list[str]] = {}
    rows: Any = (
        Contact.objects.filter(incident__in=incidents.values("pk"))
        .order_by("incident_id", "contacted_on", "pk")
        .values_list("incident_id", "party", "name", "outcome", "contacted_on")
    )
    for incident_id, party, name, outcome, contacted_on in rows:
        if coordinated is not None and party == ContactParty.DPO_COORDINATOR:
            coordinated.add(incident_id)
        whom = (name or "").strip() or str(labels.get(party, party))
        sentence = gettext("Contact was made with %(whom)s.") % {"whom": whom}
        if (outcome or "").strip():
            sentence = f"{sentence} {_sentence(outcome.strip())}"
        if dated:
            sentence = f"{contacted_on.isoformat()} {sentence}"
        found.setdefault(incident_id, []).append(sentence)
    return found


def _sentence(text: str) -> str:
    """`text` ending as a sentence does."""
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


ONE_LINE = 200  # characters of the report's text in the committee report's Incident column


def one_line(text: str, limit: int = ONE_LINE) -> str:
    """The first sentence of `text`, on one line, cut at a word boundary when it is long:
    the committee report's Incident column (the summary for reports is used whole)."""
    flat = " ".join(text.split())
    for end in (". ", "! ", "? "):
        at = flat.find(end)
        if at >= 0:
            flat = flat[: at + 1]
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"


# The committee report -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    since: date
    start: datetime  # inclusive
    end: datetime  # exclusive


def _windows(*, committee: Committee, chosen: list[date], until: date) -> list[_Window]:
    held = set(
        Meeting.objects.filter(committee=committee, held_on__gt=chosen[0]).values_list(
            "held_on", flat=True
        )
    )
    later = sorted(held | set(chosen))
    windows = []
    for since in chosen:
        following = next((day for day in later if day > since), None)
        if following is not None and following <= until:
            end = _day_start(following)
        else:
            end = _day_start(until + timedelta(days=1))
        start = _day_start(since)
        windows.append(_Window(since=since, start=start, end=max(start, end)))
    return windows


def _years_of(window: _Window) -> range:
    last_day = swedish_day(window.end - timedelta(microseconds=1))
    return range(window.since.year, max(window.since.year, last_day.year) + 1)


def _first_numbers(*, controller_id: int, windows: list[_Window]) -> dict[tuple[int, int], int]:
    """How many of the controller's incidents of each calendar year were registered before
    each window's part of that year: the Nr of its first row is one more (one query)."""
    before: dict[tuple[int, int], int] = {}
    counts: dict[str, Count] = {}
    for index, window in enumerate(windows):
        for year in _years_of(window):
            year_start = _day_start(date(year, 1, 1))
            part_start = max(window.start, year_start)
            if part_start == year_start or window.start == window.end:
                before[(index, year)] = 0
            else:
                span = Q(registered_at__gte=year_start, registered_at__lt=part_start)
                counts[f"w{index}_{year}"] = Count("pk", filter=span)
    if counts:
        totals = Incident.objects.filter(
            controller_id=controller_id, registered_at__isnull=False
        ).aggregate(**counts)
        for key, total in totals.items():
            window_index, year_text = key[1:].split("_")
            before[(int(window_index), int(year_text))] = int(total)
    return before


def protected_label() -> str:
    """What a report shows instead of the texts of a protected case, in the active language."""
    return gettext("Protected (OSL)")


def _committee_row_protected(incident: _Case, *, nr: int) -> CommitteeRow:
    label = protected_label()
    return CommitteeRow(
        nr=nr,
        dnr=incident.display_number,
        event_date=label,
        incident=label,
        unit=label,
        manager=label,
        measures=label,
        imy_notified=label,
        imy_decision=label,
        incident_code=str(incident.code),
    )


def _committee_row(
    incident: _Case,
    measures_of: list[_Measure],
    *,
    nr: int,
    managers: ManagerNames,
    contacts: Sequence[str] = (),
) -> CommitteeRow:
    if incident.protected:
        return _committee_row_protected(incident, nr=nr)
    summary = (incident.investigation__public_summary or "").strip()
    measures = [*contacts, *(_sentence(text) for text in _measure_texts(measures_of) if text)]
    # A committee report ends the measures of a case still being worked on with "Utredning
    # pågår" (Under investigation).
    if incident.state not in _FINISHED_STATES:
        measures.append(gettext("Under investigation"))
    decision = ""
    if incident.imy_answer_on is not None:
        decision = incident.imy_answer_on.isoformat()
        if incident.imy_case_number:
            decision = f"{decision} / {incident.imy_case_number}"
    return CommitteeRow(
        nr=nr,
        dnr=incident.display_number,
        event_date=swedish_day(incident.occurred_at).isoformat(),
        incident=summary or one_line(incident.description),
        unit=incident.unit__name,
        manager=managers.name(incident.unit_id, incident.unit__path),
        measures=" ".join(measures),
        imy_notified=incident.imy_reported,
        imy_decision=decision,
        incident_code=str(incident.code),
    )


def committee_report_sections(
    *, committee: Committee, meetings: Sequence[Meeting], until: date | None = None
) -> list[CommitteeSection]:
    """Return the sections "new incidents since the meeting D" for the chosen meetings.

    For each chosen meeting D (in date order): the controller's incidents registered on or
    after day D and before the committee's next meeting after D, or up to and including
    `until` (default today) when there is no later meeting or it lies after `until`. Nr runs
    within the calendar year of registration over all the controller's registered incidents,
    in order of registration.
    """
    if any(meeting.committee_id != committee.pk for meeting in meetings):
        raise ValueError("every meeting must be one of the committee's")
    chosen = sorted({meeting.held_on for meeting in meetings})
    if not chosen:
        return []
    windows = _windows(committee=committee, chosen=chosen, until=until or _today())
    first = _first_numbers(controller_id=committee.controller_id, windows=windows)
    spans = Q()
    for window in windows:
        if window.start < window.end:
            spans |= Q(registered_at__gte=window.start, registered_at__lt=window.end)
    incidents: Iterable[_Case] = []
    measures: dict[int, list[_Measure]] = {}
    contacts: dict[int, list[str]] = {}
    if spans:
        chosen_cases = (
            _report_incidents()
            .filter(spans, controller_id=committee.controller_id)
            .order_by("registered_at", "pk")
        )
        incidents, measures = _cases(chosen_cases)
        contacts = _contacts(chosen_cases)
    managers = ManagerNames(committee.controller_id)
    rows: list[list[CommitteeRow]] = [[] for _window in windows]
    numbers = dict(first)
    index = 0
    for incident in incidents:
        registered = incident.registered_at
        if registered is None:  # excluded by the query; this tells the type checker
            continue
        while registered >= windows[index].end:
            index += 1
        year = swedish_day(registered).year
        numbers[(index, year)] += 1
        rows[index].append(
            _committee_row(
                incident,
                measures.get(incident.pk, []),
                nr=numbers[(index, year)],
                managers=managers,
                contacts=contacts.get(incident.pk, []),
            )
        )
    return [
        CommitteeSection(since=window.since, rows=section)
        for window, section in zip(windows, rows, strict=True)
    ]


# The incident log -----------------------------------------------------------------------------


def _measure_line(measure: _Measure) -> str:
    """A measure as the log writes it: its date first when it is done."""
    text = _sentence(measure.description.strip())
    if measure.done_on is None:
        return text
    return f"{measure.done_on.isoformat()} {text}"


def _assessment(incident: _Case) -> str:
    if incident.imy_notified_at is not None:
        return ""
    if incident.not_an_incident:
        return incident.closing_note.strip()
    return incident.imy_decision_reason.strip()


def _log_row_protected(incident: _Case) -> LogRow:
    label = protected_label()
    return LogRow(
        reported_on=swedish_day(incident.reported_at).isoformat(),
        dnr=incident.display_number,
        description=label,
        measures=label,
        dpo_contact=label,
        imy_notified=label,
        assessment=label,
        incident_code=str(incident.code),
    )


def _log_row(
    incident: _Case,
    measures: list[_Measure],
    contacts: Sequence[str] = (),
    *,
    coordinated: bool = False,
) -> LogRow:
    if incident.protected:
        return _log_row_protected(incident)
    lines = [*contacts, *(_measure_line(measure) for measure in measures)]
    assessment = _assessment(incident)
    if assessment:
        # The log's measures end with the written assessment where IMY is not notified.
        lines.append(gettext("Assessment: %(text)s") % {"text": assessment})
    description = incident.description.strip()
    cause_detail = (incident.investigation__cause_detail or "").strip()
    if cause_detail:
        description = f"{description}\n\n{cause_detail}"
    return LogRow(
        reported_on=swedish_day(incident.reported_at).isoformat(),
        dnr=incident.display_number,
        description=description,
        measures="\n".join(lines),
        dpo_contact=yes_no(bool(incident.investigation__dpo_consulted) or coordinated),
        imy_notified=yes_no(incident.imy_notified_at is not None),
        assessment=_assessment(incident),
        incident_code=str(incident.code),
    )


def incident_log_rows(
    *,
    controller: Controller,
    reported_from: date | None,
    reported_to: date | None,
    unit: Unit | None = None,
) -> list[LogRow]:
    """Return the incident log: the controller's registered incidents reported in the period.

    Both days are included, as days in Stockholm; either may be left open. `unit` includes
    its sub-units. Newest report first.
    """
    incidents = _report_incidents().filter(controller=controller)
    if reported_from is not None:
        incidents = incidents.filter(reported_at__gte=_day_start(reported_from))
    if reported_to is not None:
        incidents = incidents.filter(reported_at__lt=_day_start(reported_to + timedelta(days=1)))
    if unit is not None:
        if unit.controller_id != controller.pk:
            raise ValueError("the unit must be one of the controller's")
        incidents = incidents.filter(unit__path__startswith=unit.path)
    # Newest report first, as the log is kept.
    chosen = incidents.order_by("-reported_at", "-pk")
    cases, measures = _cases(chosen)
    coordinated: set[int] = set()
    contacts = _contacts(chosen, dated=True, coordinated=coordinated)
    return [
        _log_row(
            incident,
            measures.get(incident.pk, []),
            contacts.get(incident.pk, []),
            coordinated=incident.pk in coordinated,
        )
        for incident in cases
    ]
