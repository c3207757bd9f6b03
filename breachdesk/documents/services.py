"""Writes of documents: produce a version, upload or retire a controller's template.

Producing is three steps (STYLE.md): build the context from the case, render the bytes (DOCX
from the controller's template or the built-in one, PDF from the built-in layout), then store
a new version with its checksums and record it, in one transaction. Rendering happens before
the transaction, so a slow PDF never holds a lock.
"""

import io
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record
from breachdesk.documents.builtin import builtin_docx, builtin_pdf_layout
from breachdesk.documents.checks import DocumentCheck, document_check
from breachdesk.documents.context import (
    PLACEHOLDERS,
    Header,
    case_context,
    committee_context,
    log_context,
    sample_context,
)
from breachdesk.documents.models import (
    CASE_KINDS,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentTemplate,
    FileFormat,
    sha256_of,
)
from breachdesk.documents.render import (
    MAX_TEMPLATE_BYTES,
    TemplateBroken,
    check_docx_package,
    render_docx,
    render_pdf,
    sandbox,
)
from breachdesk.documents.reports import (
    CommitteeSection,
    LogRow,
    committee_report_sections,
    incident_log_rows,
)
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services.transitions import (
    TransitionRefused,
    incident_step,
    step_check,
)
from breachdesk.orgs.models import Committee, Controller, Meeting, Role, Unit
from breachdesk.orgs.scoping import (
    CONTROLLER_REPORT_ROLES,
    controllers_where,
    controllers_wholly_covered,
)

# An upload is read up to one byte past the limit, so that a larger file is refused as such.
MAX_UPLOAD = MAX_TEMPLATE_BYTES

# Who may produce the reports across a controller's cases: those who read all its cases.
REPORT_ROLES = CONTROLLER_REPORT_ROLES


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


def _render(
    *,
    controller: Controller,
    kind: str,
    language: str,
    context: Mapping[str, Any],
    builtin: bool,
) -> Rendered:
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


