"""Checks of the dates and times people give for what has already happened on a case."""

from datetime import date, datetime

from django.utils.translation import gettext as _

from breachdesk.incidents.models import Incident
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.lib.errors import DomainError


def check_happened(
    value: date | datetime | None, *, incident: Incident, now: datetime, field: str | None = None
) -> None:
    """Refuse a date or time of something done on `incident` that lies in the future, or
    before the incident happened (Swedish days: a date is compared as a day in Stockholm).
    `field` names the input the value came from."""
    if value is None:
        return
    if isinstance(value, datetime):
        if value > now:
            raise DomainError(_("The time cannot be in the future."), field=field)
        if value < incident.occurred_at:
            raise DomainError(_("The time cannot be before the incident happened."), field=field)
        return
    if value > now.astimezone(STOCKHOLM).date():
        raise DomainError(_("The date cannot be in the future."), field=field)
    if value < incident.occurred_at.astimezone(STOCKHOLM).date():
        raise DomainError(_("The date cannot be before the incident happened."), field=field)
