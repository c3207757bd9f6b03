"""Pages of a controller's own templates, for its administrators: upload, retire, download, the
built-in templates to start from, and the placeholders a template may use."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breachdesk.accounts.http import AuthedHttpRequest
from breachdesk.documents import template_services
from breachdesk.documents.builtin import builtin_docx
from breachdesk.documents.forms import TemplateUploadForm
from breachdesk.documents.models import (
    CASE_KINDS,
    DocumentKind,
    DocumentTemplate,
    FileFormat,
)
from breachdesk.documents.placeholders import PLACEHOLDERS, Flag
from breachdesk.documents.selectors import templates_of
from breachdesk.documents.views import CONTENT_TYPES, attachment
from breachdesk.lib.errors import DomainError
from breachdesk.lib.http import uuid_or_none
from breachdesk.orgs.models import Controller, Role
from breachdesk.orgs.scoping import controllers_where


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
                template_services.template_upload(
                    controller=chosen,
                    kind=form.cleaned_data["kind"],
                    language=form.cleaned_data["language"],
                    filename=upload.name or "",
                    content=upload.read(template_services.MAX_UPLOAD + 1),
                    actor=request.user,
                )
            except DomainError as error:
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
    template_services.template_retire(template=template, actor=request.user)
    messages.success(request, _("The template is no longer used; the built-in one is."))
    return redirect("documents:templates")


@login_required
@require_GET
def template_download(request: AuthedHttpRequest, code: str) -> HttpResponse:
    template = _template_for(request.user, code)
    return attachment(template.content, template.filename, CONTENT_TYPES[FileFormat.DOCX])


@login_required
@require_GET
def builtin_template(request: AuthedHttpRequest, kind: str, language: str) -> HttpResponse:
    """Breachdesk's own DOCX template, to start a controller's template from."""
    if kind not in DocumentKind.values or language not in ("sv", "en"):
        raise Http404
    with override(language):
        content = builtin_docx(kind)
    return attachment(content, f"breachdesk-{kind}-{language}.docx", CONTENT_TYPES[FileFormat.DOCX])


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