def _store(
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


def _record(document: Document, rendered: Rendered) -> dict[str, Any]:
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


def _case_header(incident: Incident, kind: str, language: str, now: datetime) -> Header:
    # Called with `language` active.
    version = _next_version(incident.documents.filter(kind=kind))
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
    """What the privacy guard finds in the case document `kind` as it would be produced now,
    after the masks chosen (in the document's language, as the document would say it)."""
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
    action = f"document_{kind}"
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
            raise TransitionRefused(
                _(
                    "Nothing has changed since the previous submission. Write what the "
                    "supplement adds, or amend the case first."
                )
            )
        check = document_check(kind, context, masks, names=[incident.reporter_name])
        if check.masks:
            inputs["masks"] = check.masks
        rendered = _render(
            controller=incident.controller,
            kind=kind,
            language=language,
            context=check.context,
            builtin=builtin,
        )
        with transaction.atomic():
            _lock(Incident, incident.pk)
            _check_version(incident.documents.filter(kind=kind), version)
            document = _store(
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
                details=_record(document, rendered),
                now=now,
            )
    return document


def _next_version(documents: Any) -> int:
    return int(documents.aggregate(n=Max("version"))["n"] or 0) + 1


def _lock(model: Any, pk: int) -> None:
    # PostgreSQL: the row lock orders two producers; SQLite's IMMEDIATE transactions already do.
    model.objects.select_for_update().filter(pk=pk).exists()


def _check_version(documents: Any, version: int) -> None:
    if _next_version(documents) != version:
        # Someone produced one meanwhile, and this file's header names a taken version.
        raise TransitionRefused(_("Someone produced this document a moment ago. Produce it again."))


def report_check(*, actor: User, controller: Controller) -> None:
    """Refuse unless `actor` reads every case of `controller` (reports span all of them)."""
    if (
        not controllers_wholly_covered(user=actor, roles=REPORT_ROLES)
        .filter(pk=controller.pk)
        .exists()
    ):
        raise TransitionRefused(
            _("Reports across cases are produced by those who read all the controller's cases.")
        )


def _report_produce(
    *,
    controller: Controller,
    kind: str,
    title: str,
    context_of: Callable[[Header], dict[str, Any]],
    inputs: Mapping[str, Any],
    masks: Collection[str],
    actor: User,
    language: str,
    builtin: bool,
    now: datetime,
) -> Document:
    report_check(actor=actor, controller=controller)
    documents = Document.objects.filter(controller=controller, kind=kind, incident__isnull=True)
    version = _next_version(documents)
    header = Header(kind, title, version, language, "", now)
    check = document_check(kind, context_of(header), masks)
    if check.masks:
        inputs = {**inputs, "masks": check.masks}
    rendered = _render(
        controller=controller, kind=kind, language=language, context=check.context, builtin=builtin
    )
    with transaction.atomic():
        _lock(Controller, controller.pk)
        _check_version(documents, version)
        document = _store(
            controller=controller,
            incident=None,
            kind=kind,
            version=version,
            language=language,
            title=title,
            reference=slugify(controller.name)[:40],
            rendered=rendered,
            inputs=inputs,
            actor=actor,
            now=now,
        )
        audit_record(
            kind="document.produced",
            actor=actor,
            controller=controller,
            data={**_record(document, rendered), "inputs": dict(inputs)},
            at=now,
        )
    return document


def _committee_report_refusal(committee: Committee, meetings: list[Meeting]) -> None:
    if not meetings:
        raise TransitionRefused(_("Choose at least one meeting."))
    if any(meeting.committee_id != committee.pk for meeting in meetings):
        raise TransitionRefused(_("Choose meetings of this committee."))


def _committee_title(committee: Committee) -> str:
    return f"{document_title(DocumentKind.COMMITTEE_REPORT)} – {committee.name}"


def _committee_sections(
    committee: Committee, meetings: list[Meeting], until: date | None
) -> list[CommitteeSection]:
    chosen = sorted(meetings, key=lambda meeting: meeting.held_on)
    return committee_report_sections(committee=committee, meetings=chosen, until=until)


def committee_report_check(
    *,
    committee: Committee,
    meetings: list[Meeting],
    language: str = "sv",
    masks: Collection[str] = (),
    until: date | None = None,
    now: datetime | None = None,
) -> DocumentCheck:
    """What the privacy guard finds in the committee report as it would be produced now, after
    the masks chosen (row by row, column by column)."""
    _committee_report_refusal(committee, meetings)
    with override(language):
        header = Header(
            DocumentKind.COMMITTEE_REPORT,
            _committee_title(committee),
            0,
            language,
            "",
            now or timezone.now(),
        )
        context = committee_context(
            committee, _committee_sections(committee, meetings, until), header
        )
        return document_check(DocumentKind.COMMITTEE_REPORT, context, masks)


def committee_report_produce(
    *,
    committee: Committee,
    meetings: list[Meeting],
    actor: User,
    language: str = "sv",
    masks: Collection[str] = (),
    builtin: bool = False,
    until: date | None = None,
    now: datetime | None = None,
) -> Document:
    """Produce a committee report (seed 000): a section of new incidents since each meeting,
    with the findings named in `masks` replaced by neutral markers."""
    now = now or timezone.now()
    _committee_report_refusal(committee, meetings)
    chosen = sorted(meetings, key=lambda meeting: meeting.held_on)
    with override(language):
        return _report_produce(
            controller=committee.controller,
            kind=DocumentKind.COMMITTEE_REPORT,
            title=_committee_title(committee),
            context_of=lambda header: committee_context(
                committee, _committee_sections(committee, chosen, until), header
            ),
            inputs={
                "committee": committee.pk,
                "meetings": [meeting.held_on.isoformat() for meeting in chosen],
            },
            masks=masks,
            actor=actor,
            language=language,
            builtin=builtin,
            now=now,
        )


def _incident_log_refusal(
    controller: Controller, start: date | None, end: date | None, unit: Unit | None
) -> None:
    if start is not None and end is not None and end < start:
        raise TransitionRefused(_("The last day cannot be before the first day."))
    if unit is not None and unit.controller_id != controller.pk:
        raise TransitionRefused(_("Choose a unit of this controller."))


def _incident_log_title(start: date | None, end: date | None) -> str:
    period = " – ".join(day.isoformat() if day else "…" for day in (start, end))
    return f"{document_title(DocumentKind.INCIDENT_LOG)} {period}"


def _incident_log_context(
    controller: Controller,
    start: date | None,
    end: date | None,
    unit: Unit | None,
    header: Header,
) -> dict[str, Any]:
    rows: list[LogRow] = incident_log_rows(
        controller=controller, reported_from=start, reported_to=end, unit=unit
    )
    return log_context(
        controller, rows, header, start=start, end=end, unit=unit.name if unit else ""
    )


def incident_log_check(
    *,
    controller: Controller,
    start: date | None,
    end: date | None,
    unit: Unit | None,
    language: str = "sv",
    masks: Collection[str] = (),
    now: datetime | None = None,
) -> DocumentCheck:
    """What the privacy guard finds in the incident log as it would be produced now, after the
    masks chosen (row by row, column by column)."""
    _incident_log_refusal(controller, start, end, unit)
    with override(language):
        header = Header(
            DocumentKind.INCIDENT_LOG,
            _incident_log_title(start, end),
            0,
            language,
            "",
            now or timezone.now(),
        )
        context = _incident_log_context(controller, start, end, unit, header)
        return document_check(DocumentKind.INCIDENT_LOG, context, masks)


def incident_log_produce(
    *,
    controller: Controller,
    start: date | None,
    end: date | None,
    unit: Unit | None,
    actor: User,
    language: str = "sv",
    masks: Collection[str] = (),
    builtin: bool = False,
    now: datetime | None = None,
) -> Document:
    """Produce an incident log (seed 001) of the cases reported in a period, with the findings
    named in `masks` replaced by neutral markers."""
    now = now or timezone.now()
    _incident_log_refusal(controller, start, end, unit)
    with override(language):
        return _report_produce(
            controller=controller,
            kind=DocumentKind.INCIDENT_LOG,
            title=_incident_log_title(start, end),
            context_of=lambda header: _incident_log_context(controller, start, end, unit, header),
            inputs={
                "start": start.isoformat() if start else "",
                "end": end.isoformat() if end else "",
                "unit": unit.pk if unit else None,
            },
            masks=masks,
            actor=actor,
            language=language,
            builtin=builtin,
            now=now,
        )


# --- Templates -----------------------------------------------------------------------------

_JINJA_GLOBALS = frozenset(
    {"loop", "range", "namespace", "dict", "lipsum", "cycler", "joiner", "true", "false", "none"}
)
_ANY = object()


def _template_source(content: bytes) -> str:
    """The Jinja source of a DOCX template: its body, headers and footers, as docxtpl sees them."""
    from docx.oxml import parse_xml

    document = DocxTemplate(io.BytesIO(content))
    document.init_docx()
    source = document.patch_xml(document.get_xml())
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for relation in document.docx.part.rels.values():
            if relation.reltype == uri and relation.target_part.blob:
                part = document.xml_to_string(parse_xml(relation.target_part.blob))
                source += document.patch_xml(part)
    return str(source)


def _unknown_placeholders(tree: nodes.Node, scope: dict[str, Any]) -> Iterator[str]:
    """Dotted placeholders the template reads that `scope` (PLACEHOLDERS) does not have."""

    def resolve(node: nodes.Node, names: dict[str, Any]) -> tuple[str, Any] | None:
        if isinstance(node, nodes.Name):
            if node.name in names:
                return node.name, names[node.name]
            return node.name, _ANY if node.name in _JINJA_GLOBALS else None
        attr = None
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            attr = str(node.arg.value)
        if attr is None:
            return None
        base = resolve(node.node, names)  # type: ignore[attr-defined]
        if base is None:
            return None
        path, shape = base
        if shape is None:
            return path, None  # already unknown: report the root
        if isinstance(shape, Mapping):
            if attr in shape:
                return f"{path}.{attr}", shape[attr]
            if "<key>" in shape:
                return f"{path}.{attr}", _ANY
            return f"{path}.{attr}", None
        return f"{path}.{attr}", _ANY

    def walk(node: nodes.Node, names: dict[str, Any]) -> Iterator[str]:
        if isinstance(node, nodes.For):
            yield from walk(node.iter, names)
            found = resolve(node.iter, names)
            item = _ANY
            if found is not None and isinstance(found[1], list):
                item = found[1][0]
            inner = dict(names)
            targets = [node.target, *node.target.find_all(nodes.Name)]
            for target in targets:
                if isinstance(target, nodes.Name):
                    inner[target.name] = item
            inner["loop"] = _ANY
            for child in [*node.body, *node.else_]:
                yield from walk(child, inner)
            if node.test is not None:
                yield from walk(node.test, inner)
            return
        if isinstance(node, nodes.Assign | nodes.With | nodes.Macro):
            for target in node.find_all(nodes.Name):
                if target.ctx in ("store", "param"):  # names the template sets itself
                    names = {**names, target.name: _ANY}
        if (
            isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem)
            and getattr(node, "ctx", "load") == "load"
        ):
            found = resolve(node, names)
            if found is not None:
                if found[1] is None:
                    yield found[0]
                if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                    yield from walk(node.arg, names)
                return
        for child in node.iter_child_nodes():
            yield from walk(child, names)

    yield from walk(tree, scope)


