"""The page benchmark's result: a dated markdown table with the machine, the database and the
commit it was measured on, and the slowest read of each page with its plan."""

import os
import platform
import subprocess
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.utils import timezone
from pages_run import ROUNDS, Bench
from rawsql import explain

from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import Controller, Unit

SQL_SHOWN = 600  # characters of a statement shown in the appendix
TARGET_RATIO = 1.6  # the throughput at concurrency 8 over that at 1, for the register and case
SLOW_MS = 1.0  # a page's slowest read is shown with its plan from this many milliseconds


def _git(*args: str) -> str:
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        ["git", *args],  # noqa: S607
        cwd=Path(__file__).resolve().parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def commit() -> str:
    head = _git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if _git("status", "--porcelain") else "")


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 0
    return (
        f"{cores} cores{f' ({model})' if model else ''}, {platform.system()} {platform.release()}"
    )


def database() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]} (WAL)"


def _ms(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"  # NaN: not measured


def write_table(bench: Bench, folder: Path, size: int, seeding_seconds: float) -> Path:
    today = timezone.localdate().isoformat()
    path = folder / f"pages-{size}-{connection.vendor}-{today}.txt"
    args = bench.args
    c = args.concurrent
    lines = [
        f"# The register at national scale: pages through gunicorn ({today})",
        "",
        f"- machine: {machine()}; shared with other work, so the figures are noisy (load "
        f"average {bench.load_before[0]:.1f} before the pages, {bench.load_after[0]:.1f} after)",
        f"- database: {database()}; {Incident.objects.count():,} incidents in "
        f"{Controller.objects.count()} controllers and {Unit.objects.count():,} units "
        f"(seeded size {size:,}; seeding took {timedelta(seconds=round(seeding_seconds))})",
        f"- commit: {commit()}",
        "- server: gunicorn, 2 sync workers, DEBUG false, plain HTTP on 127.0.0.1; client: "
        "bench/load.py (http.client) on the same machine",
        f"- each page: {args.warmup} requests to warm up, then {args.requests} timed at "
        f"concurrency 1; throughput: {ROUNDS} rounds of {args.requests // ROUNDS} requests at "
        f"c=1 and then at c={c} ({c} logged-in sessions of the same person), in turn",
        "- raw SQL: the page's SELECTs captured in process (django.test.Client, the same "
        f"person and database) and run again on a cursor, median of {args.sql_runs}; the rest "
        "of the median is Python, the template and HTTP",
        "",
        f"| page | median ms | p95 ms | raw SQL ms | requests | c={c} req/s vs c=1 req/s |",
        "|---|---:|---:|---:|---:|---|",
    ]
    notes: list[str] = []
    appendix: list[str] = []
    for result in bench.results:
        c1 = result.c1
        raw = "–"
        if result.sql is not None:
            raw = f"{result.sql.total_ms:.0f} ({len(result.sql.reads)} of {result.sql.queries})"
        runs = [r for r in (c1, result.c1_rounds, result.c8) if r is not None]
        errors = sum(len(r.errors) for r in runs)
        requests = f"{c1.count}" + (f", {errors} errors" if errors else "")
        throughput = "–"
        if result.c8 is not None:
            alone = result.c1_rounds or c1
            ratio = result.c8.per_second / alone.per_second if alone.per_second else float("nan")
            throughput = f"{result.c8.per_second:.1f} vs {alone.per_second:.1f} ({ratio:.2f}×)" + (
                f", {len(result.c8.errors)} errors" if result.c8.errors else ""
            )
            met = not result.c8.errors and ratio >= TARGET_RATIO
            verdict = "meets" if met else "misses"
            result.notes.append(
                f"c={c} {verdict} the target (no errors, at least {TARGET_RATIO}× c=1's "
                f"throughput): {ratio:.2f}×, {len(result.c8.errors)} errors"
            )
        page = f"{result.name} — {result.persona}"
        lines.append(
            f"| {page} | {_ms(c1.median)} | {_ms(c1.p95)} | {raw} | {requests} | {throughput} |"
        )
        notes += [f"- {result.name}: {note}" for note in result.notes]
        errors_seen = [e for r in runs for e in r.errors]
        notes += [f"- {result.name}: error {e}" for e in errors_seen[:3]]
        slowest = result.sql.slowest if result.sql is not None else None
        if slowest is not None and slowest.ms >= SLOW_MS:
            appendix += [
                "",
                f"### {page} ({result.path}): slowest read {slowest.ms:.1f} ms",
                "",
                "```sql",
                slowest.sql[:SQL_SHOWN] + (" …" if len(slowest.sql) > SQL_SHOWN else ""),
                "```",
                "",
                "```",
                explain(slowest),
                "```",
            ]
    lines += [
        "",
        "raw SQL ms (n of m): the page's n reads (of its m statements) run by themselves.",
        "",
        *notes,
    ]
    if appendix:
        lines += ["", "## The slowest read of each page, and its plan", *appendix]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
