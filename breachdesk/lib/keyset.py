"""Keyset pagination: a page of a list ordered newest first by a time and the primary key,
found from the last row of the page before it rather than by counting rows past an OFFSET.

Any page costs the same, however deep, and the pages stay stable while rows are added at the
top. A cursor is the boundary row's time (microseconds since the epoch) and primary key, as
text for a URL: `1764669600000000-42`. A cursor that does not parse is treated as none (the
first page), never as an error.

A list whose filter is an OR of a few *arms* (a person's scope: their cases, each controller
they cover, each unit) can be paged arm by arm: each arm reads at most a page's rows along an
index in the list's order, and a UNION of those few rows gives the page. The cost is then the
number of arms times a page, not the number of rows the filter matches, however large the
table. `arms` is that OR, taken apart; without it, the one filtered query is read and sorted
by the database.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Cursor:
    at: datetime
    pk: int

    def __str__(self) -> str:
        micros = (self.at - EPOCH) // timedelta(microseconds=1)
        return f"{micros}-{self.pk}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        if not text or len(text) > 48:
            return None
        micros, _, pk = text.partition("-")
        if not (micros.isdigit() and pk.isdigit()):
            return None
        try:
            return cls(at=EPOCH + timedelta(microseconds=int(micros)), pk=int(pk))
        except OverflowError:
            return None


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next: Cursor | None  # the cursor of the page after this one, if there is one
    previous: Cursor | None  # the cursor of the page before this one, if there is one

    @property
    def has_other_pages(self) -> bool:
        return self.next is not None or self.previous is not None


# Beyond this many arms, one filtered query (sorted by the database) is cheaper than the UNION.
MAX_ARMS = 40


def keyset_page(
    rows: QuerySet[M],
    *,
    field: str,
    size: int,
    after: Cursor | None = None,
    before: Cursor | None = None,
    arms: list[Q] | None = None,
) -> KeysetPage[M]:
    """The page of `rows` (newest `field` first, then highest pk) after the cursor `after`,
    or the one before `before`; the first page without either. `size + 1` rows are read: the
    extra one says whether there is a page beyond. With `arms` (the OR of them filters
    `rows`), each arm is read separately along its index (see the module's docstring)."""
    boundary: Q | None
    if before is not None:
        boundary = Q(**{f"{field}__gte": before.at}) & (
            Q(**{f"{field}__gt": before.at}) | Q(pk__gt=before.pk)
        )
        found = _read(rows, field, boundary, (field, "pk"), size + 1, arms)
        more = len(found) > size
        found = found[:size][::-1]
        return KeysetPage(
            rows=found,
            next=_cursor(found[-1], field) if found else None,
            previous=_cursor(found[0], field) if found and more else None,
        )
    boundary = None
    if after is not None:
        boundary = Q(**{f"{field}__lte": after.at}) & (
            Q(**{f"{field}__lt": after.at}) | Q(pk__lt=after.pk)
        )
    found = _read(rows, field, boundary, (f"-{field}", "-pk"), size + 1, arms)
    more = len(found) > size
    found = found[:size]
    return KeysetPage(
        rows=found,
        next=_cursor(found[-1], field) if found and more else None,
        previous=_cursor(found[0], field) if found and after is not None else None,
    )


def _read(
    rows: QuerySet[M],
    field: str,
    boundary: Q | None,
    order: tuple[str, str],
    limit: int,
    arms: list[Q] | None,
) -> list[M]:
    if boundary is not None:
        rows = rows.filter(boundary)
    if arms is None or len(arms) > MAX_ARMS:
        if arms is not None:
            rows = rows.filter(either(arms))
        return list(rows.order_by(*order)[:limit])
    if not arms:
        return []
    parts = [rows.filter(arm).order_by(*order).values_list(field, "pk")[:limit] for arm in arms]
    direction = "DESC" if order[0].startswith("-") else "ASC"
    ids = [pk for _at, pk in _union(rows, parts, f"ORDER BY 1 {direction}, 2 {direction}", limit)]
    # The same queryset (its columns, joins and filters) narrowed to the page's ids.
    by_pk = rows.filter(pk__in=ids).order_by()
    found = {row.pk: row for row in by_pk}
    return [found[pk] for pk in ids if pk in found]


def _union(rows: QuerySet[M], parts: list[QuerySet[M]], tail: str, limit: int) -> list[tuple]:  # type: ignore[type-arg]
    """The rows of every part (each already ordered and limited), without repeats."""
    sql, params = _union_sql(parts)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"{sql} {tail} LIMIT {int(limit)}", params)
        return list(cursor.fetchall())


def _union_sql(parts: list[QuerySet[M]]) -> tuple[str, list[Any]]:
    """One statement of the parts' UNION: SQLite refuses a LIMIT inside a compound SELECT, but
    not in a subquery of one."""
    sqls: list[str] = []
    params: list[Any] = []
    for number, part in enumerate(parts):
        sql, part_params = part.query.sql_with_params()
        sqls.append(f"SELECT * FROM ({sql}) arm{number}")  # noqa: S608 - Django's own SQL
        params.extend(part_params)
    return " UNION ".join(sqls), params


def either(arms: list[Q]) -> Q:
    """The OR of `arms` (an empty list matches no row)."""
    either = Q(pk__in=[])
    for arm in arms:
        either |= arm
    return either


def _cursor(row: Model, field: str) -> Cursor:
    return Cursor(at=getattr(row, field), pk=row.pk)


def bounded_count(rows: QuerySet[M], *, bound: int, arms: list[Q] | None = None) -> int:
    """How many `rows` there are, counted only up to `bound + 1`: a count that never scans
    more than that per arm, whatever the table's size. A result above `bound` means "more
    than". With `arms`, an arm that reaches the bound makes the count pass it, and arms that
    do not are counted whole, so the result is exact up to the bound."""
    if arms is None or len(arms) > MAX_ARMS:
        if arms is not None:
            rows = rows.filter(either(arms))
        return rows.order_by()[: bound + 1].count()
    if not arms:
        return 0
    parts = [rows.filter(arm).order_by().values_list("pk")[: bound + 1] for arm in arms]
    sql, params = _union_sql(parts)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608
        (count,) = cursor.fetchone()
    return int(count)
