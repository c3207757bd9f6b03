"""The SQL a page runs, timed by itself: what is left of the page's time is Python and the
template (and the HTTP around them).

The page is requested once in this process with django.test.Client, as the same person and on
the same database, under CaptureQueriesContext; a wrapper keeps each statement with its bound
parameters. The reads (SELECT) are then run again on a cursor, all rows fetched, and the
median of several runs of them all is the page's raw SQL time. Writes (the session, the audit
event of a read) are counted but not run again: they would repeat a committed event.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from timing import median_ms

from breachdesk.accounts.models import User


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any
    ms: float = 0.0


@dataclass(frozen=True)
class PageSql:
    queries: int  # every statement the page ran
    reads: list[Statement]  # its SELECTs, each with its median time
    total_ms: float  # median of running all the reads

    @property
    def slowest(self) -> Statement | None:
        return max(self.reads, key=lambda s: s.ms) if self.reads else None


def _is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def page_sql(user: User, path: str, runs: int = 7) -> PageSql:
    """Request `path` in process as `user` and time the page's reads by themselves."""
    client = Client()
    client.force_login(user)
    recorded: list[Statement] = []

    def keep(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many:
            recorded.append(Statement(sql, params))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(keep):
        answer = client.get(path, HTTP_HOST="127.0.0.1")
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code} in process.")
        if getattr(answer, "streaming", False):
            for _chunk in answer.streaming_content:  # type: ignore[attr-defined]
                pass
    reads = [s for s in recorded if _is_read(s.sql)]
    timed = [Statement(s.sql, s.params, median_ms(partial(_run, s), runs)) for s in reads]
    total = median_ms(partial(_run_all, reads), runs)
    return PageSql(len(captured.captured_queries), timed, total)


def _run(statement: Statement) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        cursor.fetchall()


def _run_all(statements: list[Statement]) -> None:
    for statement in statements:
        _run(statement)


def explain(statement: Statement) -> str:
    """The database's plan of `statement` (PostgreSQL: with the times it took)."""
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + statement.sql, statement.params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        return "\n".join(str(row[0]) for row in rows)
    return "\n".join(" ".join(str(part) for part in row) for row in rows)
