"""Writes of protection (OSL): marking a case as holding protected identity or secret
information, lifting the marking, and the named readers who may see such a case.

Each is a step of workflow.STEPS, taken through incident_step(), so the audit event
("incident.protected", "incident.unprotected", "incident.reader_added",
"incident.reader_removed") is written in the same transaction as the change.
"""

from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.incidents.access import incidents_visible_to
from breachdesk.incidents.models import Incident, ProtectedReader, ProtectionReason
from breachdesk.incidents.services.transitions import (
    audit_value,
    incident_step,
)
from breachdesk.incidents.workflow import Action
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Membership


def check_protection_reason(reason: str, *, required: bool, field: str = "reason") -> None:
    """Refuse (DomainError) a kind of protection that is not one of ProtectionReason; `field`
    names the input it came from."""
    if (required or reason) and reason not in ProtectionReason.values:
        raise DomainError(
            _("Choose what kind of protected information the case holds."), field=field
        )


def reader_candidates(*, incident: Incident) -> models.QuerySet[User]:
    """People who may be named readers of `incident`: anyone active with a role in its
    controller, except its case officer and those already named."""
    holders = Membership.objects.filter(controller_id=incident.controller_id).values("user_id")
    named = ProtectedReader.objects.filter(incident=incident).values("user_id")
    people = User.objects.filter(pk__in=holders, is_active=True).exclude(pk__in=named)
    if incident.assignee_id is not None:
        people = people.exclude(pk=incident.assignee_id)
    return people.order_by("last_name", "first_name", "pk")


def _add_reader(*, incident: Incident, actor: User, reader: User, now: datetime) -> ProtectedReader:
    incident_step(
        incident=incident,
        actor=actor,
        action=Action.READER_ADDED,
        details={"about": str(reader), "reader": audit_value(reader)},
        now=now,
    )
    return ProtectedReader.objects.create(
        incident=incident, user=reader, added_by=actor, added_at=now
    )


def incident_protect(
    *, incident: Incident, actor: User, reason: str, now: datetime | None = None
) -> Incident:
    """Mark `incident` as holding protected identity or secret information (OSL).

    From then on only its case officer, the DPO and the named readers see it. When `actor`
    would no longer see the case (a coordinator of the unit who is not its case officer), they
    become a named reader in the same transaction.
    """
    now = now or timezone.now()
    check_protection_reason(reason, required=True)
    with transaction.atomic():
        incident_step(
            incident=incident,
            actor=actor,
            action=Action.PROTECTED,
            changes={
                "protected": True,
                "protected_reason": reason,
                "protected_at": now,
                "protected_by": actor,
            },
            now=now,
        )
        if not incidents_visible_to(actor).filter(pk=incident.pk).exists():
            _add_reader(incident=incident, actor=actor, reader=actor, now=now)
    return incident


def incident_unprotect(
    *, incident: Incident, actor: User, note: str, now: datetime | None = None
) -> Incident:
    """Lift the protection (OSL) of `incident`, with the reason why, and remove its named
    readers (each removal audited): the case is read by the unit's case readers again."""
    now = now or timezone.now()
    if not note.strip():
        raise DomainError(_("Write why the protection is lifted."), field="note")
    with transaction.atomic():
        readers = list(
            ProtectedReader.objects.select_for_update()
            .filter(incident=incident)
            .select_related("user")
        )
        for reader in readers:
            _remove_reader(incident=incident, actor=actor, reader=reader, now=now)
        incident_step(
            incident=incident,
            actor=actor,
            action=Action.UNPROTECTED,
            changes={
                "protected": False,
                "protected_reason": "",
                "protected_at": None,
                "protected_by": None,
            },
            details={"note": note.strip()},
            now=now,
        )
    return incident


def protected_reader_add(
    *, incident: Incident, actor: User, reader: User, now: datetime | None = None
) -> ProtectedReader:
    """Name `reader` as a reader of the protected `incident`: they see it like its case
    readers do (a decision-maker must be named to take the internal decision)."""
    now = now or timezone.now()
    if incident.assignee_id == reader.pk:
        raise DomainError(_("The case officer reads the case already."), field="reader")
    with transaction.atomic():
        # The step locks the incident row first, so two people adding the same reader at
        # once are taken one after the other and the second is refused here.
        if ProtectedReader.objects.filter(incident=incident, user=reader).exists():
            raise DomainError(
                _("%(person)s is already a named reader of this case.") % {"person": reader},
                field="reader",
            )
        if not reader_candidates(incident=incident).filter(pk=reader.pk).exists():
            raise DomainError(
                _("Only people with a role in the case's controller can be named readers."),
                field="reader",
            )
        return _add_reader(incident=incident, actor=actor, reader=reader, now=now)


def _remove_reader(
    *, incident: Incident, actor: User, reader: ProtectedReader, now: datetime
) -> None:
    incident_step(
        incident=incident,
        actor=actor,
        action=Action.READER_REMOVED,
        details={"about": str(reader.user), "reader": audit_value(reader.user)},
        now=now,
    )
    reader.delete()


def protected_reader_remove(
    *, incident: Incident, actor: User, reader: ProtectedReader, now: datetime | None = None
) -> None:
    """Remove the named reader `reader` of `incident`: they no longer see the case."""
    if reader.incident_id != incident.pk:
        raise DomainError(_("This reader belongs to another case."))
    with transaction.atomic():
        _remove_reader(incident=incident, actor=actor, reader=reader, now=now or timezone.now())
