"""Reporting an incident: the report form, its receipt, and the reporter's own reports."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_read
from breachdesk.guard.masking import FieldFinding
from breachdesk.incidents import services
from breachdesk.incidents.access import Need, incident_get_for_user
from breachdesk.incidents.forms.report import ReportForm
from breachdesk.incidents.models import DataType, Incident, Location, SubjectCategory
from breachdesk.incidents.selectors import my_reports
from breachdesk.lib.errors import DomainError, refusal_show
from breachdesk.orgs.scoping import home_unit, reportable_units


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: AuthedHttpRequest) -> HttpResponse:
    # The privacy guard reads the free texts before the report is sent and shows what it found;
    # the reporter replaces the ticked findings ("mask": re-rendered, never sent) or sends the
    # texts as they are ("confirm", valid only for the texts the findings were shown for).
    # A page that only shows findings is 200: the input is acceptable and the reporter may send
    # it as it is; 400 is kept for input the form refuses.
    user = request.user
    units = reportable_units(user=user).order_by("controller__name", "path")
    findings: list[FieldFinding] = []
    replaced: int | None = None
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, user=user, units=units)
        masking = request.POST.get("guard") == "mask"
        if masking:
            form, replaced = form.guard_masked(request.POST.getlist("mask"))
        findings = form.guard_findings()
        if not masking and form.is_valid() and (not findings or form.guard_confirmed()):
            try:
                incident = services.incident_report(reporter=user, facts=form.facts())
            except DomainError as refusal:
                refusal_show(form, refusal)
            else:
                return redirect("incidents:receipt", code=incident.code)
        status = 400 if form.errors else 200
    else:
        unit = home_unit(user=user)
        form = ReportForm(
            user=user,
            units=units,
            initial={
                "reporter_name": user.get_full_name(),
                "reporter_title": user.title,
                "unit": unit.pk if unit is not None else None,
                "location": Location.CONTROLLER,
            },
        )
    return render(
        request,
        "incidents/report_form.html",
        {
            "form": form,
            "has_units": units.exists(),
            "findings": findings,
            "guard_hash": form.guard_hash() if findings else "",
            "replaced": replaced,
        },
        status=status,
    )


def _labels(keys: list[str], choices: Any) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(key, key)) for key in keys]


def report_context(incident: Incident) -> dict[str, Any]:
    return {
        "incident": incident,
        "subject_labels": _labels(incident.subject_categories, SubjectCategory.choices),
        "data_type_labels": _labels(incident.data_types, DataType.choices),
    }


@login_required
@require_GET
def report_receipt(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.REPORT)
    audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": "receipt"})
    return render(request, "incidents/receipt.html", report_context(incident))


@login_required
@require_GET
def mine(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(my_reports(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})
