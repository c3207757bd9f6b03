"""Pages of the reports across cases: the committee report and the incident log, produced by
those who read every case of the controller, and the earlier ones."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.documents import report_services
from breachdesk.documents.forms import CommitteeReportForm, IncidentLogForm
from breachdesk.documents.models import Document
from breachdesk.documents.privacy import DocumentCheck
from breachdesk.documents.selectors import reports_of
from breachdesk.documents.views import produce_guarded
from breachdesk.orgs.models import Committee, Controller
from breachdesk.orgs.scoping import controllers_wholly_covered


def _report_controllers(user: Any) -> QuerySet[Controller]:
    return controllers_wholly_covered(user=user, roles=report_services.REPORT_ROLES)


def _reports_page(
    request: AuthedHttpRequest,
    *,
    committee_form: CommitteeReportForm | None = None,
    log_form: IncidentLogForm | None = None,
    check: DocumentCheck | None = None,
    status: int = 200,
) -> HttpResponse:
    controllers = _report_controllers(request.user)
    committees = Committee.objects.filter(controller__in=controllers).select_related("controller")
    committee_check = check if committee_form is not None else None
    log_check = check if log_form is not None else None
    if committee_form is None:
        today = timezone.localdate()
        first = committees.order_by("controller__name", "name").first()
        committee_form = CommitteeReportForm(
            committees=committees,
            initial={
                "committee": first,
                "meetings": list(
                    first.meetings.filter(held_on__year=today.year, held_on__lte=today)
                )
                if first
                else [],
            },
        )
    if log_form is None:
        log_form = IncidentLogForm(
            controllers=controllers,
            initial={
                "controller": controllers.first(),
                "start": timezone.localdate().replace(month=1, day=1),
                "end": timezone.localdate(),
            },
        )
    return render(
        request,
        "documents/reports.html",
        {
            "committee_form": committee_form,
            "committee_findings": committee_check.findings if committee_check else [],
            "committee_masked": committee_check.masked if committee_check else [],
            "log_form": log_form,
            "log_findings": log_check.findings if log_check else [],
            "log_masked": log_check.masked if log_check else [],
            "has_controllers": controllers.exists(),
            "documents": reports_of(controllers=controllers)[:50],
        },
        status=status,
    )


@login_required
@require_GET
def reports(request: AuthedHttpRequest) -> HttpResponse:
    """The committee report and the incident log, and the earlier ones."""
    if not _report_controllers(request.user).exists():
        raise Http404
    return _reports_page(request)


@login_required
@require_POST
def committee_report(request: AuthedHttpRequest) -> HttpResponse:
    controllers = _report_controllers(request.user)
    if not controllers.exists():
        raise Http404
    committees = Committee.objects.filter(controller__in=controllers)
    form = CommitteeReportForm(request.POST, committees=committees)
    check: DocumentCheck | None = None
    if form.is_valid():
        data = form.cleaned_data
        meetings = list(data["meetings"])
        outcome = produce_guarded(
            request,
            form,
            check=lambda masks: report_services.committee_report_check(
                committee=data["committee"],
                meetings=meetings,
                language=data["language"],
                masks=masks,
            ),
            produce=lambda masks: report_services.committee_report_produce(
                committee=data["committee"],
                meetings=meetings,
                actor=request.user,
                language=data["language"],
                masks=masks,
                builtin=bool(data.get("builtin")),
            ),
            unconfirmed=_(
                "The report is read in a public meeting, and its texts may identify "
                "people (listed below). Write a summary for reports on those cases, or "
                "confirm that the report may be produced anyway."
            ),
        )
        if outcome.document is not None:
            return _produced(request, outcome.document)
        check = outcome.check
    return _reports_page(
        request, committee_form=form, check=check, status=400 if form.errors else 200
    )


@login_required
@require_POST
def incident_log(request: AuthedHttpRequest) -> HttpResponse:
    controllers = _report_controllers(request.user)
    if not controllers.exists():
        raise Http404
    form = IncidentLogForm(request.POST, controllers=controllers)
    check: DocumentCheck | None = None
    if form.is_valid():
        data = form.cleaned_data
        period = {
            "controller": data["controller"],
            "start": data["start"],
            "end": data["end"],
            "unit": data["unit"],
        }
        outcome = produce_guarded(
            request,
            form,
            check=lambda masks: report_services.incident_log_check(
                **period, language=data["language"], masks=masks
            ),
            produce=lambda masks: report_services.incident_log_produce(
                **period,
                actor=request.user,
                language=data["language"],
                masks=masks,
                builtin=bool(data.get("builtin")),
            ),
            unconfirmed=_(
                "The incident log is a public document, and its texts may identify "
                "people (listed below). Mask them in the log, or confirm that the log "
                "may be produced anyway."
            ),
        )
        if outcome.document is not None:
            return _produced(request, outcome.document)
        check = outcome.check
    return _reports_page(request, log_form=form, check=check, status=400 if form.errors else 200)


def _produced(request: AuthedHttpRequest, document: Document) -> HttpResponse:
    messages.success(
        request,
        _("%(title)s, version %(version)s, is produced.")
        % {"title": document.title, "version": document.version},
    )
    return redirect(f"{reverse('documents:reports')}#document-{document.code}")
