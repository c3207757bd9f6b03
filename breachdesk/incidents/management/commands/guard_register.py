"""breachdesk guard_register: list the cases whose free texts hold personal data, for a clean-up.

Reports written before the privacy guard read the report form may carry personnummer, names or
e-mail addresses in their texts. This reads every case of the register (or of one controller)
with the guard and lists, per case, field and kind, how many it found and an excerpt in which
everything found is replaced by a neutral marker: the list never repeats the personal data.
Reading every case is recorded in the audit trail as one event, by the system.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from breachdesk.audit.kinds import GUARD_REGISTER_SCANNED
from breachdesk.audit.services import audit_record
from breachdesk.guard.base import FindingKind
from breachdesk.guard.masking import AROUND, guard_mask_spans
from breachdesk.guard.scan import guard_scan
from breachdesk.incidents.models import Incident, Investigation, Measure
from breachdesk.lib.csvfile import csv_safe
from breachdesk.lib.http import uuid_or_none
from breachdesk.orgs.models import Controller

# Cases read from the database at a time (with their investigation and measures).
CHUNK_SIZE = 500

# The free texts of a case: those of the case itself and of its investigation.
INCIDENT_FIELDS = (
    "description",
    "subject_categories_other",
    "data_types_other",
    "imy_decision_reason",
    "deviation_reason",
    "subjects_reason",
    "decision_note",
    "imy_answer_note",
    "closing_note",
)
INVESTIGATION_FIELDS = ("cause_detail", "public_summary", "dpo_advice")
MEASURES = "measures"


@dataclass(frozen=True)
class Row:
    controller: str
    number: str  # the diary number, or the reference of a case not yet registered
    state: str
    state_label: str
    field: str
    field_label: str
    kind: str
    kind_label: str
    count: int
    excerpt: str  # masked


class Command(BaseCommand):
    help = (
        "List the cases whose free texts (description, other texts, investigation, measures) "
        "hold personal data, with masked excerpts, for a clean-up. Recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--controller", help="Only this controller: its name or code.")
        parser.add_argument(
            "--kinds",
            help="Only these kinds, comma-separated: "
            + ", ".join(str(value) for value in FindingKind.values),
        )
        parser.add_argument("--format", choices=("text", "csv"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        controller = _controller(options["controller"]) if options["controller"] else None
        kinds = _kinds(options["kinds"]) if options["kinds"] else None
        incidents = Incident.objects.select_related("controller", "investigation").prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("pk"))
        )
        if controller is not None:
            incidents = incidents.filter(controller=controller)
        rows, cases, dirty = _scan(incidents.order_by("pk"), kinds)
        # Recorded before anything is shown: a read that cannot be recorded is not answered.
        data: dict[str, Any] = {"cases": cases, "with_findings": dirty}
        if controller is not None:
            data["controller"] = str(controller.code)
        if kinds is not None:
            data["kinds"] = sorted(kinds)
        with transaction.atomic():
            audit_record(kind=GUARD_REGISTER_SCANNED, actor=None, controller=controller, data=data)
        if options["format"] == "csv":
            self._write_csv(rows)
        else:
            self._write_text(rows)
            self.stdout.write(
                _("%(cases)s cases read, %(dirty)s with personal data in their texts.")
                % {"cases": cases, "dirty": dirty}
            )

    def _write_csv(self, rows: list[Row]) -> None:
        writer = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(["controller", "case", "state", "field", "kind", "count", "excerpt"])
        for row in rows:
            writer.writerow(
                [
                    csv_safe(row.controller),
                    csv_safe(row.number),
                    row.state,
                    row.field,
                    row.kind,
                    row.count,
                    csv_safe(row.excerpt),
                ]
            )

    def _write_text(self, rows: list[Row]) -> None:
        case = None
        for row in rows:
            if (row.controller, row.number) != case:
                case = (row.controller, row.number)
                self.stdout.write(f"{row.controller}  {row.number}  ({row.state_label})")
            self.stdout.write(
                f"  {row.field_label}: {row.kind_label} ×{row.count}  «{row.excerpt}»"
            )


def _controller(value: str) -> Controller:
    code = uuid_or_none(value)
    found = (
        Controller.objects.filter(code=code)
        if code is not None
        else Controller.objects.filter(name__iexact=value.strip())
    ).first()
    if found is None:
        raise CommandError(_("No controller with the name or code %(value)s.") % {"value": value})
    return found


def _kinds(value: str) -> frozenset[str]:
    kinds = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = kinds - set(FindingKind.values)
    if unknown or not kinds:
        raise CommandError(
            _("Unknown kinds: %(unknown)s. Known kinds: %(known)s.")
            % {"unknown": ", ".join(sorted(unknown)), "known": ", ".join(FindingKind.values)}
        )
    return kinds


def _scan(
    incidents: "QuerySet[Incident]", kinds: frozenset[str] | None
) -> tuple[list[Row], int, int]:
    """The rows to list, the number of cases read and of cases with findings, reading the cases
    a chunk at a time."""
    security = kinds is not None and FindingKind.SECURITY in kinds
    rows: list[Row] = []
    cases = dirty = 0
    for incident in incidents.iterator(chunk_size=CHUNK_SIZE):
        cases += 1
        found = [
            row
            for field, label, texts in _texts(incident)
            for row in _rows(incident, field, label, texts, kinds, security=security)
        ]
        if found:
            dirty += 1
            rows += found
    return rows, cases, dirty


def _texts(incident: Incident) -> Iterator[tuple[str, str, list[str]]]:
    """(field, label, texts) of each free text of `incident`; the measures' as one field."""
    for name in INCIDENT_FIELDS:
        yield name, _label(Incident, name), [getattr(incident, name)]
    try:
        investigation = incident.investigation
    except Investigation.DoesNotExist:
        investigation = None
    if investigation is not None:
        for name in INVESTIGATION_FIELDS:
            yield (
                f"investigation.{name}",
                _label(Investigation, name),
                [getattr(investigation, name)],
            )
    measures = [measure.description for measure in incident.measures.all()]
    yield f"{MEASURES}.description", _label(Measure, "description"), measures


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _rows(
    incident: Incident,
    field: str,
    label: str,
    texts: list[str],
    kinds: frozenset[str] | None,
    *,
    security: bool,
) -> list[Row]:
    counts: dict[str, int] = {}
    excerpts: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        # Everything found is masked, also kinds not asked for: the excerpt shows none of it.
        masked, spans = guard_mask_spans(text, guard_scan(text, security=security))
        for finding, start, end in spans:
            if kinds is not None and finding.kind not in kinds:
                continue
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
            excerpts.setdefault(finding.kind, _excerpt(masked, start, end))
    return [
        Row(
            controller=incident.controller.name,
            number=incident.diary_number or incident.reference,
            state=incident.state,
            state_label=str(incident.get_state_display()),
            field=field,
            field_label=label,
            kind=kind,
            kind_label=str(FindingKind(kind).label),
            count=count,
            excerpt=excerpts[kind],
        )
        for kind, count in counts.items()
    ]


def _excerpt(masked: str, start: int, end: int) -> str:
    """The masked text around the marker at start:end, on one line."""
    text = masked[max(0, start - AROUND) : end + AROUND]
    text = re.sub(r"\s+", " ", text).strip()
    return ("…" if start > AROUND else "") + text + ("…" if end + AROUND < len(masked) else "")
