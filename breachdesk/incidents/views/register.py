"""The register: the cases a person reads, filtered, and its export as a CSV or XLSX file."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import REGISTER_EXPORTED
from breachdesk.audit.services import audit_params, audit_read_rows
from breachdesk.incidents.export import (
    CHUNK_SIZE,
    XLSX_CONTENT_TYPE,
    incident_export_list,
    register_csv,
    register_xlsx,
)
from breachdesk.incidents.forms.register import register_filter_form
from breachdesk.incidents.selectors import incident_clock, incident_list
from breachdesk.lib.csvfile import attachment_name, csv_response
from breachdesk.orgs.scoping import CASE_READER_ROLES, controllers_where


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    if controllers_where(user=request.user, roles=CASE_READER_ROLES).exists():
        return redirect("incidents:register")
    return redirect("incidents:mine")


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


FORMATS = ("csv", "xlsx")


# The file holds personal data: no cache on the way may keep a copy.
@never_cache
@login_required
@require_GET
def register_export(request: AuthedHttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404
    form = register_filter_form(user=request.user, data=request.GET)
    incidents = incident_export_list(user=request.user, filters=form.filters())
    data = {"format": fmt, "filters": audit_params(form.filters())}
    audit_read_rows(request, kind=REGISTER_EXPORTED, rows=incidents, data=data)
    rows = incidents.iterator(chunk_size=CHUNK_SIZE)
    if fmt == "csv":
        return csv_response(register_csv(rows), "breachdesk-register")
    response = HttpResponse(register_xlsx(rows), content_type=XLSX_CONTENT_TYPE)
    name = attachment_name("breachdesk-register", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
