"""The register as a file: CSV for Excel, or XLSX; every field a column.

The columns are read from the models, so a field added to the incident, its investigation or
its risk assessment appears in the export without a change here. Headers and values are in the
active language; times are Swedish local time in ISO 8601.
"""

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from breachdesk.accounts.models import User
from breachdesk.incidents.imy import yes_no
from breachdesk.incidents.models import (
    DataType,
    ImyNotification,
    Incident,
    Investigation,
    Measure,
    RiskAssessment,
    SubjectCategory,
)
from breachdesk.incidents.risk.inputs import Consequence
from breachdesk.incidents.risk.reasons import Reason
from breachdesk.incidents.selectors import RegisterFilters, incident_list
from breachdesk.lib.csvfile import csv_chunks, csv_safe
from breachdesk.lib.deadlines import STOCKHOLM

Value = str | int | Decimal | date | datetime | None

# Fields that identify the row to the machine, not to the reader: the primary key and the
# random code that only URLs use.
_SKIPPED = {"id", "code"}
# The rows of a case that are one to one with it, each a group of columns.
_RELATED: tuple[tuple[str, type[models.Model]], ...] = (
    ("investigation", Investigation),
    ("risk_assessment", RiskAssessment),
)
# JSON lists of codes, by field name (the incident's and the assessment's `data_types` alike).
_CODE_LABELS: dict[str, type[models.TextChoices]] = {
    "subject_categories": SubjectCategory,
    "data_types": DataType,
    "consequences": Consequence,
}
LIST_SEPARATOR = "; "
CHUNK_SIZE = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: Promise | str
    value: Callable[[Incident], Value]


def _json_value(field: models.Field[Any, Any], value: Any) -> Value:
    if value is None:
        return None
    if field.model is RiskAssessment and field.name == "reasons":
        return LIST_SEPARATOR.join(Reason.from_json(item).text() for item in value)
    if field.model is RiskAssessment and field.name == "unknown":
        return LIST_SEPARATOR.join(_risk_field_label(name) for name in value)
    if isinstance(value, list):
        labels = dict(_CODE_LABELS[field.name].choices) if field.name in _CODE_LABELS else {}
        return LIST_SEPARATOR.join(str(labels.get(item, item)) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _risk_field_label(name: str) -> str:
    try:
        field = RiskAssessment._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _field_value(field: models.Field[Any, Any], row: models.Model | None) -> Value:
    if row is None:
        return None
    if field.is_relation:
        related = getattr(row, field.name)
        return None if related is None else str(related)
    value = getattr(row, field.attname)
    if isinstance(field, models.JSONField):
        return _json_value(field, value)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yes_no(value)
    if value is None or isinstance(value, str | int | Decimal | date):
        return value
    return str(value)


def _related_row(incident: Incident, name: str) -> models.Model | None:
    try:
        row: models.Model = getattr(incident, name)
    except ObjectDoesNotExist:
        return None
    return row


def _incident_column(field: models.Field[Any, Any]) -> Column:
    return Column(capfirst(field.verbose_name), lambda incident: _field_value(field, incident))


def _related_column(name: str, model: type[models.Model], field: models.Field[Any, Any]) -> Column:
    return Column(
        format_lazy("{}: {}", capfirst(model._meta.verbose_name), field.verbose_name),
        lambda incident: _field_value(field, _related_row(incident, name)),
    )


def _annotated(name: str) -> Callable[[Incident], Value]:
    def value(incident: Incident) -> Value:
        count: int = getattr(incident, name)
        return count

    return value


def _own_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in _SKIPPED and field.name != "incident"
    ]


def register_columns() -> list[Column]:
    """The export's columns: every field of the incident, of its investigation and of its
    risk assessment, then the figures the register derives."""
    columns = [_incident_column(field) for field in _own_fields(Incident)]
    for name, model in _RELATED:
        columns += [_related_column(name, model, field) for field in _own_fields(model)]
    columns += [
        # Seed 000's column "Anmälan till IMY"; "Notified to IMY" is already the header of
        # the time of notification.
        Column(_("Notification to IMY"), lambda incident: str(incident.imy_status)),
        Column(_("Number of measures"), _annotated("export_measures")),
        Column(_("Open measures"), _annotated("export_open_measures")),
        Column(_("Submissions to IMY"), _annotated("export_submissions")),
    ]
    return columns


def _count(model: type[models.Model], **conditions: Any) -> Coalesce:
    rows = (
        model._default_manager.filter(incident=OuterRef("pk"), **conditions)
        .order_by()
        .values("incident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _foreign_keys(model: type[models.Model], prefix: str = "") -> list[str]:
    return [
        f"{prefix}{field.name}"
        for field in model._meta.concrete_fields
        if field.is_relation and field.name != "incident"
    ]


def incident_export_list(*, user: User, filters: RegisterFilters) -> QuerySet[Incident]:
    """The register `user` sees under `filters`, with everything a row of the export needs
    fetched in the same query."""
    related = _foreign_keys(Incident)
    for name, model in _RELATED:
        related += [name, *_foreign_keys(model, prefix=f"{name}__")]
    return (
        incident_list(user=user, filters=filters)
        .select_related(*related)
        .annotate(
            export_measures=_count(Measure),
            export_open_measures=_count(Measure, done_on__isnull=True),
            export_submissions=_count(ImyNotification),
        )
    )


# CSV ----------------------------------------------------------------------------------------


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(STOCKHOLM).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Swedish Excel reads "2.25" as a date; the active language's separator keeps a number.
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, int):
        return str(value)
    return csv_safe(value)


def register_csv(incidents: Iterable[Incident], *, rows_per_chunk: int = 100) -> Iterator[bytes]:
    """The CSV file of `incidents` in chunks (lib.csvfile: for Swedish Excel, formulas
    neutralised), in the language active now."""
    columns = register_columns()
    return csv_chunks(
        lambda: [str(c.header) for c in columns],
        incidents,
        lambda incident: [_csv_cell(c.value(incident)) for c in columns],
        rows_per_chunk=rows_per_chunk,
    )


# XLSX ---------------------------------------------------------------------------------------


def _xlsx_cell(sheet: Any, value: Value) -> WriteOnlyCell:
    if isinstance(value, datetime):
        # Excel has no time zones: the cell holds the Swedish wall-clock time.
        local = value.astimezone(STOCKHOLM).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=local)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        # openpyxl would write a text beginning with "=" as a formula; text stays text.
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    return cell


def register_xlsx(incidents: Iterable[Incident]) -> bytes:
    """The XLSX workbook of `incidents`: one sheet, a bold header row that stays in view, real
    date and time cells."""
    columns = register_columns()
    workbook = Workbook(write_only=True)
    # Excel refuses sheet titles over 31 characters.
    sheet = workbook.create_sheet(title=str(_("Register of incidents"))[:31])
    sheet.freeze_panes = "A2"
    headers = [str(column.header) for column in columns]
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header), 16), 40)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = _xlsx_cell(sheet, header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for incident in incidents:
        sheet.append([_xlsx_cell(sheet, column.value(incident)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
