"""What producing any document shares: its title and header, rendering, storing a version and
the record of it. Case documents (``case_services``) and reports across cases
(``report_services``) are built on these.

Producing is three steps: build the context, render the bytes (DOCX from the controller's
template or the built-in one, PDF from the built-in layout), then store a new version with its
checksums and record it, in one transaction. Rendering happens before the transaction, so a
slow PDF never holds a lock.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.documents.builtin import builtin_docx, builtin_pdf_layout
from breachdesk.documents.models import (
    Document,
    DocumentFile,
    DocumentKind,
    DocumentTemplate,
    FileFormat,
    sha256_of,
)
from breachdesk.documents.render import render_docx, render_pdf
from breachdesk.incidents.imy import local_date
from breachdesk.incidents.models import Incident
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Controller


def document_title(kind: str) -> str:
    """The title of a document of `kind` in the active language."""
    return {
        DocumentKind.IMY_NOTIFICATION: _("Notification of a personal data incident – draft"),
        DocumentKind.IMY_SUPPLEMENT: _(
            "Supplement to the notification of a personal data incident – draft"
        ),
        DocumentKind.SUBJECTS_LETTER: _("Information about a personal data incident"),
        DocumentKind.DECISION: _("Decision on a personal data incident"),
        DocumentKind.COMMITTEE_REPORT: _("Personal data incidents"),
        DocumentKind.INCIDENT_LOG: _("Incident log: personal data incidents"),
    }[DocumentKind(kind)]


@dataclass(frozen=True)
class Header:
    kind: str
    title: str
    version: int
    language: str
    reference: str
    produced_at: datetime


def common_context(controller: Controller, header: Header, assignee: Any = None) -> dict[str, Any]:
    """The placeholders every document has: its header and the controller's details."""
    day = local_date(header.produced_at)
    line = " · ".join(
        part
        for part in [
            _("Dnr %(number)s") % {"number": header.reference} if header.reference else "",
            day,
            _("Version %(n)s") % {"n": header.version},
        ]
        if part
    )
    return {
        "document": {
            "title": header.title,
            "date": day,
            "version": str(header.version),
            "reference": header.reference,
            "header": line,
            "language": header.language,
        },
        "controller": {
            "name": controller.name,
            "organisation_number": controller.organisation_number,
            "address": controller.address,
            "dpo_name": controller.dpo_name,
            "dpo_email": controller.dpo_email,
            "dpo_phone": controller.dpo_phone,
            "contact_name": controller.imy_contact_name
            or (assignee.get_full_name() if assignee else ""),
            "contact_email": controller.imy_contact_email or (assignee.email if assignee else ""),
            "contact_phone": controller.imy_contact_phone,
        },
    }


def active_template(*, controller: Controller, kind: str, language: str) -> DocumentTemplate | None:
    """The controller's own template of `kind` in `language`, if one is in use."""
    return DocumentTemplate.objects.filter(
        controller=controller, kind=kind, language=language, active=True
    ).first()


@dataclass(frozen=True)
class Rendered:
    docx: bytes
    pdf: bytes
    template: DocumentTemplate | None


def document_render(
    *,
    controller: Controller,
    kind: str,
    language: str,
    context: Mapping[str, Any],
    builtin: bool,
) -> Rendered:
    """Render both files of a document: the DOCX from the controller's template (unless
    `builtin`) or the built-in one, the PDF from the built-in layout."""
    template = (
        None if builtin else active_template(controller=controller, kind=kind, language=language)
    )
    docx = render_docx(
        bytes(template.content) if template is not None else builtin_docx(kind), context
    )
    pdf = render_pdf(builtin_pdf_layout(kind), context, language=language)
    return Rendered(docx=docx, pdf=pdf, template=template)


def _file_stem(reference: str, kind: str, version: int) -> str:
    return f"{slugify(reference) or 'breachdesk'}-{slugify(DocumentKind(kind).label)}-v{version}"


def document_store(
    *,
    controller: Controller,
    incident: Incident | None,
    kind: str,
    version: int,
    language: str,
    title: str,
    reference: str,
    rendered: Rendered,
    inputs: Mapping[str, Any],
    actor: User,
    now: datetime,
) -> Document:
    """Store a version and its files; called in the transaction that records it."""
    document = Document.objects.create(
        controller=controller,
        incident=incident,
        kind=kind,
        version=version,
        language=language,
        title=title,
        template=rendered.template,
        inputs=dict(inputs),
        produced_at=now,
        produced_by=actor,
    )
    stem = _file_stem(reference, kind, version)
    for file_format, content in ((FileFormat.DOCX, rendered.docx), (FileFormat.PDF, rendered.pdf)):
        DocumentFile.objects.create(
            document=document,
            format=file_format,
            filename=f"{stem}.{file_format}",
            content=content,
            size=len(content),
            sha256=sha256_of(content),
        )
    return document


def production_record(document: Document, rendered: Rendered) -> dict[str, Any]:
    """What the timeline or the audit trail keeps of a produced version."""
    return {
        "document": str(document.code),
        "document_kind": document.kind,
        "version": document.version,
        "language": document.language,
        "template": rendered.template.pk if rendered.template is not None else None,
        "sha256": {"docx": sha256_of(rendered.docx), "pdf": sha256_of(rendered.pdf)},
        "about": _("%(title)s, version %(version)s")
        % {"title": document.title, "version": document.version},
    }


def next_version(documents: QuerySet[Document]) -> int:
    """The number of the next version among `documents` (one kind of one case or controller)."""
    return int(documents.aggregate(n=Max("version"))["n"] or 0) + 1


def row_lock(model: Any, pk: int) -> None:
    """Lock the row that orders two producers of one case's or controller's documents."""
    # PostgreSQL: the row lock orders two producers; SQLite's IMMEDIATE transactions already do.
    model.objects.select_for_update().filter(pk=pk).exists()


def version_check(documents: QuerySet[Document], version: int) -> None:
    """Refuse if another version of `documents` was stored since `version` was numbered."""
    if next_version(documents) != version:
        # Someone produced one meanwhile, and this file's header names a taken version.
        raise DomainError(_("Someone produced this document a moment ago. Produce it again."))
