"""Pages of the case file (docs/case-file.md): the diary sheet of a case as a page and a PDF, an
incoming document's file, the public diary entry of a case, and the public diary of a period
as CSV for the authority's own public diary.

The diary sheet and the files are read by whoever reads the case. The public diary of a period
is produced by the registrars, administrators and DPOs of a whole controller; it holds nothing
that identifies a person, so protected cases are in it with their secrecy mark.
"""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import CASE_VIEWED, REGISTER_EXPORTED
from breachdesk.audit.services import audit_read
from breachdesk.documents.casefile import (
    PublicEntry,
    case_file,
    public_entries,
    public_entry,
)
from breachdesk.documents.casefile_incoming import incoming_register, max_bytes
from breachdesk.documents.layout import Fields, Layout, Table, Text, When
from breachdesk.documents.models import RegisteredDocument
from breachdesk.documents.render import render_pdf
from breachdesk.documents.views import attachment
from breachdesk.guard.base import FindingKind
from breachdesk.incidents.access import Need, incident_get_for_user
from breachdesk.incidents.forms.fields import EARLIEST, LATEST
from breachdesk.incidents.models import Incident
from breachdesk.lib.csvfile import csv_chunks, csv_response, csv_safe, started
from breachdesk.lib.deadlines import STOCKHOLM, swedish_day
from breachdesk.lib.errors import DomainError, refusal_show
from breachdesk.orgs.models import Controller, Role
from breachdesk.orgs.scoping import controllers_wholly_covered

PUBLIC_DIARY_ROLES = (Role.REGISTRAR, Role.ADMINISTRATOR, Role.DPO)


def _sheet_layout() -> Layout:
    return Layout(
        (
            Fields(
                (
                    (_("Diary number"), "{{ case.diary_number }}"),
                    (_("Registered"), "{{ case.registered }}"),
                    (_("Unit"), "{{ case.unit }}"),
                    (_("Case officer"), "{{ case.officer }}"),
                )
            ),
            When(
                "rows",
                (
                    Table(
                        headers=(
                            _("No."),
                            _("Date"),
                            _("Direction"),
                            _("Sender or recipient"),
                            _("Document"),
                        ),
                        loop="row in rows",
                        cells=(
                            "{{ row.number }}",
                            "{{ row.dated }}",
                            "{{ row.direction }}",
                            "{{ row.counterpart }}",
                            "{{ row.title }}",
                        ),
                        widths=(1.2, 2.4, 2.2, 4.6, 6.6),
                    ),
                ),
            ),
            When("not rows", (Text(_("No documents are registered in the case yet.")),)),
        ),
        page_label=(_("Page"), _("of")),
    )


def _sheet_pdf(incident: Incident, documents: list[RegisteredDocument]) -> bytes:
    context = {
        "controller": {"name": incident.controller.name},
        "document": {
            "title": _("Diary sheet %(number)s") % {"number": incident.display_number},
            "header": _("Diary sheet"),
        },
        "case": {
            "diary_number": incident.diary_number or "",
            "registered": swedish_day(incident.registered_at).isoformat()
            if incident.registered_at
            else "",
            "unit": incident.unit.name,
            "officer": str(incident.assignee or ""),
        },
        "rows": [
            {
                "number": item.number,
                "dated": item.dated.isoformat(),
                "direction": item.get_direction_display(),
                "counterpart": item.counterpart,
                "title": item.title,
            }
            for item in documents
        ],
    }
    return render_pdf(_sheet_layout(), context, language=get_language() or "sv")


