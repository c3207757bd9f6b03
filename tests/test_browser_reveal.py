"""In a real Chromium: a follow-up question shows once its answer is chosen, and a reveal puts
no ARIA attribute on a radio that ARIA does not allow there."""

from typing import Any

from tests.conftest import build_world
from tests.test_browser import _log_in, page, pytestmark

__all__ = ["page", "pytestmark"]  # the browser fixture and marks of tests.test_browser


def test_the_processors_name_is_asked_under_at_a_processor(page: Any, live_server: Any) -> None:
    build_world()
    _log_in(page, live_server.url, "reporter")
    page.goto(live_server.url + "/incidents/report/")
    name = page.locator("#id_processor_name")
    at_processor = page.locator("input[name=location][value=processor]")
    assert not name.is_visible(), "hidden until its answer is chosen"
    assert at_processor.get_attribute("aria-controls") == "id_location_1_reveal"
    assert at_processor.get_attribute("aria-expanded") is None
    at_processor.check()
    assert name.is_visible()
    page.locator("input[name=location][value=controller]").check()
    assert not name.is_visible()
