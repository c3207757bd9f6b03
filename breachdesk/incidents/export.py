"""The register as a file: CSV for Excel, or XLSX; every field a column.

The columns are read from the models, so a field added to the incident, its investigation or
its risk assessment appears in the export without a change here. Headers and values are in the
active language; times are Swedish local time in ISO 8601.

The rows are read as plain values in one query (export_rows.py); each column turns its value
into a cell by a function chosen once for the file, with its labels looked up once.
"""

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, translation
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.incidents.export_rows import CHUNK_SIZE, Column, Memo, export_rows
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
from breachdesk.incidents.risk.inputs import Consequence, Group, Mitigation, Stopped
from breachdesk.incidents.risk.reasons import QUESTION_LABELS, Reason, people
from breachdesk.incidents.selectors import RegisterFilters, incident_list
from breachdesk.lib.csvfile import csv_chunks, csv_safe
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.lib.xlsxfile import XLSX_CONTENT_TYPE, XlsxValue, xlsx_chunks

__all__ = [
    "CHUNK_SIZE",
    "XLSX_CONTENT_TYPE",
    "Column",
    "incident_export_list",
    "register_columns",
    "register_csv",
    "register_xlsx",
]

Cell = TypeVar("Cell")

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
    "stopped": Stopped,
    "mitigations": Mitigation,
}
LIST_SEPARATOR = "; "


def _own_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in _SKIPPED and field.name != "incident"
    ]


def register_columns() -> list[Column]:
    """The export's columns: every field of the incident, of its investigation and of its
    risk assessment, then the figures the register derives."""
    columns = [
        Column(capfirst(field.verbose_name), field.name, field) for field in _own_fields(Incident)
    ]
    for name, model in _RELATED:
        columns += [
            Column(
                format_lazy("{}: {}", capfirst(model._meta.verbose_name), field.verbose_name),
                f"{name}__{field.name}",
                field,
            )
            for field in _own_fields(model)
        ]
    return [
        *columns,
        # The committee's column "Anmälan till IMY"; "Notified to IMY" is already the header
        # of the time of notification.
        Column(_("Notification to IMY"), None),
        Column(_("Number of measures"), "export_measures"),
        Column(_("Open measures"), "export_open_measures"),
        Column(_("Submissions to IMY"), "export_submissions"),
    ]


