"""The incident (personuppgiftsincident): its report, investigation, assessment and decisions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents import risk

# The report's vocabulary lives in its own module (the pure risk module uses it too); it is
# re-exported here, where one looks for the incident's choices.
from breachdesk.incidents.vocabulary import CALLED_OUT_DATA_TYPES
from breachdesk.incidents.vocabulary import SPECIAL_DATA_TYPES as SPECIAL_DATA_TYPES
from breachdesk.incidents.vocabulary import DataType as DataType
from breachdesk.incidents.vocabulary import Location as Location
from breachdesk.incidents.vocabulary import SubjectCategory as SubjectCategory
from breachdesk.incidents.workflow import ImyDecision, State
from breachdesk.orgs.models import Controller, DiarySeries, Unit


class SubjectsDecision(models.TextChoices):
    """Whether the people affected must be told (art. 34)."""

    INFORM = "inform", _("inform the people affected")
    NOT_REQUIRED = "not_required", _("not required: the risk is not high")
    EXCEPTION = "exception", _("not required: an exception of art. 34(3) applies")


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

    # The decisions (seed 004 §3.3.2, §3.3.3, §3.5.1). `risk_level` and `recommendation` are
    # the latest risk assessment's result, kept here so that a decision can require them.
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=risk.RiskLevel.choices, blank=True
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=risk.Recommendation.choices, blank=True
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

    # The notification to IMY (§3.4.1): the first one; supplements are ImyNotification rows.
    imy_notified_at = models.DateTimeField(_("notified to IMY"), null=True, blank=True)
    imy_case_number = models.CharField(_("IMY's case number"), max_length=50, blank=True)

    # The internal decision (§3.4.2, §3.5.1), taken by the unit's decision-maker.
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

    # IMY's answer (§3.4.3).
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
                condition=models.Q(state="reported") | models.Q(diary_number__isnull=False),
                name="incident_registered_has_number",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["notified", "decided", "closed"])
                | models.Q(not_an_incident=True)
                | models.Q(imy_decision__in=["notify", "not_notify"]),
                name="incident_decided_on_imy",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="closed") | models.Q(closed_at__isnull=False),
                name="incident_closed_has_time",
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

    @property
    def imy_status(self) -> Promise:
        """Seed 000's column "Anmälan till IMY": Ja, Nej or Utredning pågår (and, between the
        decision to notify and the notification, to be notified)."""
        if self.imy_notified_at is not None:
            return _("Yes")
        if self.imy_decision == ImyDecision.NOT_NOTIFY or self.not_an_incident:
            return _("No")
        if self.imy_decision == ImyDecision.NOTIFY:
            return _("To be notified")
        return _("Under investigation")


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


class Cause(models.TextChoices):
    MISADDRESSED_EMAIL = "misaddressed_email", _("misaddressed e-mail")
    UNENCRYPTED_EMAIL = "unencrypted_email", _("unencrypted e-mail")
    MISADDRESSED_POST = "misaddressed_post", _("letter sent to the wrong address")
    UNAUTHORISED_ACCESS = "unauthorised_access", _("unauthorised access")
    LOST_DEVICE = "lost_device", _("lost or stolen device or paper")
    PUBLICATION = "publication", _("publication on the web or intranet")
    OUTAGE = "outage", _("system outage")
    THIRD_COUNTRY = "third_country", _("transfer to a third country")
    PROCESSOR = "processor", _("incident at a processor")
    ATTACK = "attack", _("phishing or other attack")
    OTHER = "other", _("other")


class Investigation(models.Model):
    """What the coordinator found out (seed 004 §3.3.2); amended until the case is decided."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="investigation"
    )
    confidentiality = models.BooleanField(_("loss of confidentiality"), default=False)
    integrity = models.BooleanField(_("loss of integrity"), default=False)
    availability = models.BooleanField(_("loss of availability"), default=False)
    cause = models.CharField(_("cause"), max_length=32, choices=Cause.choices, blank=True)
    cause_detail = models.TextField(_("what happened and why"), max_length=4000, blank=True)
    # Committee reports are read aloud in public meetings (seed 000): this is what they show.
    public_summary = models.CharField(
        _("summary for reports"),
        max_length=400,
        blank=True,
        help_text=_(
            "One or two sentences for the committee report, read in a public meeting: no "
            "names, personnummer or other details that identify the people affected."
        ),
    )
    systems = models.CharField(_("systems involved"), max_length=400, blank=True)
    processors = models.CharField(_("processors involved"), max_length=400, blank=True)
    has_ended = models.BooleanField(_("the incident has ended"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    dpo_consulted = models.BooleanField(_("contact with the DPO"), default=False)
    dpo_consulted_on = models.DateField(_("DPO consulted on"), null=True, blank=True)
    dpo_advice = models.TextField(_("the DPO's advice"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self) -> str:
        return f"{self.incident}"

    @property
    def nature(self) -> list[str]:
        labels = [
            (self.confidentiality, _("confidentiality")),
            (self.integrity, _("integrity")),
            (self.availability, _("availability")),
        ]
        return [str(label) for flag, label in labels if flag]


class ContactParty(models.TextChoices):
    SYSTEM_OWNER = "system_owner", _("system owner")
    SUPPLIER = "supplier", _("supplier or processor")
    IT = "it", _("IT department")
    REPORTER = "reporter", _("the person who reported it")
    RECIPIENT = "recipient", _("the wrong recipient")
    POLICE = "police", _("the police")
    OTHER = "other", _("other")


class Contact(models.Model):
    """A contact made during the investigation: with whom, when, and what came of it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="contacts")
    party = models.CharField(_("party"), max_length=20, choices=ContactParty.choices)
    name = models.CharField(_("whom"), max_length=200, blank=True)
    contacted_on = models.DateField(_("date"))
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ("contacted_on", "pk")

    def __str__(self) -> str:
        return f"{self.get_party_display()} {self.contacted_on.isoformat()}"


class Measure(models.Model):
    """A measure taken or planned, with who is responsible and when it is due and done."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("measure"), max_length=2000)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ("pk",)
        indexes = [models.Index(fields=["incident", "done_on"], name="measure_open")]

    def __str__(self) -> str:
        return self.description[:60]


class RiskAssessment(models.Model):
    """The coordinator's risk assessment: the inputs, and the result computed from them."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="risk_assessment"
    )
    data_types = models.JSONField(_("types of personal data"), default=list)
    vulnerable_people = models.BooleanField(_("children or other vulnerable people"))
    people_count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    record_count = models.PositiveIntegerField(_("number of records"), null=True, blank=True)
    insight = models.CharField(
        _("what the data reveals"), max_length=12, choices=risk.Insight.choices
    )
    identification = models.CharField(
        _("how easily the people can be identified"),
        max_length=12,
        choices=risk.Identification.choices,
    )
    exposure = models.CharField(
        _("how far the data was exposed"), max_length=16, choices=risk.Exposure.choices
    )
    integrity = models.CharField(
        _("loss of integrity"), max_length=16, choices=risk.Integrity.choices
    )
    availability = models.CharField(
        _("loss of availability"), max_length=16, choices=risk.Availability.choices
    )
    unavailable_hours = models.PositiveIntegerField(_("hours unavailable"), null=True, blank=True)
    restored_from_backup = models.BooleanField(_("restored from backups"), default=False)
    encryption = models.CharField(_("encryption"), max_length=12, choices=risk.Encryption.choices)
    malicious = models.CharField(_("malicious intent"), max_length=8, choices=risk.TriState.choices)
    consequences = models.JSONField(_("possible consequences"), default=list)

    # The result, computed by risk.risk_assess() whenever the inputs are saved.
    dpc = models.PositiveSmallIntegerField(_("data processing context (DPC)"))
    ei = models.DecimalField(_("ease of identification (EI)"), max_digits=3, decimal_places=2)
    cb = models.DecimalField(_("circumstances of the breach (CB)"), max_digits=3, decimal_places=2)
    score = models.DecimalField(_("severity (SE)"), max_digits=4, decimal_places=2)
    band = models.CharField(_("severity"), max_length=10, choices=risk.SeverityBand.choices)
    level = models.CharField(_("risk level"), max_length=10, choices=risk.RiskLevel.choices)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=risk.Recommendation.choices
    )
    reasons = models.JSONField(_("reasons"), default=list)
    unknown = models.JSONField(_("not known yet"), default=list)
    assessed_at = models.DateTimeField(_("assessed"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.incident}: {self.get_level_display()}"

    def reason_list(self) -> list[risk.Reason]:
        return [risk.Reason.from_json(item) for item in self.reasons]

    def called_out(self) -> list[str]:
        """The kinds of data and people that weigh most, present in this assessment: art. 9
        and art. 10 data, personnummer, protected identity, children or vulnerable people."""
        labels = dict(DataType.choices)
        found = [str(labels[kind]) for kind in CALLED_OUT_DATA_TYPES if kind in self.data_types]
        if self.vulnerable_people:
            found.append(str(_("children or other vulnerable people")))
        return found


class NotificationKind(models.TextChoices):
    INITIAL = "initial", _("notification")
    SUPPLEMENT = "supplement", _("supplement (art. 33.4)")


class ImyNotification(models.Model):
    """A submission to IMY: the notification, or a supplement to it (art. 33.4)."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="imy_notifications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    made_at = models.DateTimeField(_("submitted"))
    complete = models.BooleanField(
        _("complete"), help_text=_("Not complete: a preliminary notification, to be supplemented.")
    )
    imy_case_number = models.CharField(_("IMY's case number"), max_length=50, blank=True)
    content = models.TextField(_("what it contained or added"), max_length=4000, blank=True)
    delay_reason = models.TextField(_("reasons for the delay"), max_length=4000, blank=True)
    # What IMY had been told once this submission was made: the notification's facts as
    # incidents.notification.imy_facts() gives them, so that a supplement holds only what is new.
    facts = models.JSONField(_("facts submitted"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("submission to IMY")
        verbose_name_plural = _("submissions to IMY")
        ordering = ("made_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["incident"],
                condition=models.Q(kind="initial"),
                name="imy_notification_one_initial",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident} {self.get_kind_display()} {self.made_at.isoformat()}"
