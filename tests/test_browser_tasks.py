"""In a real Chromium: the case officer opens "My tasks" and clears the messages."""

from typing import Any

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert
from breachdesk.lib.deadlines import STOCKHOLM
from tests import flow
from tests.conftest import build_world
from tests.test_browser import _log_in, page, pytestmark

__all__ = ["page", "pytestmark"]  # the browser fixture and marks of tests.test_browser


def test_the_coordinator_sees_the_case_and_marks_all_messages_seen(
    page: Any, live_server: Any
) -> None:
    world = build_world()
    incident = flow.registered(world)
    User.objects.filter(pk=world.coordinator.pk).update(language="en")
    assert Alert.objects.filter(recipient=world.coordinator, seen_at__isnull=True).count() == 1
    base = live_server.url

    _log_in(page, base, "coordinator")
    nav = page.get_by_role("navigation", name="Main menu")
    assert "1" in nav.get_by_role("link", name="My tasks").inner_text()
    nav.get_by_role("link", name="My tasks").click()
    page.wait_for_url("**/alerts/tasks/")

    row = page.locator("tr.task").filter(has_text=incident.display_number)
    assert row.count() == 1
    assert "Confirm receipt and start the investigation" in row.inner_text()
    due = incident.imy_due_at.astimezone(STOCKHOLM)
    assert row.locator("time").get_attribute("datetime") == due.isoformat()
    assert due.strftime("%Y-%m-%d %H:%M") in row.inner_text()
    messages = page.get_by_role("table", name="Unseen messages, the newest first")
    assert f"You are the case officer of {incident.display_number}" in messages.inner_text()

    page.get_by_role("button", name="Mark all as seen").click()
    page.get_by_text("Marked 1 message as seen.").wait_for()
    page.get_by_text("You have no unseen messages.").wait_for()
    assert page.locator("header .badge").count() == 0
    assert not Alert.objects.filter(recipient=world.coordinator, seen_at__isnull=True).exists()
    # The task stays: only the messages are cleared.
    assert page.locator("tr.task").filter(has_text=incident.display_number).count() == 1
