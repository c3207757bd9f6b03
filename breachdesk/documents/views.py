"""Pages of documents: produce a case's documents, the reports across cases, downloads, and
the controllers' own templates.

Access follows the rest of Breachdesk: a case document is read by whoever reads the case, a
report across cases by those who read every case of its controller, templates are managed by
the controller's administrators; anything else is a 404, like a missing document.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.services import audit_document_download, audit_read
from breachdesk.documents import services
from breachdesk.documents.builtin import builtin_docx
from breachdesk.documents.checks import CHECKED_KINDS, DocumentCheck
from breachdesk.documents.context import (
    PLACEHOLDERS,
    Flag,
    letter_defaults,
    supplement_changes,
)
from breachdesk.documents.forms import (
    CASE_FORMS,
    CommitteeReportForm,
    IncidentLogForm,
    TemplateUploadForm,
)
from breachdesk.documents.models import (
    CASE_KINDS,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentTemplate,
    FileFormat,
)
from breachdesk.documents.render import TemplateBroken
from breachdesk.documents.selectors import (
    case_documents,
    reports_of,
    templates_of,
)
from breachdesk.incidents.access import Need, actions_for, incident_get_for_user
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import TransitionRefused
from breachdesk.lib.http import AuthedHttpRequest, uuid_or_none
from breachdesk.orgs.models import Committee, Controller, Role
from breachdesk.orgs.scoping import controllers_where, controllers_wholly_covered

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


# The guard's findings are listed in the production form: each can be ticked to be masked in the
# document (never on the case). "guard=mask" masks the ticked and shows the form again; the masks
# chosen travel with the form as hidden "mask" inputs, and producing applies them. What the guard
# still finds after masking needs the producer's confirmation; with nothing left, none is needed.
def _masking(request: AuthedHttpRequest) -> tuple[list[str], bool]:
    return request.POST.getlist("mask"), request.POST.get("guard") == "mask"


@login_required
@require_http_methods(["GET", "POST"])
def case_document(request: AuthedHttpRequest, code: str, kind: str) -> HttpResponse:
    """Produce the next version of a case's document, after showing what the guard finds."""
    incident = incident_get_for_user(request.user, code, Need.CASE)
    if f"document_{kind}" not in dict(actions_for(request.user, incident)):
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
        chosen, masking = _masking(request)
        if form.is_valid():
            inputs = form.inputs()
            language = form.cleaned_data["language"]
            if checked:
                check = services.case_document_check(
                    incident=incident, kind=kind, language=language, inputs=inputs, masks=chosen
                )
            if masking:
                pass  # shown again with the masks applied
            elif check is not None and check.findings and not form.cleaned_data["confirmed"]:
                form.add_error(
                    None,
                    _(
                        "The texts may hold personal data or details of security weaknesses "
                        "(listed below). Correct them on the case, or confirm that the document "
                        "may be produced anyway."
                    ),
                )
            else:
                try:
                    document = services.case_document_produce(
                        incident=incident,
                        actor=request.user,
                        kind=kind,
                        language=language,
                        inputs=inputs,
                        masks=check.masks if check is not None else (),
                        builtin=bool(form.cleaned_data.get("builtin")),
                    )
                except TemplateBroken as error:
                    broken = str(error)
                    form.add_error(None, broken)
                except TransitionRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    messages.success(
                        request,
                        _("%(title)s, version %(version)s, is produced.")
                        % {"title": document.title, "version": document.version},
                    )
                    target = reverse("incidents:case", kwargs={"code": incident.code})
                    return redirect(f"{target}#documents")
        status = 400 if form.errors else 200
    else:
        audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": f"document_{kind}"})
        initial = _initial(incident, kind)
        form = form_class(initial=initial, **options)
        if checked:
            # The previous version's masks hold again where its texts are unchanged.
            check = services.case_document_check(
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
        not controllers_wholly_covered(user=user, roles=services.REPORT_ROLES)
        .filter(pk=document.controller_id)
        .exists()
    ):
        raise Http404
    found = document.files.filter(format=file_format).first()
    if found is None:
        raise Http404
    return found


def _attachment(content: bytes | memoryview, filename: str, content_type: str) -> HttpResponse:
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
    return _attachment(found.content, found.filename, CONTENT_TYPES[FileFormat(fmt)])


# --- Reports across cases ------------------------------------------------------------------


def _report_controllers(user: Any) -> QuerySet[Controller]:
    return controllers_wholly_covered(user=user, roles=services.REPORT_ROLES)


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
    chosen, masking = _masking(request)
    check: DocumentCheck | None = None
    if form.is_valid():
        data = form.cleaned_data
        meetings = list(data["meetings"])
        try:
            check = services.committee_report_check(
                committee=data["committee"],
                meetings=meetings,
                language=data["language"],
                masks=chosen,
            )
            if masking:
                pass  # shown again with the masks applied
            elif check.findings and not data["confirmed"]:
                form.add_error(
                    None,
                    _(
                        "The report is read in a public meeting, and its texts may identify "
                        "people (listed below). Write a summary for reports on those cases, or "
                        "confirm that the report may be produced anyway."
                    ),
                )
            else:
                document = services.committee_report_produce(
                    committee=data["committee"],
                    meetings=meetings,
                    actor=request.user,
                    language=data["language"],
                    masks=check.masks,
                    builtin=bool(data.get("builtin")),
                )
                return _produced(request, document)
        except (TemplateBroken, TransitionRefused) as error:
            form.add_error(None, str(error))
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
    chosen, masking = _masking(request)
    check: DocumentCheck | None = None
    if form.is_valid():
        data = form.cleaned_data
        period = {
            "controller": data["controller"],
            "start": data["start"],
            "end": data["end"],
            "unit": data["unit"],
        }
        try:
            check = services.incident_log_check(**period, language=data["language"], masks=chosen)
            if masking:
                pass  # shown again with the masks applied
            elif check.findings and not data["confirmed"]:
                form.add_error(
                    None,
                    _(
                        "The incident log is a public document, and its texts may identify "
                        "people (listed below). Mask them in the log, or confirm that the log "
                        "may be produced anyway."
                    ),
                )
            else:
                document = services.incident_log_produce(
                    **period,
                    actor=request.user,
                    language=data["language"],
                    masks=check.masks,
                    builtin=bool(data.get("builtin")),
                )
                return _produced(request, document)
        except (TemplateBroken, TransitionRefused) as error:
            form.add_error(None, str(error))
    return _reports_page(request, log_form=form, check=check, status=400 if form.errors else 200)


