"""The documents panel of the case page, so that incidents reach documents through a template
only: ``{% load documents %}{% case_documents_panel incident document_links %}``."""

from typing import Any

from django import template

from breachdesk.documents.selectors import case_documents
from breachdesk.incidents.models import Incident

register = template.Library()


@register.inclusion_tag("documents/case_panel.html")
def case_documents_panel(
    incident: Incident, document_links: list[tuple[str, str]]
) -> dict[str, Any]:
    """The case's documents, newest first, and the links to produce the ones the reader may."""
    return {
        "incident": incident,
        "documents": case_documents(incident=incident),
        "document_links": document_links,
    }
