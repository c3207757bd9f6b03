"""Time a committee report over a year of a large register.

Usage: python bench/committee_report.py N [--cases C]
(seeds N extra incidents once with `demo --incidents`). Reports the social committee's
incidents registered since a meeting, with the committee's later meetings as further sections.
Without --cases the first meeting lies before the first registered case: every registered case
of the controller in one report. With --cases C it is the day of the C-th latest registered
case: the last C or so cases (the bulk cases span ten months, so `10000 --cases 3000` is a year
of one large controller). Prints each stage (database, the guard's check, DOCX, PDF) and the
whole stored production, the median of 3 runs, and the queries of one production.
"""

import argparse
import os
from collections.abc import Callable
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override
from timing import median_ms

from breachdesk.accounts.models import User
from breachdesk.demo.bulk import BULK_PREFIX
from breachdesk.documents.builtin import builtin_docx, builtin_pdf_layout
from breachdesk.documents.privacy import document_check
from breachdesk.documents.production import Header
from breachdesk.documents.render import render_docx, render_pdf
from breachdesk.documents.report_services import committee_context, committee_report_produce
from breachdesk.documents.reports import committee_report_sections
from breachdesk.incidents.models import Incident
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.models import Committee, Meeting


def median_s(action: Callable[[], object], runs: int = 3) -> float:
    return median_ms(action, runs) / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("incidents", type=int, nargs="?", default=5000)
    parser.add_argument("--cases", type=int, default=0, help="the last C registered cases")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Incident.objects.filter(reference__startswith=BULK_PREFIX).exists():
        call_command("demo", incidents=args.incidents, verbosity=0)
    committee = Committee.objects.select_related("controller").get(name="Socialnämnden")
    registered = Incident.objects.filter(
        controller=committee.controller, registered_at__isnull=False
    )
    if args.cases:
        ordered = registered.order_by("-registered_at").values_list("registered_at", flat=True)
        first = ordered[args.cases - 1 : args.cases].first()
    else:
        first = registered.order_by("registered_at").values_list("registered_at", flat=True)[0]
    if first is None:
        raise SystemExit("no registered incidents")
    start = first.astimezone(STOCKHOLM).date() - timedelta(days=0 if args.cases else 1)
    earliest, _ = Meeting.objects.get_or_create(committee=committee, held_on=start)
    meetings = [earliest, *committee.meetings.filter(held_on__gt=start)]
    registrar = User.objects.get(username="registrar")
    now = timezone.now()

    def produce() -> object:
        return committee_report_produce(committee=committee, meetings=meetings, actor=registrar)

    with override("sv"):
        sections = committee_report_sections(committee=committee, meetings=meetings)
        rows = sum(len(section.rows) for section in sections)
        header = Header("committee_report", "Bench", 1, "sv", "", now)
        context = committee_context(committee, sections, header)
        pdf = render_pdf(builtin_pdf_layout("committee_report"), context, language="sv")
        timings = {
            "database (sections and rows)": median_s(
                lambda: committee_report_sections(committee=committee, meetings=meetings)
            ),
            "the privacy guard's check": median_s(
                lambda: document_check("committee_report", context)
            ),
            "DOCX": median_s(lambda: render_docx(builtin_docx("committee_report"), context)),
            "PDF": median_s(
                lambda: render_pdf(builtin_pdf_layout("committee_report"), context, language="sv")
            ),
        }
    total = median_s(produce)
    with CaptureQueriesContext(connection) as queries:
        produce()
    print(
        f"{connection.vendor}: committee report of {rows} incidents in {len(sections)} "
        f"sections ({registered.count()} registered cases of the controller in all)"
    )
    for stage, seconds in timings.items():
        print(f"  {stage:32} {seconds:6.2f} s")
    print(f"  {'the whole service (stored)':32} {total:6.2f} s, {len(queries)} queries")
    print(f"  PDF pages/size: {pdf.count(b'/Type /Page') - 1} pages, {len(pdf) // 1024} KB")


if __name__ == "__main__":
    main()