def _count(model: type[models.Model], **conditions: Any) -> Coalesce:
    rows = (
        model._default_manager.filter(incident=OuterRef("pk"), **conditions)
        .order_by()
        .values("incident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def incident_export_list(*, user: User, filters: RegisterFilters) -> QuerySet[Incident]:
    """The register `user` sees under `filters`, with the figures a row of the export shows;
    register_csv() and register_xlsx() read it as plain values, its related rows joined."""
    return incident_list(user=user, filters=filters).annotate(
        export_measures=_count(Measure),
        export_open_measures=_count(Measure, done_on__isnull=True),
        export_submissions=_count(ImyNotification),
    )


def _labels(field: models.Field[Any, Any]) -> dict[Any, str]:
    return {code: str(label) for code, label in field.flatchoices}


def _risk_field_label(name: str) -> str:
    try:
        field = RiskAssessment._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


class _Json:
    """The text of a JSON field's value: lists of codes as their labels."""

    def __init__(self, field: models.Field[Any, Any]) -> None:
        self.field = field
        self.codes = _labels_of(field.name)

    def __call__(self, value: Any) -> str:
        if self.field.model is RiskAssessment and self.field.name == "reasons":
            return LIST_SEPARATOR.join(Reason.from_json(item).text() for item in value)
        if self.field.model is RiskAssessment and self.field.name == "unknown":
            return LIST_SEPARATOR.join(
                str(QUESTION_LABELS[name]) if name in QUESTION_LABELS else _risk_field_label(name)
                for name in value
            )
        if self.field.model is RiskAssessment and self.field.name == "groups":
            return LIST_SEPARATOR.join(_group_text(Group.from_json(item)) for item in value)
        if isinstance(value, list):
            return LIST_SEPARATOR.join(str(self.codes.get(item, item)) for item in value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _group_text(group: Group) -> str:
    types = dict(DataType.choices)
    kinds = ", ".join(str(types.get(kind, kind)) for kind in sorted(group.data_types))
    return f"{group.label or _('those affected')}: {people(group.people_count)} ({kinds})"


def _labels_of(name: str) -> dict[Any, str]:
    choices = _CODE_LABELS.get(name)
    return {} if choices is None else {code: str(label) for code, label in choices.choices}


def _field(column: Column) -> models.Field[Any, Any]:
    if column.field is None:
        raise TypeError(f"the column {column.path} shows no field")
    return column.field


def _same(value: Cell) -> Cell:
    return value


def _local(value: datetime) -> datetime:
    return value.astimezone(STOCKHOLM)


def _in_language(language: str | None, rows: Iterator[Cell], per: int) -> Iterator[Cell]:
    """`rows`, made `per` at a time in `language` (also once the view has returned), and
    outside it in between."""
    while True:
        with translation.override(language):
            batch = list(islice(rows, per))
        if not batch:
            return
        yield from batch


# CSV ----------------------------------------------------------------------------------------


def _csv_datetime(value: datetime) -> str:
    return _local(value).isoformat(timespec="minutes")


def _csv_decimal(value: Decimal) -> str:
    # Swedish Excel reads "2.25" as a date; the active language's separator keeps a number.
    return formats.number_format(value, use_l10n=True)


def _csv_other(value: Any) -> str:
    """The cell of a value of a field of no kind above."""
    if isinstance(value, bool):
        return csv_safe(yes_no(value))
    if isinstance(value, datetime):
        return _csv_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _csv_decimal(value)
    if isinstance(value, int):
        return str(value)
    return csv_safe(str(value))


def _csv_cell(column: Column) -> Callable[[Any], str]:
    """How a column's value becomes its CSV cell; text is made safe from formulas."""
    kind = column.kind
    if kind == "choice":
        labels = {code: csv_safe(label) for code, label in _labels(_field(column)).items()}
        return Memo(lambda value: csv_safe(str(value)), labels).__getitem__
    if kind == "json":
        return _csv_json(_Json(_field(column)))
    if kind == "bool":
        return {True: csv_safe(yes_no(True)), False: csv_safe(yes_no(False))}.__getitem__
    if kind in ("relation", "status", "text"):
        return csv_safe
    if kind == "datetime":
        return _csv_datetime
    if kind == "date":
        return date.isoformat
    if kind == "decimal":
        return _csv_decimal
    if kind == "count":
        return str
    return _csv_other


def _csv_json(texts: _Json) -> Callable[[Any], str]:
    return lambda value: csv_safe(texts(value))


def register_csv(incidents: QuerySet[Incident], *, rows_per_chunk: int = 200) -> Iterator[bytes]:
    """The CSV file of `incidents` (from incident_export_list) in chunks (lib.csvfile: for
    Swedish Excel, formulas neutralised), in the language active now."""
    columns = register_columns()
    cells = [_csv_cell(column) for column in columns]
    headers = [str(column.header) for column in columns]
    return csv_chunks(
        lambda: headers,
        export_rows(incidents, columns, cells, ""),
        _same,
        rows_per_chunk=rows_per_chunk,
    )


# XLSX ---------------------------------------------------------------------------------------


def _xlsx_datetime(value: datetime) -> datetime:
    # Excel has no time zones: the cell holds the Swedish wall-clock time.
    return _local(value).replace(tzinfo=None)


def _xlsx_cell(column: Column) -> Callable[[Any], XlsxValue]:
    """How a column's value becomes its XLSX cell: labels and text as text, numbers, days and
    times as themselves."""
    kind = column.kind
    if kind == "choice":
        return Memo(str, _labels(_field(column))).__getitem__
    if kind == "json":
        return _Json(_field(column))
    if kind == "bool":
        return {True: yes_no(True), False: yes_no(False)}.__getitem__
    if kind == "datetime":
        return _xlsx_datetime
    if kind in ("relation", "status", "text", "date", "decimal", "count"):
        return _same
    return _xlsx_other


def _xlsx_other(value: Any) -> XlsxValue:
    """The cell of a value of a field of no kind above."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return _xlsx_datetime(value)
    if isinstance(value, str | int | Decimal | date):
        return value
    return str(value)


def register_xlsx(incidents: QuerySet[Incident]) -> Iterator[bytes]:
    """The XLSX workbook of `incidents` (from incident_export_list) in chunks: one sheet, a
    bold header row that stays in view, real date and time cells, in the language active
    now."""
    columns = register_columns()
    cells = [_xlsx_cell(column) for column in columns]
    headers = [str(column.header) for column in columns]
    return xlsx_chunks(
        # Excel refuses sheet titles over 31 characters.
        title=str(_("Register of incidents"))[:31],
        headers=headers,
        widths=[min(max(len(header), 16), 40) for header in headers],
        rows=_in_language(
            translation.get_language(), export_rows(incidents, columns, cells, None), CHUNK_SIZE
        ),
    )
