"""The incident (personuppgiftsincident): its report, registration, decisions and closing,
and the named readers of a protected case."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.risk.scales import Recommendation, RiskLevel
from breachdesk.incidents.vocabulary import (
    Channel,
    Location,
)
from breachdesk.incidents.workflow import ImyDecision, State, SubjectsDecision
from breachdesk.orgs.models import Controller, DiarySeries, Unit


class Art34Exception(models.TextChoices):
    PROTECTED = "a", _("(a) the data was protected, for example encrypted, and unintelligible")
    MITIGATED = "b", _("(b) later measures ensure the high risk is no longer likely")
    DISPROPORTIONATE = (
        "c",
        _("(c) it would involve disproportionate effort; a public communication is made instead"),
    )


class ImyOutcome(models.TextChoices):
    CLOSED = "closed", _("closed without action")
    QUESTIONS = "questions", _("questions to answer")
    SUPERVISION = "supervision", _("supervision (tillsyn) opened")


class ProtectionReason(models.TextChoices):
    """Why a case is marked as protected (OSL 5 kap. 5 § marking): which kind of information."""

    PROTECTED_IDENTITY = "protected_identity", _("protected identity (protected personal data)")
    SECRECY = "secrecy", _("information covered by secrecy (OSL)")
    SECURITY = "security", _("details of security measures (OSL 18 ch. 8 §)")
    OTHER = "other", _("other secret information")


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

    # The report. The reporter's name, title and unit are kept as written.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="reported_incidents",
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200)
    channel = models.CharField(
        _("how the report came in"),
        max_length=12,
        choices=Channel.choices,
        default=Channel.BREACHDESK,
    )
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

    # The clock: the controller became aware at discovery (Breachdesk's reading of art. 33(1);
    # README: The 72-hour clock).
    aware_at = models.DateTimeField(_("aware"))
    imy_due_at = models.DateTimeField(_("IMY deadline"))

    # Registration and acknowledgement.
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

    # The decisions (art. 33, art. 34, the internal decision). `risk_level` and `recommendation` are
    # the latest risk assessment's result, kept here so that a decision can require them.
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    imy_decision = models.CharField(
        _("IMY decision"), max_length=20, choices=ImyDecision.choices, blank=True
    )
    imy_decision_reason = models.TextField(
        _("assessment (why IMY is not notified)"), max_length=4000, blank=True
    )
    imy_decided_at = models.DateTimeField(_("IMY decision taken"), null=True, blank=True)
    imy_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("IMY decision taken by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deviation_reason = models.TextField(
        _("why the decision differs from the recommendation"), max_length=4000, blank=True
    )
    subjects_decision = models.CharField(
        _("informing the people affected"),
        max_length=20,
        choices=SubjectsDecision.choices,
        blank=True,
    )
    subjects_exception = models.CharField(
        _("exception of art. 34(3)"), max_length=1, choices=Art34Exception.choices, blank=True
    )
    subjects_reason = models.TextField(
        _("why the people affected are not informed"), max_length=4000, blank=True
    )
    subjects_inform_planned_on = models.DateField(
        _("the people will be informed on"), null=True, blank=True
    )
    subjects_informed_at = models.DateTimeField(
        _("the people were informed"), null=True, blank=True
    )
    subjects_informed_how = models.CharField(
        _("how they were informed"), max_length=200, blank=True
    )
    subjects_informed_count = models.PositiveIntegerField(
        _("number of people informed"), null=True, blank=True
    )

    # The notification to IMY (art. 33): the first one; supplements are ImyNotification rows.
    imy_notified_at = models.DateTimeField(_("notified to IMY"), null=True, blank=True)
    imy_case_number = models.CharField(_("IMY's case number"), max_length=50, blank=True)

    # The internal decision, taken by the unit's decision-maker.
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision-maker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=4000, blank=True)
    sent_to_dpo_at = models.DateTimeField(_("sent to the DPO"), null=True, blank=True)

    # IMY's answer.
    imy_answer_on = models.DateField(_("IMY's decision date"), null=True, blank=True)
    imy_answer_outcome = models.CharField(
        _("IMY's decision"), max_length=20, choices=ImyOutcome.choices, blank=True
    )
    imy_answer_note = models.TextField(_("about IMY's decision"), max_length=4000, blank=True)

    # Closing.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), max_length=4000, blank=True)
    not_an_incident = models.BooleanField(_("not a personal data incident"), default=False)

    # Protected identity or secret information (OSL): only the case officer, the DPO and the
    # named readers (ProtectedReader) see the case; incidents.access applies it.
    protected = models.BooleanField(
        _("protected identity or secret information (OSL)"), default=False
    )
    protected_reason = models.CharField(
        _("kind of protected information"),
        max_length=20,
        choices=ProtectionReason.choices,
        blank=True,
    )
    protected_at = models.DateTimeField(_("marked as protected"), null=True, blank=True)
    protected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked as protected by"),
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
                condition=models.Q(state=State.REPORTED) | models.Q(diary_number__isnull=False),
                name="incident_registered_has_number",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["notified", "decided", "closed"])
                | models.Q(not_an_incident=True)
                | models.Q(imy_decision__in=["notify", "not_notify"]),
                name="incident_decided_on_imy",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=State.CLOSED) | models.Q(closed_at__isnull=False),
                name="incident_closed_has_time",
            ),
        ]
        indexes = [
            # The register's order (newest report first, then the highest id, as its keyset
            # pagination reads it), for each arm of a person's scope: their own cases, each
            # controller and each unit they cover (ordinary or protected cases), a state.
            models.Index(fields=["-reported_at", "-id"], name="incident_reported"),
            models.Index(
                fields=["controller", "protected", "-reported_at", "-id"],
                name="incident_ctrl_reported",
            ),
            models.Index(
                fields=["controller", "state", "-reported_at", "-id"], name="incident_queue"
            ),
            models.Index(
                fields=["unit", "protected", "-reported_at", "-id"], name="incident_unit_reported"
            ),
            models.Index(fields=["assignee", "-reported_at", "-id"], name="incident_officer"),
            models.Index(
                fields=["registered_by", "-reported_at", "-id"], name="incident_registrar"
            ),
            models.Index(fields=["state", "imy_due_at"], name="incident_clock"),
            models.Index(fields=["discovered_at"], name="incident_discovered"),
            models.Index(fields=["reporter", "-reported_at"], name="incident_reporter"),
            models.Index(fields=["assignee", "state"], name="incident_assignee"),
            models.Index(fields=["diary_number"], name="incident_diary_number"),
            # The reminders of the planned day for informing the people affected.
            models.Index(
                fields=["subjects_inform_planned_on"],
                condition=models.Q(subjects_informed_at__isnull=True),
                name="incident_inform_due",
            ),
        ]

    def __str__(self) -> str:
        return self.diary_number or self.reference

    @property
    def inform_overdue(self) -> bool:
        """The people affected were to be informed by a day that has passed, and are not yet
        ("without undue delay", GDPR art. 34(1))."""
        planned = self.subjects_inform_planned_on
        return (
            self.subjects_decision == SubjectsDecision.INFORM
            and self.subjects_informed_at is None
            and planned is not None
            and planned < timezone.localdate()
        )

    @property
    def display_number(self) -> str:
        return self.diary_number or self.reference

    @property
    def imy_status(self) -> Promise:
        """The register's column "Anmälan till IMY": Ja, Nej or Utredning pågår (and, between the
        decision to notify and the notification, to be notified)."""
        if self.imy_notified_at is not None:
            return _("Yes")
        if self.imy_decision == ImyDecision.NOT_NOTIFY or self.not_an_incident:
            return _("No")
        if self.imy_decision == ImyDecision.NOTIFY:
            return _("To be notified")
        return _("Under investigation")

    @property
    def imy_reported(self) -> Promise:
        """The committee report's column "Anmälan till IMY", with its three answers only: Ja
        once IMY is notified, Nej once it is decided not to (or not an incident), and
        Utredning pågår until then, also between the decision to notify and the notification
        (docs/documents.md)."""
        if self.imy_notified_at is None and self.imy_decision == ImyDecision.NOTIFY:
            return _("Under investigation")
        return self.imy_status


class ProtectedReader(models.Model):
    """A person the case officer named as a reader of a protected case."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="protected_readers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.PROTECT,
        related_name="protected_readings",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("named reader")
        verbose_name_plural = _("named readers")
        ordering = ("added_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["incident", "user"], name="protected_reader_unique")
        ]

    def __str__(self) -> str:
        return f"{self.incident}: {self.user}"