def template_check(*, content: bytes, kind: str, language: str) -> None:
    """Refuse (TemplateBroken) a DOCX template that cannot serve documents of `kind`: not a
    DOCX, a broken tag, a placeholder Breachdesk does not know, or a failed trial render."""
    check_docx_package(content)
    try:
        source = _template_source(content)
    except Exception as error:  # any unreadable package gets the same answer
        raise TemplateBroken(_("The file is not a Word document (DOCX).")) from error
    try:
        tree = sandbox().parse(source)
    except TemplateSyntaxError as error:
        render_docx(content, {})  # docxtpl's own run names the text around the broken tag
        raise TemplateBroken(str(error)) from error
    unknown = sorted(set(_unknown_placeholders(tree, PLACEHOLDERS[kind])))
    if unknown:
        raise TemplateBroken(
            _("The template uses placeholders Breachdesk does not know: %(names)s.")
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in unknown)}
        )
    with override(language):
        render_docx(content, sample_context(kind))


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
    """Put a controller's own DOCX template of `kind` in `language` in use, after checking it;
    the template it replaces is kept, out of use."""
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
        raise TransitionRefused(_("Only the controller's administrators manage its templates."))


def _safe_filename(name: str) -> str:
    stem = re.sub(r"[^\w.\- ]+", "", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip()
    return (stem or "template.docx")[:200]
