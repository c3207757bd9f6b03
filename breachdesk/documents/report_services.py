"""Reports across cases: the committee report and the incident log, each checked by the privacy
guard and produced as a version of the controller's (not of a case).

The committee report has a section of new incidents since each chosen meeting; the incident log
lists the cases reported in a period (docs/documents.md). Their rows come from ``reports``; who
may produce them is everyone who reads all the controller's cases.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record
from breachdesk.documents.models import Document, DocumentKind
from breachdesk.documents.privacy import DocumentCheck, document_check
from breachdesk.documents.production import (
    Header,
    common_context,
    document_render,
    document_store,
    document_title,
    next_version,
    production_record,
    row_lock,
    version_check,
)
from breachdesk.documents.reports import (
    CommitteeSection,
    LogRow,
    committee_report_sections,
    incident_log_rows,
)
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Committee, Controller, Meeting, Unit
from breachdesk.orgs.scoping import CONTROLLER_REPORT_ROLES, controllers_wholly_covered

# Who may produce the reports across a controller's cases: those who read all its cases.
REPORT_ROLES = CONTROLLER_REPORT_ROLES


def committee_context(
    committee: Committee, sections: list[CommitteeSection], header: Header
) -> dict[str, Any]:
    """The context of a committee report."""
    return {
        **common_context(committee.controller, header),
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
    """The context of an incident log."""
    return {
        **common_context(controller, header),
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


def report_check(*, actor: User, controller: Controller) -> None:
    """Refuse unless `actor` reads every case of `controller` (reports span all of them)."""
    if (
        not controllers_wholly_covered(user=actor, roles=REPORT_ROLES)
        .filter(pk=controller.pk)
        .exists()
    ):
        raise DomainError(
            _("Reports across cases are produced by those who read all the controller's cases.")
        )


def _report_produce(
    *,
    controller: Controller,
    kind: str,
    title: str,
    context_of: Callable[[Header], dict[str, Any]],
    inputs: Mapping[str, Any],
    masks: Collection[str],
    actor: User,
    language: str,
    builtin: bool,
    now: datetime,
) -> Document:
    report_check(actor=actor, controller=controller)
    documents = Document.objects.filter(controller=controller, kind=kind, incident__isnull=True)
    version = next_version(documents)
    header = Header(kind, title, version, language, "", now)
    check = document_check(kind, context_of(header), masks)
    if check.masks:
        inputs = {**inputs, "masks": check.masks}
    rendered = document_render(
        controller=controller, kind=kind, language=language, context=check.context, builtin=builtin
    )
    with transaction.atomic():
        row_lock(Controller, controller.pk)
        version_check(documents, version)
        document = document_store(
            controller=controller,
            incident=None,
            kind=kind,
            version=version,
            language=language,
            title=title,
            reference=slugify(controller.name)[:40],
            rendered=rendered,
            inputs=inputs,
            actor=actor,
            now=now,
        )
        audit_record(
            kind="document.produced",
            actor=actor,
            controller=controller,
            data={**production_record(document, rendered), "inputs": dict(inputs)},
            at=now,
        )
    return document


def _committee_report_refusal(committee: Committee, meetings: list[Meeting]) -> None:
    if not meetings:
        raise DomainError(_("Choose at least one meeting."))
    if any(meeting.committee_id != committee.pk for meeting in meetings):
        raise DomainError(_("Choose meetings of this committee."))


def _committee_title(committee: Committee) -> str:
    return f"{document_title(DocumentKind.COMMITTEE_REPORT)} – {committee.name}"


def _committee_sections(
    committee: Committee, meetings: list[Meeting], until: date | None
) -> list[CommitteeSection]:
    chosen = sorted(meetings, key=lambda meeting: meeting.held_on)
    return committee_report_sections(committee=committee, meetings=chosen, until=until)


def committee_report_check(
    *,
    committee: Committee,
    meetings: list[Meeting],
    language: str = "sv",
    masks: Collection[str] = (),
    until: date | None = None,
    now: datetime | None = None,
) -> DocumentCheck:
    """Check the committee report with the privacy guard, as it would be produced now."""
    # After the masks chosen, row by row, column by column.
    _committee_report_refusal(committee, meetings)
    with override(language):
        header = Header(
            DocumentKind.COMMITTEE_REPORT,
            _committee_title(committee),
            0,
            language,
            "",
            now or timezone.now(),
        )
        context = committee_context(
            committee, _committee_sections(committee, meetings, until), header
        )
        return document_check(DocumentKind.COMMITTEE_REPORT, context, masks)


def committee_report_produce(
    *,
    committee: Committee,
    meetings: list[Meeting],
    actor: User,
    language: str = "sv",
    masks: Collection[str] = (),
    builtin: bool = False,
    until: date | None = None,
    now: datetime | None = None,
) -> Document:
    """Produce a committee report: a section of new incidents since each meeting."""
    # The findings named in `masks` are replaced by neutral markers.
    now = now or timezone.now()
    _committee_report_refusal(committee, meetings)
    chosen = sorted(meetings, key=lambda meeting: meeting.held_on)
    with override(language):
        return _report_produce(
            controller=committee.controller,
            kind=DocumentKind.COMMITTEE_REPORT,
            title=_committee_title(committee),
            context_of=lambda header: committee_context(
                committee, _committee_sections(committee, chosen, until), header
            ),
            inputs={
                "committee": committee.pk,
                "meetings": [meeting.held_on.isoformat() for meeting in chosen],
            },
            masks=masks,
            actor=actor,
            language=language,
            builtin=builtin,
            now=now,
        )


def _incident_log_refusal(
    controller: Controller, start: date | None, end: date | None, unit: Unit | None
) -> None:
    if start is not None and end is not None and end < start:
        raise DomainError(_("The last day cannot be before the first day."))
    if unit is not None and unit.controller_id != controller.pk:
        raise DomainError(_("Choose a unit of this controller."))


def _incident_log_title(start: date | None, end: date | None) -> str:
    period = " – ".join(day.isoformat() if day else "…" for day in (start, end))
    return f"{document_title(DocumentKind.INCIDENT_LOG)} {period}"


def _incident_log_context(
    controller: Controller,
    start: date | None,
    end: date | None,
    unit: Unit | None,
    header: Header,
) -> dict[str, Any]:
    rows: list[LogRow] = incident_log_rows(
        controller=controller, reported_from=start, reported_to=end, unit=unit
    )
    return log_context(
        controller, rows, header, start=start, end=end, unit=unit.name if unit else ""
    )


def incident_log_check(
    *,
    controller: Controller,
    start: date | None,
    end: date | None,
    unit: Unit | None,
    language: str = "sv",
    masks: Collection[str] = (),
    now: datetime | None = None,
) -> DocumentCheck:
    """Check the incident log with the privacy guard, as it would be produced now."""
    # After the masks chosen, row by row, column by column.
    _incident_log_refusal(controller, start, end, unit)
    with override(language):
        header = Header(
            DocumentKind.INCIDENT_LOG,
            _incident_log_title(start, end),
            0,
            language,
            "",
            now or timezone.now(),
        )
        context = _incident_log_context(controller, start, end, unit, header)
        return document_check(DocumentKind.INCIDENT_LOG, context, masks)


def incident_log_produce(
    *,
    controller: Controller,
    start: date | None,
    end: date | None,
    unit: Unit | None,
    actor: User,
    language: str = "sv",
    masks: Collection[str] = (),
    builtin: bool = False,
    now: datetime | None = None,
) -> Document:
    """Produce an incident log of the cases reported in a period."""
    # The findings named in `masks` are replaced by neutral markers.
    now = now or timezone.now()
    _incident_log_refusal(controller, start, end, unit)
    with override(language):
        return _report_produce(
            controller=controller,
            kind=DocumentKind.INCIDENT_LOG,
            title=_incident_log_title(start, end),
            context_of=lambda header: _incident_log_context(controller, start, end, unit, header),
            inputs={
                "start": start.isoformat() if start else "",
                "end": end.isoformat() if end else "",
                "unit": unit.pk if unit else None,
            },
            masks=masks,
            actor=actor,
            language=language,
            builtin=builtin,
            now=now,
        )
