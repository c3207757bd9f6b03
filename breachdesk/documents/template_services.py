"""Writes of a controller's own templates: upload one (after checking it) and retire one.

Templates are managed by the controller's administrators; every change is an event of the
controller's audit trail, and a replaced template is kept, out of use.
"""

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record
from breachdesk.documents.models import DocumentTemplate, sha256_of
from breachdesk.documents.render import MAX_TEMPLATE_BYTES
from breachdesk.documents.template_validation import template_check
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Controller, Role
from breachdesk.orgs.scoping import controllers_where

# An upload is read up to one byte past the limit, so that a larger file is refused as such.
MAX_UPLOAD = MAX_TEMPLATE_BYTES


def template_upload(
    *,
    controller: Controller,
    kind: str,
    language: str,
    filename: str,
    content: bytes,
    actor: User,
    now: datetime | None = None,
) -> DocumentTemplate:
    """Put a controller's own DOCX template of `kind` in `language` in use, after checking it."""
    # The template it replaces is kept, out of use.
    now = now or timezone.now()
    template_admin_check(actor=actor, controller=controller)
    template_check(content=content, kind=kind, language=language)
    with transaction.atomic():
        replaced = list(
            DocumentTemplate.objects.select_for_update()
            .filter(controller=controller, kind=kind, language=language, active=True)
            .values_list("pk", flat=True)
        )
        DocumentTemplate.objects.filter(pk__in=replaced).update(active=False)
        template = DocumentTemplate.objects.create(
            controller=controller,
            kind=kind,
            language=language,
            filename=_safe_filename(filename),
            content=content,
            sha256=sha256_of(content),
            active=True,
            uploaded_at=now,
            uploaded_by=actor,
        )
        audit_record(
            kind="document.template_uploaded",
            actor=actor,
            controller=controller,
            data={
                "template": template.pk,
                "document_kind": kind,
                "language": language,
                "filename": template.filename,
                "sha256": template.sha256,
                "replaced": replaced,
            },
            at=now,
        )
    return template


def template_retire(
    *, template: DocumentTemplate, actor: User, now: datetime | None = None
) -> DocumentTemplate:
    """Take a controller's template out of use: its documents come from the built-in one."""
    now = now or timezone.now()
    template_admin_check(actor=actor, controller=template.controller)
    with transaction.atomic():
        changed = DocumentTemplate.objects.filter(pk=template.pk, active=True).update(active=False)
        if changed:
            audit_record(
                kind="document.template_retired",
                actor=actor,
                controller=template.controller,
                data={"template": template.pk, "document_kind": template.kind},
                at=now,
            )
    template.active = False
    return template


def template_admin_check(*, actor: User, controller: Controller) -> None:
    """Refuse unless `actor` administers `controller`."""
    if (
        not controllers_where(user=actor, roles=[Role.ADMINISTRATOR])
        .filter(pk=controller.pk)
        .exists()
    ):
        raise DomainError(_("Only the controller's administrators manage its templates."))


def _safe_filename(name: str) -> str:
    stem = re.sub(r"[^\w.\- ]+", "", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip()
    return (stem or "template.docx")[:200]
