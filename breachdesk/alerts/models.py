"""Alerts shown in the application to the people who must act on something."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    SUPERVISION = "supervision", _("IMY has opened supervision (tillsyn)")


class Alert(models.Model):
    """One alert to one person about one case; seen when the person marks it so."""

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
    kind = models.CharField(_("kind"), max_length=32, choices=AlertKind.choices)
    created_at = models.DateTimeField(_("created"))
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["recipient", "seen_at"], name="alert_unseen")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.incident}"
