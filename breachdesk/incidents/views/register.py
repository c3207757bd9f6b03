"""The register: the cases a person reads, filtered, and its export as a CSV or XLSX file."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import REGISTER_EXPORTED
from breachdesk.audit.services import audit_params, audit_read_rows
from breachdesk.incidents.clock import case_clock
from breachdesk.incidents.export import (
    XLSX_CONTENT_TYPE,
    incident_export_list,
    register_csv,
    register_xlsx,
)
from breachdesk.incidents.forms.register import register_filter_form
from breachdesk.incidents.selectors import register_page
from breachdesk.lib.csvfile import attachment_name, csv_response, started
from breachdesk.lib.keyset import Cursor


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    """Everyone starts on My tasks: what is theirs to do, the soonest due first."""
    return redirect("alerts:tasks")


@login_required
@require_GET
def register(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    form = register_filter_form(user=user, data=request.GET)
    now = timezone.now()
    after = Cursor.parse(request.GET.get("after"))
    before = None if after else Cursor.parse(request.GET.get("before"))
    bound = settings.REGISTER_COUNT_BOUND
    found = register_page(
        user=user,
        filters=form.filters(),
        now=now,
        size=settings.REGISTER_PAGE_SIZE,
        bound=bound,
        after=after,
        before=before,
    )
    page = found.page
    rows = [(incident, case_clock(incident=incident, now=now)) for incident in page.rows]
    query = request.GET.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    return render(
        request,
        "incidents/register.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "count": found.count,
            "count_bound": bound,
            "paged": after is not None or before is not None,
        },
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
    # Both files are streamed as they are written, in constant memory; their first chunk is
    # made here, so that the rows' query runs (or fails) before the answer starts.
    if fmt == "csv":
        return csv_response(started(register_csv(incidents)), "breachdesk-register")
    response = StreamingHttpResponse(
        started(register_xlsx(incidents)), content_type=XLSX_CONTENT_TYPE
    )
    name = attachment_name("breachdesk-register", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
