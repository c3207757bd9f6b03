"""Documents Breachdesk produces, every version stored and none overwritten; templates."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import Language


class DocumentKind(models.TextChoices):
    IMY_NOTIFICATION = "imy_notification", _("notification to IMY (draft)")
    SUBJECTS_LETTER = "subjects_letter", _("letter to the people affected")
    DECISION = "decision", _("internal decision")
    IMY_SUPPLEMENT = "imy_supplement", _("supplement to IMY (draft)")
    COMMITTEE_REPORT = "committee_report", _("committee report")
    INCIDENT_LOG = "incident_log", _("incident log")


# Documents of one case; the others are produced across the cases of a controller.
CASE_KINDS: frozenset[str] = frozenset(
    {
        DocumentKind.IMY_NOTIFICATION,
        DocumentKind.SUBJECTS_LETTER,
        DocumentKind.DECISION,
        DocumentKind.IMY_SUPPLEMENT,
    }
)


class FileFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class DocumentTemplate(models.Model):
    """A controller's own DOCX template for one kind of document in one language.

    Uploading a new one deactivates the previous; none is ever deleted or overwritten, so
    every produced document can name the template it came from.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    controller = models.ForeignKey(
        "orgs.Controller",
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        related_name="document_templates",
    )
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    active = models.BooleanField(_("in use"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ("controller", "kind", "language", "-uploaded_at")
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "kind", "language"],
                condition=models.Q(active=True),
                name="document_template_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.controller} – {self.get_kind_display()} ({self.language}): {self.filename}"


class Document(models.Model):
    """One produced version of a document, with its files (DOCX and PDF) and their checksums.

    A case's documents belong to the incident; a committee report or an incident log belongs
    to the controller alone. `inputs` keeps what the producer wrote for this version (the
    letter's texts, the chosen meetings …) so that the next version starts from them.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    controller = models.ForeignKey(
        "orgs.Controller",
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    title = models.CharField(_("title"), max_length=300)
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Empty: Breachdesk's built-in template."),
    )
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    produced_at = models.DateTimeField(_("produced"))
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("produced by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ("-produced_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "kind", "version"],
                condition=models.Q(incident__isnull=False),
                name="document_case_version_unique",
            ),
            models.UniqueConstraint(
                fields=["controller", "kind", "version"],
                condition=models.Q(incident__isnull=True),
                name="document_controller_version_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["incident", "kind", "-version"], name="document_case"),
            models.Index(fields=["controller", "kind", "-version"], name="document_controller"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class DocumentFile(models.Model):
    """One file of a document version. Kept in the database, so that app servers share
    nothing but PostgreSQL and a document is stored in the same transaction as its record."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ("document", "format")
        constraints = [
            models.UniqueConstraint(fields=["document", "format"], name="document_file_unique")
        ]

    def __str__(self) -> str:
        return self.filename


class Direction(models.TextChoices):
    IN = "in", _("incoming")
    OUT = "out", _("outgoing")
    INTERNAL = "internal", _("internal")


class RegisteredKind(models.TextChoices):
    """What a registered document of a case is."""

    REPORT = "report", _("the report of the incident")
    IMY_NOTIFICATION = "imy_notification", _("notification to IMY")
    IMY_SUPPLEMENT = "imy_supplement", _("supplement to IMY")
    SUBJECTS_LETTER = "subjects_letter", _("information to the people affected")
    DECISION = "decision", _("internal decision")
    IMY_ANSWER = "imy_answer", _("letter or decision from IMY")
    INCOMING = "incoming", _("incoming document")


class RegisteredDocument(models.Model):
    """A registered document of a case (*handling*, numbered in the case as *aktbilaga*).

    Numbered from 1 in each case in the order registered, without gaps, never renumbered. A
    produced document is linked to the version registered; an incoming file is kept here, in
    the database, in the transaction that registers it (docs/case-file.md).
    """

    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        related_name="registered_documents",
    )
    number = models.PositiveIntegerField(_("document number"))
    kind = models.CharField(_("kind"), max_length=20, choices=RegisteredKind.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    dated = models.DateField(_("date"))
    counterpart = models.CharField(_("sender or recipient"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    document = models.ForeignKey(
        Document,
        verbose_name=_("produced document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    media_type = models.CharField(_("file type"), max_length=100, blank=True)
    content = models.BinaryField(_("content"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    guard_findings = models.JSONField(_("personal data found"), default=list, blank=True)
    registered_at = models.DateTimeField(_("registered"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("registered documents")
        ordering = ("incident", "number")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "number"], name="registered_document_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
