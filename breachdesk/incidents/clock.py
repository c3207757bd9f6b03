"""The 72-hour clock of a case as a person reads it: where it stands, in words, and durations.

`case_clock()` says whether the clock runs (at least 24 hours left, less than 24 hours left,
overdue) or has stopped (IMY notified, a decision not to notify IMY, closed as not a personal
data incident), and when. It reads only the incident's own columns (the deadline, the state,
the decisions and their moments), so a list of cases shows it without another query.
`duration_text()` is the one way a duration is written: over a day in days and hours, under
a day in hours and minutes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.workflow import ImyDecision, clock_runs
from breachdesk.lib.deadlines import STOCKHOLM

if TYPE_CHECKING:
    from breachdesk.incidents.models import Incident

# Below this much time left the clock is "less than 24 hours left".
SOON_WITHIN = timedelta(hours=24)


def duration_text(delta: timedelta) -> str:
    """`delta` (its size; the sign is the caller's) in whole units, rounded down: "2 d 5 h"
    over a day, "23 h 59 min" under a day, "5 min" under an hour."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return gettext("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return gettext("%(minutes)s min") % {"minutes": minutes}


def moment_text(moment: datetime) -> str:
    """`moment` in Swedish time, written out: "torsdag 3 december 2026 kl. 14.00" in Swedish,
    "Thursday 3 December 2026 at 14:00" in English."""
    local = timezone.localtime(moment, STOCKHOLM)
    day = dateformat.format(local, "l j F Y")
    time = dateformat.format(local, pgettext("time of day, as a date format", "H:i"))
    return gettext("%(day)s at %(time)s") % {"day": day, "time": time}


class ClockState(StrEnum):
    RUNNING = "running"  # at least 24 hours left
    SOON = "soon"  # less than 24 hours left
    OVERDUE = "overdue"
    NOTIFIED = "notified"  # stopped: IMY was notified
    NOT_NOTIFYING = "not_notifying"  # stopped: a decision not to notify IMY
    NOT_AN_INCIDENT = "not_an_incident"  # stopped: closed as not a personal data incident


RUNNING_STATES = frozenset({ClockState.RUNNING, ClockState.SOON, ClockState.OVERDUE})

# The clock's state in a word or two, for its tag: the words differ, not only the colours.
STATE_LABELS: dict[ClockState, Promise] = {
    ClockState.RUNNING: _("At least 24 hours left"),
    ClockState.SOON: _("Less than 24 hours left"),
    ClockState.OVERDUE: _("Overdue"),
    ClockState.NOTIFIED: _("Stopped: IMY notified"),
    ClockState.NOT_NOTIFYING: _("Stopped: IMY not notified"),
    ClockState.NOT_AN_INCIDENT: _("Stopped: not an incident"),
}

# GOV.UK Frontend's tag colours, by state.
STATE_COLOURS: dict[ClockState, str] = {
    ClockState.RUNNING: "blue",
    ClockState.SOON: "yellow",
    ClockState.OVERDUE: "red",
    ClockState.NOTIFIED: "green",
    ClockState.NOT_NOTIFYING: "grey",
    ClockState.NOT_AN_INCIDENT: "grey",
}


@dataclass(frozen=True)
class CaseClock:
    """Where the 72 hours of a case stand: `remaining` is the time left at `now` while the
    clock runs, and the margin left when it stopped (negative: after the deadline)."""

    state: ClockState
    due_at: datetime
    remaining: timedelta | None
    stopped_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.state in RUNNING_STATES

    @property
    def overdue(self) -> bool:
        return self.state == ClockState.OVERDUE

    @property
    def late(self) -> bool:
        """Stopped (or still running) after the deadline."""
        return self.remaining is not None and self.remaining < timedelta(0)

    @property
    def label(self) -> Promise:
        return STATE_LABELS[self.state]

    @property
    def colour(self) -> str:
        return "orange" if self.late and not self.running else STATE_COLOURS[self.state]

    @property
    def tone(self) -> str:
        """The banner's look: the state, or "late" for a clock stopped after the deadline."""
        return "late" if self.late and not self.running else str(self.state)

    @property
    def due_text(self) -> str:
        return moment_text(self.due_at)

    @property
    def text(self) -> str:
        """The clock in one short phrase: "2 d 5 h left", "overdue by 70 d 7 h", "IMY
        notified on …, within the deadline"."""
        if self.running and self.remaining is not None:
            duration = duration_text(self.remaining)
            if self.late:
                return gettext("overdue by %(duration)s") % {"duration": duration}
            return gettext("%(duration)s left") % {"duration": duration}
        return self._stopped_text()

    def _stopped_text(self) -> str:
        if self.stopped_at is None or self.remaining is None:
            return str(self.label)
        at = moment_text(self.stopped_at)
        after = duration_text(self.remaining)
        if self.state == ClockState.NOTIFIED:
            if self.late:
                return gettext("IMY notified on %(at)s, %(after)s after the deadline") % {
                    "at": at,
                    "after": after,
                }
            return gettext("IMY notified on %(at)s, within the deadline") % {"at": at}
        if self.state == ClockState.NOT_NOTIFYING:
            if self.late:
                return gettext(
                    "Decided on %(at)s not to notify IMY, %(after)s after the deadline"
                ) % {"at": at, "after": after}
            return gettext("Decided on %(at)s not to notify IMY, within the deadline") % {"at": at}
        return gettext("Closed on %(at)s as not a personal data incident") % {"at": at}


def _stopped(state: ClockState, incident: "Incident", at: datetime | None) -> CaseClock:
    remaining = None if at is None else incident.imy_due_at - at
    return CaseClock(state=state, due_at=incident.imy_due_at, remaining=remaining, stopped_at=at)


def case_clock(*, incident: "Incident", now: datetime | None = None) -> CaseClock | None:
    """The clock of `incident` at `now`: running, or stopped and why; None when it has
    neither run out nor been stopped by anything it knows (no case is in that state)."""
    if clock_runs(incident):
        remaining = incident.imy_due_at - (now or timezone.now())
        if remaining < timedelta(0):
            state = ClockState.OVERDUE
        elif remaining < SOON_WITHIN:
            state = ClockState.SOON
        else:
            state = ClockState.RUNNING
        return CaseClock(state=state, due_at=incident.imy_due_at, remaining=remaining)
    if incident.imy_notified_at is not None:
        return _stopped(ClockState.NOTIFIED, incident, incident.imy_notified_at)
    if incident.not_an_incident:
        return _stopped(ClockState.NOT_AN_INCIDENT, incident, incident.closed_at)
    if incident.imy_decision == ImyDecision.NOT_NOTIFY:
        return _stopped(ClockState.NOT_NOTIFYING, incident, incident.imy_decided_at)
    return None
