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
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from breachdesk.incidents.imy import yes_no
from breachdesk.incidents.models import Incident, Investigation, Measure
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.models import Committee, Controller, Meeting, Membership, Role, Unit

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


def _local_date(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()


def _today() -> date:
    return _local_date(timezone.now())


def _report_incidents() -> QuerySet[Incident]:
    """Registered incidents with what a row shows, in two queries: the incidents with their
    unit and investigation, then all their measures."""
    return (
        Incident.objects.filter(registered_at__isnull=False)
        .select_related("unit", "investigation")
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("pk")))
    )


def _investigation_of(incident: Incident) -> Investigation | None:
    try:
        return incident.investigation
    except ObjectDoesNotExist:
        return None


class _ManagerNames:
    """The responsible manager (the report's "Ansvarig chef") of each unit of one controller.

    The same rule as orgs.services.nearest_role_holder (the unit, then each parent with
    memberships that include sub-units, then controller-wide; active people only; the first
    membership at the nearest level), but from one query of the controller's responsible
    managers, and cached per unit: a report of thousands of rows costs one query, not one
    per row or per unit.
    """

    def __init__(self, controller_id: int) -> None:
        self._controller_id = controller_id
        self._by_unit: dict[int | None, list[Membership]] | None = None
        self._names: dict[int, str] = {}

    def _memberships(self) -> dict[int | None, list[Membership]]:
        if self._by_unit is None:
            self._by_unit = {}
            memberships = (
                Membership.objects.filter(
                    controller_id=self._controller_id,
                    role=Role.RESPONSIBLE_MANAGER,
                    user__is_active=True,
                )
                .select_related("user")
                .order_by("pk")
            )
            for membership in memberships:
                self._by_unit.setdefault(membership.unit_id, []).append(membership)
        return self._by_unit

    def name(self, unit: Unit) -> str:
        if unit.pk not in self._names:
            self._names[unit.pk] = self._resolve(unit)
        return self._names[unit.pk]

    def _resolve(self, unit: Unit) -> str:
        by_unit = self._memberships()
        ancestor_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
        levels: list[int | None] = [*reversed(ancestor_ids), None]
        for level in levels:
            for membership in by_unit.get(level, []):
                if level == unit.pk or level is None or membership.include_subunits:
                    return str(membership.user)
        return ""


def _measure_texts(incident: Incident) -> list[str]:
    return [measure.description.strip() for measure in incident.measures.all()]


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
    last_day = _local_date(window.end - timedelta(microseconds=1))
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


def _committee_row_protected(incident: Incident, *, nr: int) -> CommitteeRow:
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


def _committee_row(incident: Incident, *, nr: int, managers: _ManagerNames) -> CommitteeRow:
    if incident.protected:
        return _committee_row_protected(incident, nr=nr)
    investigation = _investigation_of(incident)
    summary = investigation.public_summary.strip() if investigation is not None else ""
    measures = _measure_texts(incident)
    # Seed 000 ends the measures of a case still being worked on with "Utredning pågår".
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
        event_date=_local_date(incident.occurred_at).isoformat(),
        incident=summary or incident.description.strip(),
        unit=incident.unit.name,
        manager=managers.name(incident.unit),
        measures=" ".join(measures),
        imy_notified=str(incident.imy_status),
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
    incidents: Iterable[Incident] = []
    if spans:
        incidents = (
            _report_incidents()
            .filter(spans, controller_id=committee.controller_id)
            .order_by("registered_at", "pk")
        )
    managers = _ManagerNames(committee.controller_id)
    rows: list[list[CommitteeRow]] = [[] for _window in windows]
    numbers = dict(first)
    index = 0
    for incident in incidents:
        registered = incident.registered_at
        if registered is None:  # excluded by the query; this tells the type checker
            continue
        while registered >= windows[index].end:
            index += 1
        year = _local_date(registered).year
        numbers[(index, year)] += 1
        rows[index].append(_committee_row(incident, nr=numbers[(index, year)], managers=managers))
    return [
        CommitteeSection(since=window.since, rows=section)
        for window, section in zip(windows, rows, strict=True)
    ]


# The incident log -----------------------------------------------------------------------------


def _measure_line(measure: Measure) -> str:
    text = measure.description.strip()
    if measure.done_on is None:
        return text
    return f"{text} ({gettext('done')} {measure.done_on.isoformat()})"


def _assessment(incident: Incident) -> str:
    if incident.imy_notified_at is not None:
        return ""
    if incident.not_an_incident:
        return incident.closing_note.strip()
    return incident.imy_decision_reason.strip()


def _log_row_protected(incident: Incident) -> LogRow:
    label = protected_label()
    return LogRow(
        reported_on=_local_date(incident.reported_at).isoformat(),
        dnr=incident.display_number,
        description=label,
        measures=label,
        dpo_contact=label,
        imy_notified=label,
        assessment=label,
        incident_code=str(incident.code),
    )


def _log_row(incident: Incident) -> LogRow:
    if incident.protected:
        return _log_row_protected(incident)
    investigation = _investigation_of(incident)
    description = incident.description.strip()
    if investigation is not None and investigation.cause_detail.strip():
        description = f"{description}\n\n{investigation.cause_detail.strip()}"
    dpo = investigation is not None and investigation.dpo_consulted
    return LogRow(
        reported_on=_local_date(incident.reported_at).isoformat(),
        dnr=incident.display_number,
        description=description,
        measures="\n".join(_measure_line(measure) for measure in incident.measures.all()),
        dpo_contact=yes_no(dpo),
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
    its sub-units. Oldest report first.
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
    return [_log_row(incident) for incident in incidents.order_by("reported_at", "pk")]