@login_required
@require_GET
def diary_sheet(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """The case's diary sheet (*diarieblad*): its registered documents in order."""
    incident = incident_get_for_user(request.user, code, Need.CASE)
    pdf = request.GET.get("format") == "pdf"
    audit_read(
        request,
        kind=CASE_VIEWED,
        incident=incident,
        data={"page": "diary_sheet", "format": "pdf" if pdf else "html"},
    )
    documents = case_file(incident=incident)
    if pdf:
        name = f"diarieblad-{incident.diary_number or incident.reference}.pdf"
        return attachment(_sheet_pdf(incident, documents), name, "application/pdf")
    return render(
        request,
        "documents/diary_sheet.html",
        {
            "incident": incident,
            "documents": documents,
            "entry": public_entry(incident=incident, documents=documents),
        },
    )


@login_required
@require_GET
def registered_file(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    """The file of an incoming registered document."""
    incident = incident_get_for_user(request.user, code, Need.CASE)
    found = RegisteredDocument.objects.filter(incident=incident, number=number).first()
    if found is None or found.content is None:
        raise Http404
    audit_read(
        request,
        kind=CASE_VIEWED,
        incident=incident,
        data={"page": "registered_file", "number": number},
    )
    return attachment(found.content, found.filename, found.media_type or "application/octet-stream")


class PublicDiaryForm(forms.Form):
    controller = forms.ModelChoiceField(
        label=gettext_lazy("Controller"), queryset=Controller.objects.none(), empty_label=None
    )
    start = forms.DateField(
        label=gettext_lazy("Registered from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Give the first day.")},
    )
    end = forms.DateField(
        label=gettext_lazy("Registered until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Give the last day.")},
    )

    def __init__(self, *args: Any, controllers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["controller"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = controllers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end"):
            day = data.get(name)
            if isinstance(day, date) and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Give a date from 2000-01-01."))
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", _("The last day cannot come before the first."))
        return data


def _public_headers() -> list[str]:
    return [
        _("Diary number"),
        _("Registered"),
        _("Title"),
        _("Unit"),
        _("Documents"),
    ]


def _public_cells(entry: PublicEntry) -> list[str]:
    documents = "; ".join(
        f"{item.number}. {item.dated.isoformat()} {item.direction}: {item.title}"
        for item in entry.documents
    )
    return [
        csv_safe(entry.diary_number),
        entry.registered_on.isoformat() if entry.registered_on else "",
        csv_safe(entry.title),
        csv_safe(entry.unit),
        csv_safe(documents),
    ]


@login_required
@require_GET
def public_diary(request: AuthedHttpRequest) -> HttpResponseBase:
    """The public diary entries of a period, as CSV, for the authority's public diary."""
    controllers = controllers_wholly_covered(user=request.user, roles=PUBLIC_DIARY_ROLES)
    if not controllers.exists():
        raise Http404
    bound = "start" in request.GET or "end" in request.GET
    form = PublicDiaryForm(request.GET if bound else None, controllers=controllers)
    if bound and form.is_valid():
        controller: Controller = form.cleaned_data["controller"]
        audit_read(
            request,
            kind=REGISTER_EXPORTED,
            controller=controller,
            data={
                "what": "public_diary",
                "start": form.cleaned_data["start"].isoformat(),
                "end": form.cleaned_data["end"].isoformat(),
            },
        )
        entries = public_entries(
            controller_id=controller.pk,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        chunks = csv_chunks(_public_headers, entries, _public_cells, rows_per_chunk=500)
        return csv_response(started(chunks), "breachdesk-allman-diarie")
    return render(
        request, "documents/public_diary.html", {"form": form}, status=400 if bound else 200
    )


class IncomingForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        help_text=gettext_lazy("What the document is, for example “IMY's decision”."),
        error_messages={"required": gettext_lazy("Give the document a title.")},
    )
    counterpart = forms.CharField(
        label=gettext_lazy("Sender"),
        max_length=200,
        error_messages={"required": gettext_lazy("Say who sent the document.")},
    )
    dated = forms.DateField(
        label=gettext_lazy("Date of the document"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Give the document's date.")},
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "PDF, DOCX, XLSX, PNG, JPEG, plain text or e-mail (.eml, .msg), at most %(mb)s MB."
        ),
        error_messages={"required": gettext_lazy("Choose the file.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = str(self.fields["file"].help_text) % {
            "mb": max_bytes() // (1024 * 1024)
        }

    def clean_dated(self) -> date:
        day: date = self.cleaned_data["dated"]
        if not EARLIEST <= day <= timezone.now().astimezone(STOCKHOLM).date():
            raise forms.ValidationError(_("Give a date from 2000-01-01 up to today."))
        return day


@login_required
@require_http_methods(["GET", "POST"])
def incoming(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """Register an incoming document of the case, with its file."""
    incident = incident_get_for_user(request.user, code, Need.CASE)
    if not incident.diary_number:
        messages.error(request, _("Register the case first: its documents are registered in it."))
        return redirect("incidents:case", code=incident.code)
    form = IncomingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            registered = incoming_register(
                incident=incident,
                actor=request.user,
                title=form.cleaned_data["title"],
                counterpart=form.cleaned_data["counterpart"],
                dated=form.cleaned_data["dated"],
                filename=upload.name,
                content=upload.read(max_bytes() + 1),
            )
        except DomainError as refusal:
            refusal_show(form, refusal)
        else:
            messages.success(
                request,
                _("Registered as document %(number)s of the case.") % {"number": registered.number},
            )
            if registered.guard_findings:
                messages.warning(request, findings_text(registered.guard_findings))
            target = redirect("incidents:case", code=incident.code)
            target["Location"] += "#case-file"
            return target
    return render(
        request,
        "documents/incoming.html",
        {"incident": incident, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def findings_text(findings: list[dict[str, Any]]) -> str:
    labels = dict(FindingKind.choices)
    found = ", ".join(
        f"{labels.get(item['kind'], item['kind'])} ({item['count']})" for item in findings
    )
    return _(
        "The privacy guard found personal data in the file's text: %(found)s. If the case "
        "holds protected identities or information under secrecy, mark it as protected (OSL)."
    ) % {"found": found}
