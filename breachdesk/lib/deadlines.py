"""Pure arithmetic of the 72-hour clock (GDPR art. 33(1)).

The deadline counts elapsed hours, weekends included. Arithmetic is done on aware datetimes
in UTC, so a deadline that crosses a daylight-saving change in Europe/Stockholm is still exactly
72 hours away: Friday 12:00 CET plus 72 hours is Monday 13:00 CEST in spring.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
IMY_DEADLINE = timedelta(hours=72)


def imy_due_at(aware_at: datetime) -> datetime:
    """Return the moment, in UTC, by which IMY must be notified."""
    if aware_at.tzinfo is None:
        raise ValueError("aware_at must be timezone-aware")
    return (aware_at.astimezone(ZoneInfo("UTC")) + IMY_DEADLINE).astimezone(ZoneInfo("UTC"))


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
        return self.due_at.astimezone(STOCKHOLM)


def clock(*, due_at: datetime, now: datetime) -> Clock:
    """Return the clock of a deadline at `now` (both aware)."""
    if now.tzinfo is None or due_at.tzinfo is None:
        raise ValueError("due_at and now must be timezone-aware")
    return Clock(due_at=due_at, remaining=due_at - now)
