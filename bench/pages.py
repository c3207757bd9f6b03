"""The register at national scale: its pages through the production server, timed.

Usage:
    .venv/bin/python bench/pages.py --size 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1000000 \\
        .venv/bin/python bench/pages.py --size 1000000

1. Seeds a fictional national installation of `--size` incidents once (national.py,
   national_cases.py): SQLite in /tmp/bench-sqlite-<size> (or --data-dir), or the PostgreSQL
   database of DATABASE_URL, created with createdb when missing. A seeded database is reused.
2. Starts gunicorn (2 sync workers, DEBUG false, plain HTTP on a free loopback port).
3. Logs the personas in through the login form and times, at concurrency 1, the register's
   first page for three of them, a walk along its rel="next" links and the deep page it ends
   on, a state filter with a search, the case page, the report form's POST, the registration's
   POST and the export of about 100 000 rows; and the register and the case page again at
   concurrency 8.
4. Times the SQL of the register pages and the case page by itself (rawsql.py).
5. Writes the table to bench/pages-<size>-<vendor>-<date>.txt.
"""

import argparse
import os
import subprocess
import urllib.parse
from datetime import timedelta
from pathlib import Path

from server import Gunicorn, server_environment

ROOT = Path(__file__).resolve().parent.parent


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--size", type=int, default=100_000, help="incidents to seed")
    parser.add_argument("--data-dir", type=Path, help="default: /tmp/bench-<vendor>-<size>")
    parser.add_argument("--requests", type=int, default=150, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--concurrent", type=int, default=8, help="threads for throughput")
    parser.add_argument("--walk", type=int, default=200, help="rel=next links to follow")
    parser.add_argument("--exports", type=int, default=2, help="timed exports")
    parser.add_argument("--word", default="okrypterat", help="the register search's word")
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    parser.add_argument("--sql-runs", type=int, default=7, help="runs of each page's SQL")
    return parser.parse_args()


def _database_create(url: str) -> None:
    """Create the PostgreSQL database of `url` unless it exists (createdb)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    command = ["createdb", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    command += ["-U", parts.username or "postgres", name]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0 and "already exists" not in done.stderr:
        raise SystemExit(f"createdb {name} failed: {done.stderr.strip()}")
    if done.returncode == 0:
        print(f"created database {name}")


def main() -> None:
    args = _arguments()
    url = os.environ.get("DATABASE_URL", "")
    vendor = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    data_dir = args.data_dir or Path(f"/tmp/bench-{vendor}-{args.size}")  # noqa: S108
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(server_environment(data_dir))
    if url:
        _database_create(url)

    import django

    django.setup()
    from django.core.management import call_command
    from national_cases import national_seed
    from pages_run import Bench, Personas
    from pages_table import write_table

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"seeding {args.size} incidents (once) …", flush=True)
    seconds = national_seed(args.size)
    print(f"seeded in {timedelta(seconds=round(seconds))}", flush=True)
    if args.seed_only:
        return
    personas = Personas.load()
    server = Gunicorn(ROOT, data_dir)
    print(f"gunicorn on port {server.port}", flush=True)
    try:
        bench = Bench(args, personas, server.port)
        bench.run_all()
    finally:
        server.stop()
    bench.raw_sql()
    path = write_table(bench, ROOT / "bench", args.size, seconds)
    print(path.read_text(encoding="utf-8"))
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
