"""The pages the benchmark drives, as whom, how often, and what counts as an error."""

import argparse
import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import cycle, islice

from django.utils import timezone
from load import Request, Response, Run, Session, next_link, run
from national import COORDINATOR, DPO, EXPORTER, PASSWORD, REGISTRAR, REPORTER
from rawsql import PageSql, page_sql

from breachdesk.accounts.models import User
from breachdesk.incidents.access import incidents_visible_to
from breachdesk.incidents.models import Incident
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.models import DiarySeries, Membership, Role
from breachdesk.orgs.scoping import home_unit

Check = Callable[[Request, Response], str | None]
ROUNDS = 3  # alternations of concurrency 1 and --concurrent for the throughput
CASE_PAGES = 50  # the case page is requested for this many cases in turn
FALLBACK_DEEP = "/incidents/?page=200"
REPORT_TEXT = (
    "Ett brev med ett beslut skickades till fel adress. Mottagaren har lämnat tillbaka brevet "
    "oöppnat."
)
RECEIPT = re.compile(r"/incidents/([0-9a-f-]{36})/receipt/")


@dataclass
class Personas:
    users: dict[str, User]
    labels: dict[str, str]  # username: what the person covers
    visible: dict[str, int]  # username: cases they read in the register
    case_codes: list[str]
    report_unit: int
    series: int  # the default diary series of the registrar's controller

    @classmethod
    def load(cls) -> "Personas":
        users = {u.username: u for u in User.objects.filter(username__in=[
            REGISTRAR, COORDINATOR, DPO, REPORTER, EXPORTER])}  # fmt: skip
        visible = {
            name: incidents_visible_to(users[name]).count()
            for name in (REGISTRAR, COORDINATOR, DPO, EXPORTER)
        }
        dpo_of = Membership.objects.filter(user=users[DPO], role=Role.DPO).count()
        exports = Membership.objects.filter(user=users[EXPORTER], role=Role.DPO).count()
        labels = {
            REGISTRAR: "registrar of 1 controller",
            COORDINATOR: "coordinator of 1 unit subtree",
            DPO: f"DPO of {dpo_of} committees",
            REPORTER: "reporter",
            EXPORTER: f"DPO of {exports} controllers",
        }
        officer = users[COORDINATOR]
        codes = list(
            Incident.objects.filter(assignee=officer, state=State.ACKNOWLEDGED)
            .order_by("-reported_at")
            .values_list("code", flat=True)[:CASE_PAGES]
        ) or list(Incident.objects.filter(assignee=officer).values_list("code", flat=True)[:1])
        unit = home_unit(user=users[REPORTER])
        registrar_of = Membership.objects.get(user=users[REGISTRAR], role=Role.REGISTRAR)
        series = DiarySeries.objects.get(controller_id=registrar_of.controller_id, is_default=True)
        assert unit is not None and codes
        return cls(users, labels, visible, [str(c) for c in codes], unit.pk, series.pk)


