"""Writes on alerts: raising them in the transaction of a change, and marking them seen."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert, AlertKind, MailState
from breachdesk.incidents.models import Incident, Measure


def alert_new(
    *,
    kind: AlertKind,
    incident: Incident,
    recipient: User,
    now: datetime,
    measure: Measure | None = None,
    key: str = "",
    data: dict[str, Any] | None = None,
    deadline: datetime | None = None,
) -> Alert:
    """An unsaved alert; its e-mail waits to be sent when the recipient has an address."""
    return Alert(
        recipient=recipient,
        incident=incident,
        measure=measure,
        kind=kind,
        key=key,
        data=data or {},
        deadline=deadline,
        created_at=now,
        mail_state=MailState.PENDING if recipient.email else MailState.NONE,
        mail_next_at=now,
    )


def alert_raise(
    *,
    kind: AlertKind,
    incident: Incident,
    recipients: Iterable[User],
    now: datetime,
    data: dict[str, Any] | None = None,
) -> list[Alert]:
    """Alert each of `recipients` (once each) about `incident`, in the caller's transaction.

    The e-mails are sent by the scheduler after the change has committed, so a change that
    rolls back sends nothing.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("alert_raise must run inside the transaction of the change")
    people = {person.pk: person for person in recipients if person.is_active}
    return Alert.objects.bulk_create(
        alert_new(kind=kind, incident=incident, recipient=person, now=now, data=data)
        for person in people.values()
    )


def alert_mark_seen(*, alert: Alert, user: User, now: datetime | None = None) -> None:
    """Mark `alert` as seen by its recipient `user`."""
    if alert.recipient_id != user.pk:
        raise PermissionError("only the recipient marks an alert as seen")
    Alert.objects.filter(pk=alert.pk, seen_at__isnull=True).update(seen_at=now or timezone.now())


def alert_mark_all_seen(*, user: User, now: datetime | None = None) -> int:
    """Mark every unseen alert of `user` as seen; return how many."""
    return Alert.objects.filter(recipient=user, seen_at__isnull=True).update(
        seen_at=now or timezone.now()
    )
