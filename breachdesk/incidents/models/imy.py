"""The submissions to IMY: the notification (GDPR art. 33) and its supplements (art. 33(4))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.models.incident import Incident


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
    # incidents.imy.imy_facts() gives them, so that a supplement holds only what is new.
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
                condition=models.Q(kind=NotificationKind.INITIAL),
                name="imy_notification_one_initial",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident} {self.get_kind_display()} {self.made_at.isoformat()}"
