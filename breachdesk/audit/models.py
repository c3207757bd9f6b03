"""Append-only audit events: who did what, when, to which case."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change, read or login. Written only by audit_record(); never updated.

    Events form one chain per controller, and one for the events of no controller (`chain` is
    the controller's key, or 0: audit.chain.chain_of). `seq` numbers the events of a chain
    1, 2, 3 …; `hash` covers `prev_hash` (the hash of the chain's event seq - 1) and the
    event's own fields, its chain included (audit.chain), so an edited, removed or moved event
    is found by audit_verify.
    """

    chain = models.PositiveBigIntegerField(_("chain"))
    seq = models.PositiveBigIntegerField(_("sequence number"))
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
        ]
        constraints = [
            # Also the index of a chain's events in order (it replaced controller, seq).
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq"),
            # An event is in its controller's chain, or in chain 0 when it has none.
            models.CheckConstraint(
                condition=models.Q(
                    chain=Coalesce(
                        "controller", models.Value(0), output_field=models.BigIntegerField()
                    )
                ),
                name="audit_chain_is_controller",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at.isoformat()} {self.kind}"


class AuditChainHead(models.Model):
    """The last event of one chain. audit_record() locks its chain's row, so writers of one
    controller take sequence numbers one at a time while other controllers' writers go on;
    audit_verify compares each chain's end with it, so removing a chain's last events is found
    too. Made with the chain's first event."""

    chain = models.PositiveBigIntegerField(_("chain"), primary_key=True)
    seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain}: {self.seq} {self.hash}"
