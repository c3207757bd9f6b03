"""The rows of the register's export, read as plain values: one query, in chunks, whatever the
number of rows (export.py makes the files).

A register at national scale is hundreds of thousands of rows, so a row costs no query and no
model instance: each column's value is taken from the row as the database gives it, Django's
conversion (a time, a truth value, JSON …) is applied only to the values that are there, a
value that repeats (a code, a truth value, a list of codes, a person) is turned into its cell
once, and the related rows (people, units, the controller, the diary series) are read in the
same query and turned into their text once each.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI
from django.utils import timezone
from django.utils.functional import Promise

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import Controller, DiarySeries, Unit

Cell = TypeVar("Cell")

CHUNK_SIZE = 2000
# What str() of a related row (a person, a unit …) reads, joined into the export's query so
# that related rows cost nothing per row. A row is built from these fields only: should its
# str() read another, that field is loaded by a query of its own (right, only slower;
# tests/test_export_rows.py fails). A model not named here is read whole.
SHOWN_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    User: ("first_name", "last_name", "username"),
    Controller: ("name",),
    Unit: ("name",),
    DiarySeries: ("name", "number_format"),
}
# The fields of the incident its notification status is read from (Incident.imy_status).
_STATUS_FIELDS = ("imy_notified_at", "imy_decision", "not_an_incident")


@dataclass(frozen=True)
class Column:
    """A column of the export: its header, the path of the value it shows (a path of
    QuerySet.values(), the related row's field after "__"), and the field it is. The
    notification status has no path (it is derived); a figure the register derives has no
    field."""

    header: Promise | str
    path: str | None
    field: models.Field[Any, Any] | None = None

    @property
    def kind(self) -> str:
        """What the column's value is: the name of the way its cell is made."""
        field = self.field
        if self.path is None:
            return "status"
        if field is None:
            return "count"
        if field.is_relation:
            return "relation"
        if isinstance(field, models.JSONField):
            return "json"
        if field.choices:
            return "choice"
        for kind, model_field in _KINDS:
            if isinstance(field, model_field):
                return kind
        return "other"


# In this order: a DateTimeField is also a DateField.
_KINDS: tuple[tuple[str, type[models.Field[Any, Any]]], ...] = (
    ("count", models.IntegerField),
    ("bool", models.BooleanField),
    ("datetime", models.DateTimeField),
    ("date", models.DateField),
    ("decimal", models.DecimalField),
    ("text", models.CharField),
    ("text", models.TextField),
)
# Kinds whose values are nearly all different: their cells are not remembered.
_UNIQUE_KINDS = frozenset({"datetime", "text", "other"})


class Memo(dict[Any, Any]):
    """A cell per distinct value, made by `make` the first time."""

    def __init__(self, make: Callable[[Any], Any], known: dict[Any, Any] | None = None) -> None:
        super().__init__(known or {})
        self.make = make

    def __missing__(self, value: Any) -> Any:
        cell = self[value] = self.make(value)
        return cell


def _values(
    incidents: QuerySet[Incident], paths: list[str]
) -> tuple[Iterator[Sequence[Any]], dict[int, "_Conversion"]]:
    """The rows of `paths` of `incidents` as the database gives them, in chunks, and Django's
    conversion of each column that needs one from the database's value to Python's, which
    QuerySet.values_list() would apply to every value of every row."""
    query = incidents.values_list(*paths).query
    compiler = query.get_compiler(using=incidents.db)
    chunked = not connections[incidents.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    results = compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=CHUNK_SIZE)
    selected = [column[0] for column in compiler.select[0 : compiler.col_count]]
    conversions = {
        position: _Conversion(converters, expression, compiler.connection)
        for position, (converters, expression) in compiler.get_converters(selected).items()
    }
    return chain.from_iterable(results), conversions


@dataclass(frozen=True)
class _Conversion:
    """Django's converters of one column (from_db_value and the backend's)."""

    converters: list[Any]
    expression: Any
    connection: Any

    def __call__(self, value: Any) -> Any:
        for converter in self.converters:
            value = converter(value, self.expression, self.connection)
        return value

    def then(self, cell: Callable[[Any], Cell], empty: Cell) -> Callable[[Any], Cell]:
        """`cell` of the converted value, in one call where there is one converter."""
        expression, connection = self.expression, self.connection
        if len(self.converters) == 1:
            (convert,) = self.converters

            def converted_once(value: Any) -> Cell:
                value = convert(value, expression, connection)
                return empty if value is None else cell(value)

            return converted_once

        def converted(value: Any) -> Cell:
            value = self(value)
            return empty if value is None else cell(value)

        return converted


def _related_cell(texts: dict[Any, str], cell: Callable[[str], Cell], pk: Any) -> Cell:
    return cell(texts[pk])


class _Shown:
    """str() of the related rows of one foreign key, each built once from its shown fields."""

    def __init__(self, path: str, model: type[models.Model], start: int) -> None:
        shown = SHOWN_FIELDS.get(model)
        self.model = model
        self.fields = [
            field
            for field in model._meta.concrete_fields
            if not field.primary_key
            and not field.is_relation
            and (shown is None or field.name in shown)
        ]
        self.paths = [f"{path}__{field.name}" for field in self.fields]
        self.names = [model._meta.pk.attname, *(field.attname for field in self.fields)]
        self.start = start  # where its fields begin in a row
        self.texts: dict[Any, str] = {}

    def learn(self, pk: Any, row: Sequence[Any], conversions: dict[int, "_Conversion"]) -> None:
        """Know the text of the related row `pk`, whose fields `row` holds."""
        values = [pk]
        for position in range(self.start, self.start + len(self.fields)):
            value = row[position]
            values.append(conversions[position](value) if position in conversions else value)
        self.texts[pk] = str(self.model.from_db(None, self.names, values))


def _status_text(notified: bool, decision: str, not_an_incident: bool) -> str:
    # Incident.imy_status asks only whether the time of notification is set.
    incident = Incident(
        imy_notified_at=timezone.now() if notified else None,
        imy_decision=decision,
        not_an_incident=not_an_incident,
    )
    return str(incident.imy_status)


@dataclass(frozen=True)
class _Plan:
    """What the export's query reads: first the value of each column in order (but the
    notification status, which is derived), then the shown fields of the related rows."""

    paths: list[str]
    status_at: int  # the place of the notification status among the columns
    status_from: tuple[int, int, int]  # where the fields it is read from are in a row
    relations: dict[int, _Shown]  # by the place of the foreign key


def _plan(columns: Sequence[Column]) -> _Plan:
    own = [column for column in columns if column.path is not None]
    paths = [str(column.path) for column in own]
    if len(set(paths)) != len(paths) or len(own) != len(columns) - 1:
        raise ValueError("the columns read distinct paths, and one is the status")
    status_at = next(index for index, column in enumerate(columns) if column.path is None)
    relations = {}
    for position, column in enumerate(own):
        if column.kind == "relation" and column.field is not None:
            related: Any = column.field.related_model
            shown = _Shown(paths[position], related, start=len(paths))
            paths += shown.paths
            relations[position] = shown
    first, second, third = (paths.index(name) for name in _STATUS_FIELDS)
    return _Plan(paths, status_at, (first, second, third), relations)


def export_rows(
    incidents: QuerySet[Incident],
    columns: Sequence[Column],
    cells: Sequence[Callable[[Any], Cell]],
    empty: Cell,
) -> Iterator[list[Cell]]:
    """Each row of `incidents` as the cells of `columns`, `empty` where there is no value:
    `cells` turns a column's value (as QuerySet.values() gives it, never None) into its
    cell. Nothing is read before the first row is asked for."""
    plan = _plan(columns)
    rows, conversions = _values(incidents, plan.paths)
    status_at = plan.status_at
    status_cell = cells[status_at]
    status = Memo(lambda key: status_cell(_status_text(*key)))
    kinds = [column.kind for column in columns if column.path is not None]
    made = [cell for index, cell in enumerate(cells) if index != status_at]
    own: list[Callable[[Any], Cell]] = list(made)
    for position, convert in conversions.items():
        if position < len(own):
            converted = convert.then(made[position], empty)
            unique = kinds[position] in _UNIQUE_KINDS
            own[position] = converted if unique else Memo(converted).__getitem__
    relations = list(plan.relations.items())
    for position, shown in relations:
        # A related row's cell, made once from its text.
        own[position] = Memo(partial(_related_cell, shown.texts, made[position])).__getitem__
    notified, decision, not_an_incident = plan.status_from
    for row in rows:
        for position, shown in relations:
            pk = row[position]
            if pk is not None and pk not in shown.texts:
                shown.learn(pk, row, conversions)
        # zip() stops at the columns: the shown fields of related rows follow them.
        out = [empty if value is None else cell(value) for cell, value in zip(own, row)]  # noqa: B905
        key = (row[notified] is not None, row[decision], bool(row[not_an_incident]))
        out.insert(status_at, status[key])
        yield out
