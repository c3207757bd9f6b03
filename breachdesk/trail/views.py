"""The audit trail for the DPO and the administrators of a controller: a period with filters,
the trail of one case, and each as CSV. Reading or exporting it is itself audited."""

from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import AUDIT_EXPORTED, AUDIT_VIEWED
from breachdesk.audit.models import AuditEvent
from breachdesk.audit.services import audit_params, audit_read
from breachdesk.lib.csvfile import csv_chunks, csv_response, csv_safe
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.scoping import audit_controllers
from breachdesk.trail.forms import AuditFilterForm
from breachdesk.trail.selectors import (
    AuditFilters,
    AuditRow,
    audit_case_get,
    audit_case_trail,
    audit_event_list,
    audit_rows,
)

PAGE_SIZE = 50
CHUNK_SIZE = 1000
LIST_SEPARATOR = "; "


def _filters(request: AuthedHttpRequest) -> tuple[AuditFilterForm, AuditFilters | None]:
    controllers = audit_controllers(user=request.user)
    if not controllers.exists():
        raise Http404
    form = AuditFilterForm(request.GET or None, controllers=controllers)
    return form, form.filters()


def _query(request: AuthedHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@never_cache
@login_required
@require_GET
def events(request: AuthedHttpRequest) -> HttpResponse:
    """The audit trail of a controller over a period, filtered."""
    form, filters = _filters(request)
    if filters is None:
        return render(request, "audit/events.html", {"form": form, "page": None}, status=400)
    page_number = request.GET.get("page")
    audit_read(
        request,
        kind=AUDIT_VIEWED,
        controller=filters.controller,
        data={"filters": audit_params(filters), "page": page_number or "1"},
    )
    page = Paginator(audit_event_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        page_number
    )
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "rows": list(audit_rows(page)),
            "query": _query(request),
            "controller": filters.controller,
        },
    )


@never_cache
@login_required
@require_GET
def case(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Every event of one case, reads included."""
    incident = audit_case_get(user=request.user, code=code)
    page_number = request.GET.get("page")
    audit_read(request, kind=AUDIT_VIEWED, incident=incident, data={"page": page_number or "1"})
    page = Paginator(audit_case_trail(incident=incident), PAGE_SIZE).get_page(page_number)
    return render(
        request,
        "audit/case.html",
        {"incident": incident, "page": page, "rows": list(audit_rows(page)), "query": ""},
    )


def _csv_headers() -> list[str]:
    return [
        _("Time"),
        _("Who"),
        _("User name"),
        _("Event"),
        _("Event code"),
        _("Diary number"),
        _("Address"),
        _("Fields"),
        _("Field codes"),
        _("Sequence number"),
    ]


def audit_csv(events: Iterable[AuditEvent], *, rows_per_chunk: int = 200) -> Iterator[bytes]:
    """`events` as CSV in chunks, as the register's export writes it (lib.csvfile), with
    ISO 8601 Swedish time."""

    def cells(row: AuditRow) -> list[str]:
        texts = [
            row.at.astimezone(STOCKHOLM).isoformat(timespec="seconds"),
            str(row.actor) if row.actor is not None else "",
            row.actor.username if row.actor is not None else "",
            str(row.label),
            row.kind,
            row.diary_number,
            row.address or "",
            LIST_SEPARATOR.join(row.fields),
            LIST_SEPARATOR.join(row.field_codes),
            str(row.seq),
        ]
        return [csv_safe(text) for text in texts]

    return csv_chunks(_csv_headers, audit_rows(events), cells, rows_per_chunk=rows_per_chunk)


# The file names people: no cache on the way may keep a copy.
@never_cache
@login_required
@require_GET
def events_export(request: AuthedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered audit trail of a controller as CSV."""
    form, filters = _filters(request)
    if filters is None:
        return render(request, "audit/events.html", {"form": form, "page": None}, status=400)
    found = audit_event_list(user=request.user, filters=filters)
    audit_read(
        request,
        kind=AUDIT_EXPORTED,
        controller=filters.controller,
        data={"filters": audit_params(filters), "rows": found.count()},
    )
    return csv_response(audit_csv(found.iterator(chunk_size=CHUNK_SIZE)), "breachdesk-audit")


@never_cache
@login_required
@require_GET
def case_export(request: AuthedHttpRequest, code: str) -> StreamingHttpResponse:
    """The audit trail of one case as CSV."""
    incident = audit_case_get(user=request.user, code=code)
    found = audit_case_trail(incident=incident)
    audit_read(request, kind=AUDIT_EXPORTED, incident=incident, data={"rows": found.count()})
    name = get_valid_filename(f"breachdesk-audit-{incident.display_number}")
    return csv_response(audit_csv(found.iterator(chunk_size=CHUNK_SIZE)), name)
