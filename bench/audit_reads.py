"""Time case reads being recorded by concurrent requests: one audit chain per controller.

Usage: python bench/audit_reads.py [SECONDS]   (each case runs SECONDS, 5 by default, in 3
rounds; meant for PostgreSQL: on SQLite every write transaction is alone, whatever the chains)
Each thread has its own connection and records read events as the case page does
(`audit_read()`: a transaction of its own per read), as fast as it can, for 1 and 8 threads:

  one controller     every read in one controller's chain: they queue on its head row
  8 controllers      thread i reads controller i's cases (with 1 thread: in turn)
  8, one lock        as "8 controllers", but each read first locks one shared head row:
                     the one chain of before, for the ratio

Prints the median events per second of each case over the rounds (the cases take turns, so a
busy moment of the machine does not fall on one case only), and checks every chain afterwards.
"""

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import RequestFactory

from breachdesk.audit.chain import NO_CONTROLLER
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.models import AuditChainHead, AuditEvent
from breachdesk.audit.services import audit_read, audit_record
from breachdesk.audit.verify import audit_chain_verify
from breachdesk.orgs.models import Controller

CONTROLLERS = 8
ROUNDS = 3


def _controllers() -> list[Controller]:
    made = []
    for number in range(1, CONTROLLERS + 1):
        controller, _created = Controller.objects.get_or_create(
            name=f"Benchnämnd {number}", defaults={"organisation_number": f"212999-{number:04d}"}
        )
        made.append(controller)
    with transaction.atomic():  # the shared head of "one lock" exists before the clock runs
        audit_record(kind="bench.start", actor=None)
    return made


def _request() -> HttpRequest:
    request = RequestFactory().get("/incidents/bench/", REMOTE_ADDR="192.0.2.10")
    request.user = AnonymousUser()
    return request


def _read(controller: Controller, one_lock: bool) -> None:
    """One read of a case page of `controller`, recorded as the case page records it."""
    if not one_lock:
        audit_read(_request(), kind=CASE_VIEWED, controller=controller, data={"page": "case"})
        return
    with transaction.atomic():
        AuditChainHead.objects.select_for_update().get(chain=NO_CONTROLLER)
        audit_read(_request(), kind=CASE_VIEWED, controller=controller, data={"page": "case"})


def _run(
    threads: int, seconds: float, of_thread: Callable[[int], list[Controller]], one_lock: bool
) -> float:
    """Events per second of `threads` readers over `seconds`; reader i reads the cases of
    `of_thread(i)` in turn."""
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()
    counts = [0] * threads
    errors: list[BaseException] = []

    def work(index: int) -> None:
        mine = of_thread(index)
        try:
            barrier.wait()
            done = 0
            while not stop.is_set():
                _read(mine[done % len(mine)], one_lock)
                done += 1
            counts[index] = done
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    call_command("migrate", verbosity=0)
    controllers = _controllers()
    before = AuditEvent.objects.count()
    print(f"database: {connection.vendor}, {seconds:.0f} s per case, audit events before: {before}")

    def one(index: int) -> list[Controller]:
        return controllers[:1]

    def spread(threads: int) -> Callable[[int], list[Controller]]:
        return lambda index: controllers if threads == 1 else [controllers[index % CONTROLLERS]]

    runs: dict[tuple[str, int], list[float]] = {}
    for _round in range(ROUNDS):
        for threads in (1, 8):
            for name, of_thread, one_lock in (
                ("one controller", one, False),
                (f"{CONTROLLERS} controllers", spread(threads), False),
                (f"{CONTROLLERS}, one lock", spread(threads), True),
            ):
                rate = _run(threads, seconds, of_thread, one_lock)
                runs.setdefault((name, threads), []).append(rate)
    rates = {case: statistics.median(found) for case, found in runs.items()}
    for (name, threads), rate in rates.items():
        each = ", ".join(f"{found:.0f}" for found in runs[name, threads])
        print(f"  {threads} thread(s), {name:<16} {rate:6.0f} events/s  (rounds: {each})")
    spread_rate = rates[f"{CONTROLLERS} controllers", 8]
    print(
        f"8 threads, {CONTROLLERS} controllers: {spread_rate / rates['one controller', 8]:.2f} x "
        f"one controller, {spread_rate / rates[f'{CONTROLLERS}, one lock', 8]:.2f} x one lock"
    )
    start = time.perf_counter()
    report = audit_chain_verify()
    assert report.intact, report.problem
    print(
        f"audit_verify: {report.events} events in {len(report.chains)} chains intact "
        f"({time.perf_counter() - start:.1f} s)"
    )


if __name__ == "__main__":
    main()
