"""Writes of a case's documents: check what the privacy guard finds in one, and produce its next
version (the IMY draft and supplement, the letter to the people affected, the decision).

Producing follows ``production``: the context from the case, the bytes rendered before the
transaction, then the version stored and recorded in the case's timeline in one transaction.
"""

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from breachdesk.accounts.models import User
from breachdesk.documents.case_context import case_context
from breachdesk.documents.models import CASE_KINDS, Document, DocumentKind
from breachdesk.documents.privacy import DocumentCheck, document_check
from breachdesk.documents.production import (
    Header,
    document_render,
    document_store,
    document_title,
    next_version,
    production_record,
    row_lock,
    version_check,
)
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services.transitions import incident_step, step_check
from breachdesk.incidents.workflow import Action
from breachdesk.lib.errors import DomainError

# The step of the case's step table that producing each case document is.
CASE_DOCUMENT_ACTIONS: dict[str, Action] = {
    DocumentKind.IMY_NOTIFICATION: Action.DOCUMENT_IMY_NOTIFICATION,
    DocumentKind.IMY_SUPPLEMENT: Action.DOCUMENT_IMY_SUPPLEMENT,
    DocumentKind.SUBJECTS_LETTER: Action.DOCUMENT_SUBJECTS_LETTER,
    DocumentKind.DECISION: Action.DOCUMENT_DECISION,
}


def _case_header(incident: Incident, kind: str, language: str, now: datetime) -> Header:
    # Called with `language` active.
    version = next_version(incident.documents.filter(kind=kind))
    return Header(kind, document_title(kind), version, language, incident.display_number, now)


def case_document_check(
    *,
    incident: Incident,
    kind: str,
    language: str = "sv",
    inputs: Mapping[str, Any] | None = None,
    masks: Collection[str] = (),
    now: datetime | None = None,
) -> DocumentCheck:
    """Check the case document `kind` with the privacy guard, as it would be produced now."""
    # After the masks chosen, in the document's language, as the document would say it.
    if kind not in CASE_KINDS:
        raise ValueError(f"{kind} is not a document of a case")
    with override(language):
        header = _case_header(incident, kind, language, now or timezone.now())
        context = case_context(incident, header, dict(inputs or {}))
        return document_check(kind, context, masks, names=[incident.reporter_name])


def case_document_produce(
    *,
    incident: Incident,
    actor: User,
    kind: str,
    language: str = "sv",
    inputs: Mapping[str, Any] | None = None,
    masks: Collection[str] = (),
    builtin: bool = False,
    now: datetime | None = None,
) -> Document:
    """Produce the next version of the case document `kind` of `incident` (DOCX and PDF).

    The step table decides who may and when; the version is numbered in the transaction that
    stores it and records it in the case's timeline. `builtin` uses Breachdesk's template even
    when the controller has its own. The findings named in `masks` are replaced by neutral
    markers in the document only, and the masks applied are kept with its inputs.
    """
    if kind not in CASE_KINDS:
        raise ValueError(f"{kind} is not a document of a case")
    action = CASE_DOCUMENT_ACTIONS[kind]
    step_check(incident=incident, actor=actor, action=action)
    now = now or timezone.now()
    inputs = dict(inputs or {})
    with override(language):
        header = _case_header(incident, kind, language, now)
        title, version = header.title, header.version
        context = case_context(incident, header, inputs)
        supplement = context.get("supplement")
        if (
            supplement
            and supplement["known"]
            and not (supplement["sections"] or supplement["content"])
        ):
            raise DomainError(
                _(
                    "Nothing has changed since the previous submission. Write what the "
                    "supplement adds, or amend the case first."
                )
            )
        check = document_check(kind, context, masks, names=[incident.reporter_name])
        if check.masks:
            inputs["masks"] = check.masks
        rendered = document_render(
            controller=incident.controller,
            kind=kind,
            language=language,
            context=check.context,
            builtin=builtin,
        )
        with transaction.atomic():
            row_lock(Incident, incident.pk)
            version_check(incident.documents.filter(kind=kind), version)
            document = document_store(
                controller=incident.controller,
                incident=incident,
                kind=kind,
                version=version,
                language=language,
                title=title,
                reference=incident.display_number,
                rendered=rendered,
                inputs=inputs,
                actor=actor,
                now=now,
            )
            incident_step(
                incident=incident,
                actor=actor,
                action=action,
                details=production_record(document, rendered),
                now=now,
            )
    return document
