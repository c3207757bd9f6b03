"""Append-only audit events: who did what, when, to which case."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change, read or login. Written only by audit_record(); never updated.

    `seq` orders the chain; `hash` covers `prev_hash` (the hash of event seq - 1) and the
    event's own fields (audit.chain), so an edited or removed event is found by audit_verify.
    """

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
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
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("at", "pk")
        indexes = [
            models.Index(fields=["incident", "at"], name="audit_incident_time"),
            models.Index(fields=["controller", "seq"], name="audit_controller_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.at.isoformat()} {self.kind}"


class AuditChainHead(models.Model):
    """The one row that holds the chain's last event. audit_record() locks it, so writers take
    sequence numbers one at a time; audit_verify compares the chain's end with it, so removing
    the last events is found too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_one_row")]

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"
