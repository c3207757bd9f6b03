"""Writes on alerts."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert, AlertKind
from breachdesk.incidents.models import Incident


def alert_raise(
    *, kind: AlertKind, incident: Incident, recipients: Iterable[User], now: datetime
) -> list[Alert]:
    """Alert each of `recipients` (once each) about `incident`, in the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("alert_raise must run inside the transaction of the change")
    people = {person.pk: person for person in recipients if person.is_active}
    return Alert.objects.bulk_create(
        Alert(recipient=person, incident=incident, kind=kind, created_at=now)
        for person in people.values()
    )


def alert_mark_seen(*, alert: Alert, user: User, now: datetime | None = None) -> None:
    """Mark `alert` as seen by its recipient `user`."""
    if alert.recipient_id != user.pk:
        raise PermissionError("only the recipient marks an alert as seen")
    Alert.objects.filter(pk=alert.pk, seen_at__isnull=True).update(seen_at=now or timezone.now())
