"""Reads of documents: a case's versions, the reports of controllers, their templates."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from breachdesk.documents.models import Document, DocumentFile, DocumentKind, DocumentTemplate
from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import Controller


def _with_files(documents: QuerySet[Document]) -> QuerySet[Document]:
    # The files' metadata only: their content stays in the database until downloaded.
    files = DocumentFile.objects.defer("content").order_by("format")
    return documents.select_related("produced_by", "template").prefetch_related(
        Prefetch("files", queryset=files)
    )


def case_documents(*, incident: Incident, kind: str | None = None) -> QuerySet[Document]:
    """Every produced version of `incident`'s documents (of `kind`), newest first."""
    documents = incident.documents.all()
    if kind is not None:
        documents = documents.filter(kind=kind)
    return _with_files(documents.order_by("-produced_at", "-pk"))


def reports_of(*, controllers: QuerySet[Controller]) -> QuerySet[Document]:
    """The committee reports and incident logs of `controllers`, newest first."""
    return _with_files(
        Document.objects.filter(controller__in=controllers, incident__isnull=True)
        .select_related("controller")
        .order_by("-produced_at", "-pk")
    )


@dataclass(frozen=True)
class TemplateSlot:
    kind: DocumentKind
    language: str
    active: DocumentTemplate | None


def templates_of(*, controller: Controller) -> list[TemplateSlot]:
    """For each document and language, the controller's template in use (or None)."""
    active = {
        (template.kind, template.language): template
        for template in DocumentTemplate.objects.filter(controller=controller, active=True)
        .defer("content")
        .select_related("uploaded_by")
    }
    return [
        TemplateSlot(DocumentKind(kind), language, active.get((kind, language)))
        for kind in DocumentKind.values
        for language in ("sv", "en")
    ]
