from datetime import UTC, datetime, timedelta

import pytest

from breachdesk.lib.deadlines import STOCKHOLM, clock, imy_due_at
from tests.conftest import at


def test_due_is_72_hours_later_on_an_ordinary_week() -> None:
    due = imy_due_at(at("2026-05-04 09:30"))
    assert due.astimezone(STOCKHOLM) == at("2026-05-07 09:30")


def test_due_crossing_spring_change_is_72_elapsed_hours() -> None:
    # Summer time starts 2026-03-29 02:00 -> 03:00: the wall clock jumps one hour forward.
    aware = at("2026-03-27 12:00")
    due = imy_due_at(aware)
    assert due - aware == timedelta(hours=72)
    assert due.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M %Z") == "2026-03-30 13:00 CEST"


def test_due_crossing_autumn_change_is_72_elapsed_hours() -> None:
    # Summer time ends 2026-10-25 03:00 -> 02:00: the wall clock goes back one hour.
    aware = at("2026-10-23 12:00")
    due = imy_due_at(aware)
    assert due - aware == timedelta(hours=72)
    assert due.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M %Z") == "2026-10-26 11:00 CET"


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        imy_due_at(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001


def test_clock_counts_down_and_then_up() -> None:
    due = datetime(2026, 3, 30, 11, 0, tzinfo=UTC)
    before = clock(due_at=due, now=due - timedelta(hours=5, minutes=20))
    assert (before.overdue, before.hours, before.minutes) == (False, 5, 20)
    after = clock(due_at=due, now=due + timedelta(hours=26, minutes=5))
    assert (after.overdue, after.hours, after.minutes) == (True, 26, 5)


def test_clock_across_spring_change_counts_real_hours() -> None:
    # One hour before the deadline in real time, although the wall clock shows two.
    due = imy_due_at(at("2026-03-27 12:00"))
    now = at("2026-03-30 12:00")  # CEST, 71 elapsed hours after awareness
    state = clock(due_at=due, now=now)
    assert (state.overdue, state.hours, state.minutes) == (False, 1, 0)
