"""Append-only audit events: who did what, when, to which case."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change (or, later, one read). Written only by audit_record(); never updated."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("event"), max_length=64)
    controller = models.ForeignKey(
        "orgs.Controller", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    data = models.JSONField(_("details"), default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("at", "pk")
        indexes = [models.Index(fields=["incident", "at"], name="audit_incident_time")]

    def __str__(self) -> str:
        return f"{self.at.isoformat()} {self.kind}"
