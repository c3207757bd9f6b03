"""An incoming document registered in the case with its file (docs/case-file.md): IMY's letters
and decision, a processor's incident report, a photo of a misdirected letter, an e-mail.

The file is checked before it is kept: its size (BREACHDESK_INCOMING_MAX_BYTES), its type by
its first bytes and its name (PDF, DOCX, XLSX, PNG, JPEG, plain text, e-mail as .eml or .msg),
and the installation's virus scanner when one is set (BREACHDESK_VIRUS_SCANNER, the dotted path
of a function that is given the bytes and the file name and returns None when the file is
clean, or the scanner's message). Its SHA-256 is kept with it, in the database, in the
transaction that registers it. The privacy guard reads its text where text can be taken out
(plain text, e-mail, PDF, DOCX) and the kinds it found are kept with the document and shown.
"""

import email
import email.policy
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.documents.casefile import document_register
from breachdesk.documents.models import Direction, RegisteredDocument, RegisteredKind, sha256_of
from breachdesk.guard.scan import guard_scan
from breachdesk.incidents.models import Incident
from breachdesk.lib.errors import DomainError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_LIMIT = 200_000  # characters of a file's text the guard reads

# Accepted types: the file name's ending, the media type, and a check of the first bytes.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TYPES: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head: head.startswith(_ZIP),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda head: head.startswith(_ZIP),
    ),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "txt": ("text/plain", lambda head: b"\x00" not in head),
    "eml": ("message/rfc822", lambda head: b"\x00" not in head),
    "msg": ("application/vnd.ms-outlook", lambda head: head.startswith(_OLE)),
}


def max_bytes() -> int:
    return int(getattr(settings, "BREACHDESK_INCOMING_MAX_BYTES", DEFAULT_MAX_BYTES))


def _virus_scan(content: bytes, filename: str) -> str | None:
    path = getattr(settings, "BREACHDESK_VIRUS_SCANNER", "")
    if not path:
        return None
    scanner: Callable[[bytes, str], str | None] = import_string(path)
    return scanner(content, filename)


def file_check(content: bytes, filename: str) -> str:
    """The media type of the file, or DomainError saying why it is refused."""
    if not content:
        raise DomainError(_("The file is empty."), field="file")
    limit = max_bytes()
    if len(content) > limit:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            field="file",
        )
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    accepted = TYPES.get(ending)
    if accepted is None or not accepted[1](content[:4096]):
        raise DomainError(
            _(
                "This type of file cannot be registered. Accepted: PDF, DOCX, XLSX, PNG, JPEG, "
                "plain text and e-mail (.eml, .msg)."
            ),
            field="file",
        )
    verdict = _virus_scan(content, filename)
    if verdict:
        raise DomainError(
            _("The virus scanner refused the file: %(verdict)s") % {"verdict": verdict},
            field="file",
        )
    return accepted[0]


def file_text(content: bytes, ending: str) -> str:
    """The text of the file, where it can be taken out ("" otherwise or if it is unreadable)."""
    try:
        if ending == "txt":
            return content.decode("utf-8", errors="replace")
        if ending == "eml":
            message = email.message_from_bytes(content, policy=email.policy.default)
            parts = [str(message.get("subject", "")), str(message.get("from", ""))]
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    parts.append(str(part.get_content()))
            return "\n".join(parts)
        if ending == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content))
            return "\n".join(page.extract_text() or "" for page in reader.pages[:50])
        if ending == "docx":
            from docx import Document as open_docx

            with zipfile.ZipFile(io.BytesIO(content)):
                pass  # a broken package is refused by python-docx below as well
            return "\n".join(
                paragraph.text for paragraph in open_docx(io.BytesIO(content)).paragraphs
            )
    except Exception:
        return ""
    return ""


def incoming_register(
    *,
    incident: Incident,
    actor: User,
    title: str,
    counterpart: str,
    dated: date,
    filename: str,
    content: bytes,
    now: datetime | None = None,
) -> RegisteredDocument:
    """Register an incoming document of `incident` with its file, checked first."""
    if not title.strip():
        raise DomainError(_("Give the document a title."), field="title")
    if not counterpart.strip():
        raise DomainError(_("Say who sent the document."), field="counterpart")
    media_type = file_check(content, filename)
    ending = filename.rsplit(".", 1)[-1].lower()
    text = file_text(content, ending)[:TEXT_LIMIT]
    found = Counter(str(finding.kind) for finding in guard_scan(text)) if text else Counter()
    file: dict[str, Any] = {
        "filename": filename[-200:],
        "media_type": media_type,
        "content": content,
        "size": len(content),
        "sha256": sha256_of(content),
        "guard_findings": [{"kind": kind, "count": count} for kind, count in sorted(found.items())],
    }
    return document_register(
        incident=incident,
        kind=RegisteredKind.INCOMING,
        direction=Direction.IN,
        dated=dated,
        title=title.strip(),
        counterpart=counterpart.strip(),
        actor=actor,
        file=file,
        now=now,
    )
