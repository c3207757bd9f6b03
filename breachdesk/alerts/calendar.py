"""The person's calendar feed (iCalendar) of their deadlines, for Outlook and other calendars.

Calendar programs cannot log in: the secret in the feed's address is what lets them in (only
its SHA-256 is stored, see accounts.services.calendar_key_issue). The feed holds the kind of
deadline, the case number, the moment and a link to the case, never what the case is about: a
calendar is synchronised to phones and shared with assistants, a case file is not.
"""

from datetime import UTC, datetime, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, vDuration

from breachdesk.accounts.models import User
from breachdesk.accounts.services import user_for_calendar_key
from breachdesk.alerts.tasks import Task, TaskKind, tasks_for
from breachdesk.lib.site import site_host, site_link

PRODID = "-//Breachdesk//Deadlines//EN"
# How often a calendar program should fetch the feed again.
REFRESH = timedelta(hours=1)
# A deadline is a moment: its event starts at it, and lasts long enough to be seen.
EVENT_LENGTH = timedelta(minutes=30)

_SUMMARIES: dict[TaskKind, Promise] = {
    "register": _("Register: %(number)s"),
    "case": _("IMY deadline: %(number)s"),
    "measure": _("Measure due: %(number)s"),
}


def _event(task: Task, *, stamp: datetime, host: str) -> Event | None:
    summary = _SUMMARIES.get(task.kind)
    if summary is None:
        return None
    event = Event()
    if task.due_at is not None:
        # In UTC: one exact instant, whatever the time zone of the calendar and across the
        # daylight-saving changes (no VTIMEZONE for Outlook to misread).
        start = task.due_at.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
    elif task.due_on is not None:
        # A whole day (VALUE=DATE); Outlook wants the end day, the day after, to see one day.
        event.add("dtstart", task.due_on)
        event.add("dtend", task.due_on + timedelta(days=1))
    else:
        return None
    link = site_link(task.path)
    event.add("uid", f"{task.uid}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", str(summary) % {"number": task.incident.display_number})
    event.add("url", link)
    event.add("description", link)
    # A deadline does not make the person busy, and others who see the calendar see no title.
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    return event


def calendar_for(*, user: User, now: datetime | None = None) -> Calendar:
    """Build the calendar of `user`'s tasks that have a due time, in their e-mail language."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Breachdesk – {user}")
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    stamp = now.astimezone(UTC)
    host = site_host()
    with translation.override(user.mail_language):
        for task in tasks_for(user=user, now=now):
            event = _event(task, stamp=stamp, host=host)
            if event is not None:
                calendar.add_component(event)
    return calendar


@require_safe
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The calendar feed of the person whose address holds `key` (no login: the key is it)."""
    user = user_for_calendar_key(key)
    if user is None:
        raise Http404
    response = HttpResponse(
        calendar_for(user=user).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="breachdesk.ics"'
    return response
