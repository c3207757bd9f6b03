"""Pages of the incident's life: report, queue, register, acknowledge, the register, a case.

Views parse input, call one service or selector, and render.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.selectors import audit_allowed
from breachdesk.audit.services import audit_read
from breachdesk.documents.masking import FieldFinding
from breachdesk.documents.selectors import case_documents
from breachdesk.incidents import services
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.forms import RegisterForm, ReportForm, register_filter_form
from breachdesk.incidents.models import DataType, Incident, SubjectCategory
from breachdesk.incidents.selectors import (
    case_file,
    incident_clock,
    incident_list,
    incident_timeline,
    my_reports,
    protection_of,
    registration_queue,
)
from breachdesk.lib.http import AuthedHttpRequest, uuid_or_none
from breachdesk.orgs.models import DiarySeries, Role, Unit
from breachdesk.orgs.scoping import (
    CASE_READER_ROLES,
    controllers_where,
    home_unit,
    reportable_units,
)
from breachdesk.orgs.services import coordinator_suggest


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    if controllers_where(user=request.user, roles=CASE_READER_ROLES).exists():
        return redirect("incidents:register")
    return redirect("incidents:mine")


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
            except services.TransitionRefused as refusal:
                form.add_error(None, str(refusal))
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
                "location": "controller",
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


def _report_context(incident: Incident) -> dict[str, Any]:
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
    return render(request, "incidents/receipt.html", _report_context(incident))


@login_required
@require_GET
def mine(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(my_reports(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})


@login_required
@require_GET
def queue(request: AuthedHttpRequest) -> HttpResponse:
    controllers = controllers_where(user=request.user, roles=[Role.REGISTRAR])
    chosen = None
    code = uuid_or_none(request.GET.get("controller", ""))
    if code is not None:
        chosen = controllers.filter(code=code).first()
    incidents = registration_queue(user=request.user, controller=chosen)
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/queue.html",
        {"page": page, "controllers": controllers, "chosen": chosen, "now": timezone.now()},
    )


@login_required
@require_GET
def register(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    form = register_filter_form(user=user, data=request.GET)
    now = timezone.now()
    incidents = incident_list(user=user, filters=form.filters(), now=now)
    page = Paginator(incidents, settings.REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(incident, incident_clock(incident=incident, now=now)) for incident in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/register.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


# The page of each action that has one; "acknowledge" is a button on the case page itself.
ACTION_PAGES: dict[str, str] = {
    "register": "incidents:case_register",
    "investigate": "incidents:investigation",
    "contact": "incidents:contact_new",
    "measure": "incidents:measure_new",
    "assess_risk": "incidents:assessment",
    "assess": "incidents:imy_decision",
    "imy_pending": "incidents:imy_decision",
    "notify": "incidents:notify",
    "supplement": "incidents:supplement",
    "inform": "incidents:inform",
    "decide": "incidents:decide",
    "send_to_dpo": "incidents:send_to_dpo",
    "imy_answer": "incidents:imy_answer",
    "close": "incidents:close",
    "close_not_incident": "incidents:close_not_incident",
    "document_imy_notification": "documents:imy_notification",
    "document_imy_supplement": "documents:imy_supplement",
    "document_subjects_letter": "documents:subjects_letter",
    "document_decision": "documents:decision",
}


def _action_links(
    actions: dict[str, Any], incident: Incident, *, documents: bool = False
) -> list[tuple[str, str]]:
    """Links to the pages of `actions`: the documents' own, or all the others."""
    links: dict[str, str] = {}
    for action, rule in actions.items():
        if action in ACTION_PAGES and action.startswith("document_") == documents:
            url = reverse(ACTION_PAGES[action], kwargs={"code": incident.code})
            links.setdefault(url, str(rule.label))
    return [(label, url) for url, label in links.items()]


@login_required
@require_GET
def case(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": "case"})
    actions = dict(actions_for(request.user, incident))
    context = _report_context(incident)
    context.update(
        {
            "clock": incident_clock(incident=incident),
            "timeline": incident_timeline(incident=incident),
            "actions": actions,
            "action_links": _action_links(actions, incident),
            "document_links": _action_links(actions, incident, documents=True),
            "file": case_file(incident=incident),
            "documents": case_documents(incident=incident),
            "protection": protection_of(incident=incident),
            "may_audit": audit_allowed(user=request.user, controller_id=incident.controller_id),
        }
    )
    return render(request, "incidents/case.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    if "register" not in dict(actions_for(request.user, incident)):
        messages.error(request, _("This case cannot be registered by you now."))
        return redirect("incidents:case", code=incident.code)
    series = DiarySeries.objects.filter(controller=incident.controller)
    units = Unit.objects.filter(controller=incident.controller).select_related("controller")
    people = services.assignee_candidates(incident=incident)
    if request.method == "POST":
        form = RegisterForm(
            request.POST, series=series, units=units, people=people, protected=incident.protected
        )
        if form.is_valid():
            try:
                services.incident_register(
                    incident=incident,
                    actor=request.user,
                    series=form.cleaned_data["series"],
                    unit=form.cleaned_data["unit"],
                    assignee=form.cleaned_data["assignee"],
                    protected=form.cleaned_data["protected"],
                    protected_reason=form.cleaned_data["protected_reason"],
                )
            except services.TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if incident.protected:
                    # A registered protected case is no longer the registrar's to read.
                    messages.success(
                        request,
                        _(
                            "Registered as %(number)s and assigned to %(person)s. The case is "
                            "protected (OSL): only the case officer, the DPO and the people "
                            "the case officer names can see it."
                        )
                        % {"number": incident.diary_number, "person": incident.assignee},
                    )
                    return redirect("incidents:queue")
                messages.success(
                    request,
                    _("Registered as %(number)s and assigned to %(person)s.")
                    % {"number": incident.diary_number, "person": incident.assignee},
                )
                return redirect("incidents:case", code=incident.code)
    else:
        default_series = series.filter(is_default=True).first()
        form = RegisterForm(
            series=series,
            units=units,
            people=people,
            protected=incident.protected,
            initial={"series": default_series, "unit": incident.unit},
        )
    suggestion = coordinator_suggest(unit=incident.unit, on=timezone.localdate())
    context = _report_context(incident)
    context.update({"form": form, "suggestion": suggestion})
    return render(
        request,
        "incidents/register_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def case_acknowledge(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = incident_get_for_user(request.user, code, Need.CASE)
    try:
        with transaction.atomic():
            services.incident_acknowledge(incident=incident, actor=request.user)
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Receipt confirmed. The registrar can see it."))
    return HttpResponseRedirect(reverse("incidents:case", kwargs={"code": incident.code}))