def _produced(request: AuthedHttpRequest, document: Document) -> HttpResponse:
    messages.success(
        request,
        _("%(title)s, version %(version)s, is produced.")
        % {"title": document.title, "version": document.version},
    )
    return redirect(f"{reverse('documents:reports')}#document-{document.code}")


# --- Templates -----------------------------------------------------------------------------


def _admin_controllers(user: Any) -> QuerySet[Controller]:
    return controllers_where(user=user, roles=[Role.ADMINISTRATOR])


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: AuthedHttpRequest) -> HttpResponse:
    """A controller administrator's templates: upload, retire, download."""
    controllers = _admin_controllers(request.user)
    if not controllers.exists():
        raise Http404
    form = None
    chosen = None
    if request.method == "POST":
        code = uuid_or_none(request.POST.get("controller", ""))
        chosen = controllers.filter(code=code).first() if code else None
        if chosen is None:
            raise Http404
        form = TemplateUploadForm(request.POST, request.FILES, auto_id=_upload_id(chosen))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.template_upload(
                    controller=chosen,
                    kind=form.cleaned_data["kind"],
                    language=form.cleaned_data["language"],
                    filename=upload.name or "",
                    content=upload.read(services.MAX_UPLOAD + 1),
                    actor=request.user,
                )
            except (TemplateBroken, TransitionRefused) as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, _("The template is in use."))
                return redirect("documents:templates")
    return render(
        request,
        "documents/templates.html",
        {
            "form": form,
            "controllers": [
                (
                    controller,
                    templates_of(controller=controller),
                    form
                    if form is not None and controller == chosen
                    else TemplateUploadForm(auto_id=_upload_id(controller)),
                )
                for controller in controllers
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def _upload_id(controller: Controller) -> str:
    # One upload form per controller on the page: their fields need their own ids.
    return f"id_{controller.code.hex[:8]}_%s"


def _template_for(user: Any, code: str) -> DocumentTemplate:
    try:
        return DocumentTemplate.objects.select_related("controller").get(
            code=code, controller__in=_admin_controllers(user)
        )
    except (DocumentTemplate.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
@require_POST
def template_retire(request: AuthedHttpRequest, code: str) -> HttpResponse:
    template = _template_for(request.user, code)
    services.template_retire(template=template, actor=request.user)
    messages.success(request, _("The template is no longer used; the built-in one is."))
    return redirect("documents:templates")


@login_required
@require_GET
def template_download(request: AuthedHttpRequest, code: str) -> HttpResponse:
    template = _template_for(request.user, code)
    return _attachment(template.content, template.filename, CONTENT_TYPES[FileFormat.DOCX])


@login_required
@require_GET
def builtin_template(request: AuthedHttpRequest, kind: str, language: str) -> HttpResponse:
    """Breachdesk's own DOCX template, to start a controller's template from."""
    if kind not in DocumentKind.values or language not in ("sv", "en"):
        raise Http404
    with override(language):
        content = builtin_docx(kind)
    return _attachment(
        content, f"breachdesk-{kind}-{language}.docx", CONTENT_TYPES[FileFormat.DOCX]
    )


def _rows(shape: Any, prefix: str = "") -> list[tuple[str, str, bool]]:
    """PLACEHOLDERS as (placeholder, what it holds, is a list) rows."""
    found: list[tuple[str, str, bool]] = []
    for key, value in shape.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            found += _rows(value, f"{path}.")
        elif isinstance(value, list):
            found.append((path, _("a list; each item has:"), True))
            found += _rows(value[0], f"{path}[…].")
        else:
            text = str(value)
            if isinstance(value, Flag):
                text = f"{text} ({_('true or false')})"
            found.append((path, text, False))
    return found


@login_required
@require_GET
def placeholders(request: AuthedHttpRequest) -> HttpResponse:
    """Every placeholder of every document, for those who write templates."""
    kinds = [
        (DocumentKind(kind), _rows(PLACEHOLDERS[kind]), kind in CASE_KINDS)
        for kind in DocumentKind.values
    ]
    intro = _(
        "A template writes a placeholder as {{ case.diary_number }}. A list is repeated with "
        "{% for measure in measures %} … {% endfor %}; in a table row, write "
        "{%tr for measure in measures %} in the row above and {%tr endfor %} in the row below. "
        "A flag is used as {% if decision.taken %} … {% endif %}. Values are text, already in "
        "the document's language; a template cannot run code or reach anything but these "
        "placeholders."
    )
    return render(request, "documents/placeholders.html", {"kinds": kinds, "intro": intro})
