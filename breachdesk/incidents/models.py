"""The incident (personuppgiftsincident) and the facts of its report."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.workflow import State
from breachdesk.orgs.models import Controller, DiarySeries, Unit


class Location(models.TextChoices):
    CONTROLLER = "controller", _("at our own organisation")
    PROCESSOR = "processor", _("at a processor (personuppgiftsbiträde)")


class SubjectCategory(models.TextChoices):
    EMPLOYEES = "employees", _("employees")
    STUDENTS = "students", _("students")
    PUPILS = "pupils", _("pupils")
    CHILDREN = "children", _("children")
    GUARDIANS = "guardians", _("guardians")
    PATIENTS = "patients", _("patients")
    CLIENTS = "clients", _("clients of social services")
    APPLICANTS = "applicants", _("applicants")
    PUBLIC = "public", _("members of the public")
    ELECTED = "elected", _("elected representatives")


class DataType(models.TextChoices):
    NAME = "name", _("name")
    PERSONNUMMER = "personnummer", _("personnummer or samordningsnummer")
    CONTACT = "contact", _("contact details")
    HEALTH = "health", _("health (art. 9)")
    ETHNIC = "ethnic", _("racial or ethnic origin (art. 9)")
    POLITICAL = "political", _("political opinions (art. 9)")
    RELIGION = "religion", _("religious or philosophical beliefs (art. 9)")
    TRADE_UNION = "trade_union", _("trade union membership (art. 9)")
    GENETIC = "genetic", _("genetic data (art. 9)")
    BIOMETRIC = "biometric", _("biometric data for identification (art. 9)")
    SEX_LIFE = "sex_life", _("sex life or sexual orientation (art. 9)")
    CRIMINAL = "criminal", _("criminal convictions and offences (art. 10)")
    PROTECTED_IDENTITY = "protected_identity", _("protected identity (skyddade personuppgifter)")
    SOCIAL = "social", _("social circumstances")
    FINANCIAL = "financial", _("financial data")
    CREDENTIALS = "credentials", _("user names or passwords")
    LOCATION = "location", _("location data")
    SCHOOL = "school", _("school records (grades, absence)")


SPECIAL_DATA_TYPES: frozenset[str] = frozenset(
    {
        DataType.HEALTH,
        DataType.ETHNIC,
        DataType.POLITICAL,
        DataType.RELIGION,
        DataType.TRADE_UNION,
        DataType.GENETIC,
        DataType.BIOMETRIC,
        DataType.SEX_LIFE,
    }
)


class Incident(models.Model):
    """A suspected personal data incident, from report to closed case."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("case reference"), max_length=16, unique=True)
    controller = models.ForeignKey(
        Controller, verbose_name=_("controller"), on_delete=models.PROTECT, related_name="incidents"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="incidents"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REPORTED
    )

    # The report (seed 004 §3.1). The reporter's name, title and unit are kept as written.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="reported_incidents",
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200)
    reporter_title = models.CharField(_("reporter's job title"), max_length=200, blank=True)
    reporter_unit_name = models.CharField(_("reporter's unit"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    occurred_at = models.DateTimeField(_("happened"))
    occurred_approximate = models.BooleanField(_("time of happening is approximate"))
    discovered_at = models.DateTimeField(_("discovered"))
    discovered_approximate = models.BooleanField(_("time of discovery is approximate"))
    location = models.CharField(_("where"), max_length=20, choices=Location.choices)
    processor_name = models.CharField(_("processor"), max_length=200, blank=True)
    subject_categories = models.JSONField(_("categories of people"), default=list)
    subject_categories_other = models.CharField(
        _("other categories of people"), max_length=200, blank=True
    )
    data_types = models.JSONField(_("types of personal data"), default=list)
    data_types_other = models.CharField(_("other types of data"), max_length=200, blank=True)
    affected_count = models.PositiveIntegerField(_("number of people affected"))
    affected_count_estimated = models.BooleanField(_("the number is an estimate"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)

    # The clock: the controller became aware at discovery (the seeds' reading of art. 33).
    aware_at = models.DateTimeField(_("aware"))
    imy_due_at = models.DateTimeField(_("IMY deadline"))

    # Registration (seed 004 §3.2) and acknowledgement (§3.3.1).
    diary_series = models.ForeignKey(
        DiarySeries,
        verbose_name=_("diary series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    # NULL until registered, so that the unique constraint ignores unregistered reports.
    diary_number = models.CharField(  # noqa: DJ001
        _("diary number"), max_length=100, null=True, blank=True
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_incidents",
    )
    acknowledged_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receipt confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ("-reported_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["diary_series", "diary_number"],
                name="incident_unique_diary_number",
                condition=models.Q(diary_number__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(imy_due_at__gt=models.F("aware_at")),
                name="incident_due_after_aware",
            ),
            models.CheckConstraint(
                condition=~models.Q(location="processor", processor_name=""),
                name="incident_processor_named",
            ),
            models.CheckConstraint(
                condition=models.Q(state="reported") | models.Q(diary_number__isnull=False),
                name="incident_registered_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["controller", "-reported_at"], name="incident_ctrl_reported"),
            models.Index(fields=["controller", "state", "-reported_at"], name="incident_queue"),
            models.Index(fields=["unit", "-reported_at"], name="incident_unit_reported"),
            models.Index(fields=["state", "imy_due_at"], name="incident_clock"),
            models.Index(fields=["discovered_at"], name="incident_discovered"),
            models.Index(fields=["reporter", "-reported_at"], name="incident_reporter"),
            models.Index(fields=["assignee", "state"], name="incident_assignee"),
            models.Index(fields=["diary_number"], name="incident_diary_number"),
        ]

    def __str__(self) -> str:
        return self.diary_number or self.reference

    @property
    def display_number(self) -> str:
        return self.diary_number or self.reference