@dataclass
class PageResult:
    name: str
    persona: str
    path: str
    c1: Run
    c8: Run | None = None
    c1_rounds: Run | None = None  # concurrency 1 in the rounds that alternate with c8
    sql_user: User | None = None
    sql: PageSql | None = None
    notes: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, args: argparse.Namespace, personas: Personas, port: int) -> None:
        self.args = args
        self.personas = personas
        self.port = port
        self.results: list[PageResult] = []
        self.sessions: dict[str, Session] = {}
        self.load_before = self.load_after = (0.0, 0.0, 0.0)

    def session(self, username: str) -> Session:
        if username not in self.sessions:
            self.sessions[username] = self.login(username)
        return self.sessions[username]

    def login(self, username: str) -> Session:
        session = Session(self.port)
        session.login(username, PASSWORD)
        return session

    def label(self, username: str) -> str:
        label = self.personas.labels[username]
        if username in self.personas.visible:
            label += f", reads {self.personas.visible[username]:,} cases"
        return label

    def timed(
        self,
        name: str,
        username: str,
        requests: list[Request],
        *,
        concurrent: bool = False,
        sql_path: str | None = None,
        keep: bool = False,
        check: Check | None = None,
    ) -> PageResult:
        """Warm up, then time `requests` from one session (and, when `concurrent`, from
        --concurrent sessions of the same person)."""
        args = self.args
        session = self.session(username)
        warm = list(islice(cycle(requests), args.warmup))
        run([session], warm, keep=keep, check=check)
        timed = list(islice(cycle(requests), args.requests))
        c1 = run([session], timed, keep=keep, check=check)
        result = PageResult(name, self.label(username), requests[0].path, c1)
        if concurrent:
            self._throughput(result, session, username, requests)
        if sql_path is not None:
            result.path = sql_path
            result.sql_user = self.personas.users[username]
        self.results.append(result)
        self._print(result)
        return result

    def _throughput(
        self, result: PageResult, session: Session, username: str, requests: list[Request]
    ) -> None:
        """Requests per second at concurrency 1 and at --concurrent, in alternating rounds,
        so that a burst of other work on the machine weighs on both alike."""
        args = self.args
        sessions = [session, *(self.login(username) for _ in range(args.concurrent - 1))]
        run(sessions, list(islice(cycle(requests), args.concurrent * 2)))
        alone, together = Run(), Run()
        share = max(args.requests // ROUNDS, 1)
        for _ in range(ROUNDS):
            batch = list(islice(cycle(requests), share))
            alone.merge(run([session], batch))
            together.merge(run(sessions, batch))
        result.c1_rounds, result.c8 = alone, together

    def _print(self, result: PageResult) -> None:
        c1 = result.c1
        line = f"{result.name} ({result.persona}): median {c1.median:.0f} ms, p95 {c1.p95:.0f} ms"
        line += f", {c1.count} requests, {len(c1.errors)} errors"
        if result.c8 is not None:
            line += f"; c={self.args.concurrent}: {result.c8.per_second:.1f} req/s"
            alone = result.c1_rounds or c1
            line += f" vs {alone.per_second:.1f} at c=1, {len(result.c8.errors)} errors"
        print(line, flush=True)
        for error in (c1.errors + (result.c8.errors if result.c8 else []))[:3]:
            print(f"  error: {error}", flush=True)

    def run_all(self) -> None:
        self.load_before = os.getloadavg()
        self._pages()
        self.load_after = os.getloadavg()

    def _pages(self) -> None:
        p = self.personas
        first = "/incidents/"
        self.timed("Register, page 1", REGISTRAR, [Request("GET", first)], concurrent=True,
                   sql_path=first)  # fmt: skip
        self.timed("Register, page 1", COORDINATOR, [Request("GET", first)], sql_path=first)
        self.timed("Register, page 1", DPO, [Request("GET", first)], sql_path=first)
        deep = self.walk()
        self.timed("Register, deep page (link reused)", REGISTRAR, [Request("GET", deep)],
                   sql_path=deep)  # fmt: skip
        search = f"/incidents/?state=acknowledged&q={urllib.parse.quote(self.args.word)}"
        self.timed("Register, state + search", DPO, [Request("GET", search)], sql_path=search)
        cases = [Request("GET", f"/incidents/{code}/") for code in p.case_codes]
        self.timed("Case page", COORDINATOR, cases, concurrent=True, sql_path=cases[0].path)
        codes = self.report()
        self.register(codes)
        self.export()

    def walk(self) -> str:
        """Follow the register's rel="next" links from page 1 as the registrar; return the
        last link (the deep page), or ?page=200 when the page has no such link."""
        session = self.session(REGISTRAR)
        path = "/incidents/"
        link = next_link(session.get(path).body, path)
        steps, last = Run(), None
        while link is not None and steps.count < self.args.walk:
            answer = session.send(Request("GET", link))
            steps.ms.append(answer.ms)
            if answer.status != 200:
                steps.errors.append(f"GET {link}: {answer.status}")
                break
            last, link = link, next_link(answer.body, link)
        result = PageResult(
            f"Register, walk along rel=next ({steps.count} pages)",
            self.label(REGISTRAR),
            last or path,
            steps,
        )
        if last is None:
            result.notes.append(f'no rel="next" link on page 1: the deep page is {FALLBACK_DEEP}')
        elif link is None:
            result.notes.append(f"the walk reached the register's end after {steps.count} pages")
        result.notes.append(f"deep link: {last or FALLBACK_DEEP}")
        self.results.append(result)
        self._print(result)
        return last or FALLBACK_DEEP

    def report(self) -> list[str]:
        """POST the report form as the reporter; return the codes of the new cases."""
        session = self.session(REPORTER)
        token = session.csrf_token("/incidents/report/")
        now = timezone.now().astimezone(STOCKHOLM)
        form: dict[str, str | list[str]] = {
            "csrfmiddlewaretoken": token,
            "reporter_name": "Bänkföretagets handläggare",
            "reporter_title": "Handläggare",
            "unit": str(self.personas.report_unit),
            "description": REPORT_TEXT,
            "occurred_at": (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "discovered_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "location": "controller",
            "subject_categories": ["clients"],
            "data_types": ["name", "social"],
            "affected_count": "1",
        }
        codes: list[str] = []

        def check(request: Request, answer: Response) -> str | None:
            found = RECEIPT.search(answer.headers.get("location", ""))
            if found is None:
                return f"POST {request.path}: {answer.status} without a receipt"
            codes.append(found.group(1))
            return None

        post = Request("POST", "/incidents/report/", form, expect=(302,))
        self.timed("Report form, POST (new case)", REPORTER, [post], check=check)
        return codes

    def register(self, codes: list[str]) -> None:
        """POST the registration of reported cases (each once) as the registrar."""
        args = self.args
        needed = args.warmup + args.requests
        if len(codes) < needed:
            raise RuntimeError(f"{len(codes)} reported cases to register, {needed} needed.")
        session = self.session(REGISTRAR)
        token = session.csrf_token(f"/incidents/{codes[0]}/register/")
        requests = [
            Request(
                "POST",
                f"/incidents/{code}/register/",
                {
                    "csrfmiddlewaretoken": token,
                    "series": str(self.personas.series),
                    "unit": str(self.personas.report_unit),
                    "assignee": "",
                    "protected_reason": "",
                },
                expect=(302,),
            )
            for code in codes[-needed:]
        ]

        def check(request: Request, answer: Response) -> str | None:
            case = request.path.removesuffix("register/")
            if not answer.headers.get("location", "").endswith(case):
                return f"POST {request.path}: {answer.status} to {answer.headers.get('location')}"
            return None

        run([session], requests[: args.warmup], check=check)
        c1 = run([session], requests[args.warmup :], check=check)
        result = PageResult(
            "Registration, POST", self.label(REGISTRAR), "/incidents/<code>/register/", c1
        )
        self.results.append(result)
        self._print(result)

    def export(self) -> None:
        """The register as CSV, as the DPO shared by enough controllers for ~100 000 rows."""
        session = self.session(EXPORTER)
        path = "/incidents/export/csv/"
        timed = run([session], [Request("GET", path)] * self.args.exports)
        rows = timed.rows // max(timed.count, 1) - 1  # less the header line
        result = PageResult("Export CSV", self.label(EXPORTER), path, timed)
        seconds = timed.median / 1000
        if timed.errors:
            result.notes.append(f"the export failed: {timed.errors[0]} (see gunicorn.log)")
        else:
            result.name = f"Export CSV ({rows:,} rows, {rows / seconds:,.0f} rows/s)"
            result.notes.append(
                f"{rows:,} rows, {timed.size / max(timed.count, 1) / 1e6:.0f} MB per export, "
                f"{rows / seconds:,.0f} rows/s (median of {timed.count})"
            )
        self.results.append(result)
        self._print(result)
        print(f"  {result.notes[-1]}", flush=True)

    def raw_sql(self) -> None:
        for result in self.results:
            if result.sql_user is None:
                continue
            try:
                result.sql = page_sql(result.sql_user, result.path, self.args.sql_runs)
            except Exception as failure:  # the code may be mid-change: keep the HTTP figures
                result.notes.append(f"raw SQL not measured: {failure!r}"[:300])
                print(f"{result.name}: {result.notes[-1]}", flush=True)
