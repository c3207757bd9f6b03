"""The documents of the case page, so that incidents reach documents through a template only:
``{% load documents %}{% case_documents_list incident as documents %}`` reads them once;
``{% step_documents documents task.step.actions as produced %}`` picks those a step of the
task list produces, ``{% case_documents_panel documents %}`` lists every version, and
``{% case_file_panel incident %}`` the registered documents."""

from collections.abc import Collection
from typing import Any

from django import template

from breachdesk.documents.case_services import CASE_DOCUMENT_ACTIONS
from breachdesk.documents.casefile import case_file
from breachdesk.documents.models import Document
from breachdesk.documents.selectors import case_documents
from breachdesk.incidents.models import Incident

register = template.Library()


@register.simple_tag
def case_documents_list(incident: Incident) -> list[Document]:
    """The case's documents, every version, newest first (read once for the page)."""
    return list(case_documents(incident=incident))


@register.simple_tag
def step_documents(documents: list[Document], actions: Collection[str]) -> list[Document]:
    """The newest version of each document that producing one of `actions` makes."""
    kinds = {kind for kind, action in CASE_DOCUMENT_ACTIONS.items() if action in actions}
    newest: dict[str, Document] = {}
    for document in documents:
        if document.kind in kinds:
            newest.setdefault(document.kind, document)
    return list(newest.values())


@register.inclusion_tag("documents/case_panel.html")
def case_documents_panel(documents: list[Document]) -> dict[str, Any]:
    """Every produced version of the case's documents, with its files and checksums."""
    return {"documents": documents}


@register.inclusion_tag("documents/case_file_panel.html")
def case_file_panel(incident: Incident) -> dict[str, Any]:
    """The case file: every registered document of the case, in number order."""
    return {"incident": incident, "documents": case_file(incident=incident)}
