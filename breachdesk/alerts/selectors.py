"""Reads of alerts."""

from django.db.models import F, QuerySet

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert


def alerts_for(*, user: User) -> QuerySet[Alert]:
    """The alerts of `user`, unseen first, newest first."""
    return (
        Alert.objects.filter(recipient=user)
        .select_related("incident", "incident__controller")
        # NULLs (unseen) first on every database: PostgreSQL sorts them last by default.
        .order_by(F("seen_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def alerts_unseen_for(*, user: User) -> QuerySet[Alert]:
    """The alerts of `user` not yet marked seen, newest first."""
    return alerts_for(user=user).filter(seen_at__isnull=True)


def unseen_count(*, user: User) -> int:
    return Alert.objects.filter(recipient=user, seen_at__isnull=True).count()
