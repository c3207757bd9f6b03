"""Pages of a case's documents (the IMY draft and supplement, the letter, the decision) and the
downloads of every produced document; the helpers the other document pages share.

Access follows the rest of Breachdesk: a case document is read by whoever reads the case, a
report across cases by those who read every case of its controller (``report_views``),
templates are managed by the controller's administrators (``template_views``); anything else is
a 404, like a missing document.
"""

from collections.abc import Callable, Collection
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_document_download, audit_read
from breachdesk.documents import case_services, report_services
from breachdesk.documents.case_context import letter_defaults, supplement_changes
from breachdesk.documents.forms import CASE_FORMS
from breachdesk.documents.models import (
    Document,
    DocumentFile,
    DocumentKind,
    DocumentTemplate,
    FileFormat,
)
from breachdesk.documents.privacy import CHECKED_KINDS, DocumentCheck
from breachdesk.documents.produce_flow import Guarded, guarded_document_produce
from breachdesk.documents.selectors import case_documents
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.models import Incident
from breachdesk.orgs.scoping import controllers_wholly_covered

CONTENT_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.PDF: "application/pdf",
}


def _initial(incident: Incident, kind: str) -> dict[str, Any]:
    """The form of the next version starts from the previous version's inputs."""
    previous = incident.documents.filter(kind=kind).order_by("-version").first()
    initial: dict[str, Any] = {}
    if kind == DocumentKind.SUBJECTS_LETTER:
        initial = letter_defaults(incident)
    if previous is not None:
        initial.update(previous.inputs)
        initial["language"] = previous.language
    for name in ("complete",):
        if isinstance(initial.get(name), bool):
            initial[name] = "true" if initial[name] else "false"
    return initial


def produce_guarded(
    request: AuthedHttpRequest,
    form: Any,
    *,
    check: Callable[[Collection[str]], DocumentCheck] | None,
    produce: Callable[[Collection[str]], Document],
    unconfirmed: str,
) -> Guarded:
    """Check → confirm → produce for a valid form; what stops it is an error of the form."""
    # "guard=mask" masks the ticked findings and shows the form again; the masks chosen travel
    # with the form as hidden "mask" inputs, and producing applies them.
    outcome = guarded_document_produce(
        check=check,
        produce=produce,
        masks=request.POST.getlist("mask"),
        masking=request.POST.get("guard") == "mask",
        confirmed=bool(form.cleaned_data["confirmed"]),
    )
    if outcome.unconfirmed:
        form.add_error(None, unconfirmed)
    elif outcome.error:
        form.add_error(None, outcome.error)
    return outcome


@login_required
@require_http_methods(["GET", "POST"])
def case_document(request: AuthedHttpRequest, code: str, kind: str) -> HttpResponse:
    """Produce the next version of a case's document, after showing what the guard finds."""
    incident = incident_get_for_user(request.user, code, Need.CASE)
    action = case_services.CASE_DOCUMENT_ACTIONS[kind]
    if action not in dict(actions_for(request.user, incident)):
        messages.error(request, _("This document cannot be produced by you on this case now."))
        return redirect("incidents:case", code=incident.code)
    form_class = CASE_FORMS[kind]
    options: dict[str, Any] = {
        "has_own_template": DocumentTemplate.objects.filter(
            controller=incident.controller, kind=kind, active=True
        ).exists()
    }
    if kind == DocumentKind.IMY_NOTIFICATION:
        options["late"] = timezone.now() > incident.imy_due_at
    checked = kind in CHECKED_KINDS
    check: DocumentCheck | None = None
    broken = ""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **options)
        if form.is_valid():
            inputs = form.inputs()
            language = form.cleaned_data["language"]
            builtin = bool(form.cleaned_data.get("builtin"))
            outcome = produce_guarded(
                request,
                form,
                check=(
                    lambda masks: case_services.case_document_check(
                        incident=incident, kind=kind, language=language, inputs=inputs, masks=masks
                    )
                )
                if checked
                else None,
                produce=lambda masks: case_services.case_document_produce(
                    incident=incident,
                    actor=request.user,
                    kind=kind,
                    language=language,
                    inputs=inputs,
                    masks=masks,
                    builtin=builtin,
                ),
                unconfirmed=_(
                    "The texts may hold personal data or details of security weaknesses "
                    "(listed below). Correct them on the case, or confirm that the document "
                    "may be produced anyway."
                ),
            )
            check, broken = outcome.check, outcome.error if outcome.broken else ""
            if outcome.document is not None:
                messages.success(
                    request,
                    _("%(title)s, version %(version)s, is produced.")
                    % {"title": outcome.document.title, "version": outcome.document.version},
                )
                target = reverse("incidents:case", kwargs={"code": incident.code})
                return redirect(f"{target}#documents")
        status = 400 if form.errors else 200
    else:
        audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": action.value})
        initial = _initial(incident, kind)
        form = form_class(initial=initial, **options)
        if checked:
            # The previous version's masks hold again where its texts are unchanged.
            check = case_services.case_document_check(
                incident=incident,
                kind=kind,
                language=str(initial.get("language", "sv")),
                inputs=initial,
                masks=list(initial.get("masks", [])),
            )
    context: dict[str, Any] = {
        "incident": incident,
        "kind": DocumentKind(kind),
        "form": form,
        "findings": check.findings if check else [],
        "masked": check.masked if check else [],
        "broken": broken,
        "versions": case_documents(incident=incident, kind=kind),
        "checked": checked,
    }
    if kind == DocumentKind.IMY_SUPPLEMENT:
        changed, previous = supplement_changes(incident)
        context.update({"changed": changed, "previous": previous})
    return render(request, "documents/case_document.html", context, status=status)


def _file_for(user: Any, code: str, file_format: str) -> DocumentFile:
    try:
        document = Document.objects.select_related("incident", "controller").get(code=code)
    except (Document.DoesNotExist, ValueError):
        raise Http404 from None
    if document.incident is not None:
        incident_get_for_user(user, document.incident.code, Need.CASE)
    elif (
        not controllers_wholly_covered(user=user, roles=report_services.REPORT_ROLES)
        .filter(pk=document.controller_id)
        .exists()
    ):
        raise Http404
    found = document.files.filter(format=file_format).first()
    if found is None:
        raise Http404
    return found


def attachment(content: bytes | memoryview, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request: AuthedHttpRequest, code: str, fmt: str) -> HttpResponse:
    """One file of a produced document, for whoever may read what it is about."""
    if fmt not in FileFormat.values:
        raise Http404
    found = _file_for(request.user, code, fmt)
    audit_document_download(request, document=found.document, file_format=fmt)
    return attachment(found.content, found.filename, CONTENT_TYPES[FileFormat(fmt)])
