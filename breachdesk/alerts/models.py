"""Messages to the people who must act on something: in the application and by e-mail.

An Alert is one message to one person. It is written in the transaction of the change that
causes it (a new report, a registration, a decision sent to the DPO, IMY's supervision), or by
the scheduler when a clock reaches a point (the 72-hour reminders and escalation, measures
due and overdue). The row is the in-application message and, at the same time, the outbox of
its e-mail: the scheduler delivers pending rows and records the outcome on them (see
docs/messages.md for the delivery guarantees).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    REPORT_NEW = "report_new", _("New report to register")
    REPORT_RECEIPT = "report_receipt", _("Your report has been received")
    ASSIGNED = "assigned", _("A case has been assigned to you")
    ACKNOWLEDGED = "acknowledged", _("The case officer has confirmed receipt")
    DEADLINE_REMINDER = "deadline_reminder", _("Reminder: the 72 hours are running")
    DEADLINE_PASSED = "deadline_passed", _("The 72 hours have passed")
    MEASURE_DUE = "measure_due", _("A measure is due soon")
    MEASURE_OVERDUE = "measure_overdue", _("A measure is overdue")
    INFORM_DUE = "inform_due", _("The people affected are to be informed soon")
    INFORM_OVERDUE = "inform_overdue", _("The people affected are not informed by the planned day")
    DECISION = "decision", _("An internal decision for the DPO")
    SUPERVISION = "supervision", _("IMY has opened supervision (tillsyn)")


class MailState(models.TextChoices):
    PENDING = "pending", _("to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")
    NONE = "none", _("no e-mail address")
    SKIPPED = "skipped", _("not sent: no longer current")


class Alert(models.Model):
    """One message to one person about one case; seen when the person marks it so."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    measure = models.ForeignKey(
        "incidents.Measure",
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=AlertKind.choices)
    # Scheduled messages carry a key naming what they are about (the case, the deadline, the
    # point on the clock, the person); its uniqueness makes a reminder exist once, however
    # many schedulers plan it at the same moment. Messages of events leave it empty.
    key = models.CharField(_("key"), max_length=200, blank=True, default="")
    # What the message says beyond its kind, e.g. the point on the clock or the due date,
    # kept so that the text can be written in the recipient's language when it is sent.
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The IMY deadline a reminder or escalation counts towards: lets the scheduler pass over
    # overdue cases whose escalation was already made.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)

    # The e-mail of the message (the outbox).
    mail_state = models.CharField(
        _("e-mail"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    mail_next_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    mail_claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    mail_claim = models.CharField(max_length=32, blank=True, default="", editable=False)
    mail_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    mail_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    mail_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="alert_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "seen_at"], name="alert_unseen"),
            models.Index(fields=["mail_state", "mail_next_at"], name="alert_outbox"),
            models.Index(fields=["incident", "kind", "deadline"], name="alert_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.incident}"
