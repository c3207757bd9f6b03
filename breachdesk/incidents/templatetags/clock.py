"""The 72-hour clock in templates: ``{% load clock %}``.

``{% case_clock incident now as clock %}{% include "includes/clock.html" %}`` shows a case's
clock; ``{{ delta|duration }}`` writes any duration as the clock does; ``{{ moment|moment }}``
writes a moment in Swedish time ("torsdag 3 december 2026 kl. 14.00").
"""

from datetime import datetime, timedelta

from django import template

from breachdesk.incidents.clock import CaseClock, duration_text, moment_text
from breachdesk.incidents.clock import case_clock as clock_of
from breachdesk.incidents.models import Incident

register = template.Library()


@register.simple_tag
def case_clock(incident: Incident, now: datetime | None = None) -> CaseClock | None:
    """The clock of `incident` at `now` (the request's moment, so that a list agrees)."""
    return clock_of(incident=incident, now=now)


@register.filter
def duration(delta: timedelta | None) -> str:
    return "" if delta is None else duration_text(delta)


@register.filter
def moment(value: datetime | None) -> str:
    return "" if value is None else moment_text(value)
