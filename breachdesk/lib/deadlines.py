"""Pure arithmetic of the 72-hour clock (GDPR art. 33(1)).

The deadline counts elapsed hours, weekends included. Arithmetic is done on aware datetimes
in UTC, so a deadline that crosses a daylight-saving change in Europe/Stockholm is still exactly
72 hours away: Friday 12:00 CET plus 72 hours is Monday 13:00 CEST in spring.

No moment overflows: a deadline is kept between EARLIEST_MOMENT and LATEST_MOMENT, two days
inside what a datetime can hold, so that it can still be shown in any time zone. The forms
refuse dates outside a sensible range long before that; this is the last line.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
IMY_DEADLINE = timedelta(hours=72)
_EDGE = timedelta(days=2)
EARLIEST_MOMENT = datetime.min.replace(tzinfo=UTC) + _EDGE
LATEST_MOMENT = datetime.max.replace(tzinfo=UTC) - _EDGE


def swedish_day(moment: datetime) -> date:
    """The day in Sweden at `moment`."""
    return moment.astimezone(STOCKHOLM).date()


def moment_in_range(aware_at: datetime) -> datetime:
    """`aware_at` in UTC, moved to EARLIEST_MOMENT or LATEST_MOMENT when it lies beyond them
    (or cannot even be expressed in UTC)."""
    if aware_at.tzinfo is None:
        raise ValueError("aware_at must be timezone-aware")
    try:
        moment = aware_at.astimezone(UTC)
    except OverflowError:
        return EARLIEST_MOMENT if aware_at.year < LATEST_MOMENT.year // 2 else LATEST_MOMENT
    return min(max(moment, EARLIEST_MOMENT), LATEST_MOMENT)


def imy_due_at(aware_at: datetime) -> datetime:
    """Return the moment, in UTC, by which IMY must be notified (never beyond LATEST_MOMENT)."""
    moment = moment_in_range(aware_at)
    if moment > LATEST_MOMENT - IMY_DEADLINE:
        return LATEST_MOMENT
    return moment + IMY_DEADLINE


@dataclass(frozen=True)
class Clock:
    """Where a case stands against its deadline at a given moment."""

    due_at: datetime
    remaining: timedelta

    @property
    def overdue(self) -> bool:
        return self.remaining < timedelta(0)

    @property
    def hours(self) -> int:
        """Whole hours left, or whole hours overdue (positive) when overdue."""
        return int(abs(self.remaining).total_seconds() // 3600)

    @property
    def minutes(self) -> int:
        return int(abs(self.remaining).total_seconds() // 60 % 60)

    @property
    def due_local(self) -> datetime:
        return moment_in_range(self.due_at).astimezone(STOCKHOLM)


def clock(*, due_at: datetime, now: datetime) -> Clock:
    """Return the clock of a deadline at `now` (both aware)."""
    if now.tzinfo is None or due_at.tzinfo is None:
        raise ValueError("due_at and now must be timezone-aware")
    return Clock(due_at=due_at, remaining=moment_in_range(due_at) - moment_in_range(now))
