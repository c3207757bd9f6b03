"""The investigation of an incident: what happened, the contacts taken, the measures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.models.incident import Incident


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
    """What the coordinator found out; amended until the case is decided."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="investigation"
    )
    confidentiality = models.BooleanField(_("loss of confidentiality"), default=False)
    integrity = models.BooleanField(_("loss of integrity"), default=False)
    availability = models.BooleanField(_("loss of availability"), default=False)
    cause = models.CharField(_("cause"), max_length=32, choices=Cause.choices, blank=True)
    cause_detail = models.TextField(_("what happened and why"), max_length=4000, blank=True)
    # Committee reports are read aloud in public meetings (docs/documents.md): this is what
    # they show.
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
    # The committee's data protection coordinator: counts as contact with the DPO function in
    # the incident log.
    DPO_COORDINATOR = "dpo_coordinator", _("the data protection coordinator")
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
