"""In a real Chromium: the register's keyset pages, at a desktop's and a phone's width, in
Swedish and in English, with no accessibility violation axe-core finds; on a phone each row a
card of its own."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings

from breachdesk.accounts.models import User
from breachdesk.incidents.services import incident_report
from tests.conftest import build_world, report_facts
from tests.test_browser import ARTIFACTS, _log_in, page, pytestmark

__all__ = ["page", "pytestmark"]  # the browser fixture and marks of tests.test_browser

WORDS = {
    "sv": {"count": "7 incidenter", "next": "Nästa", "prev": "Föregående", "first": "Första sidan"},
    "en": {"count": "7 incidents", "next": "Next", "prev": "Previous", "first": "First page"},
}


def _no_violations(page: Any) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["sv", "en"])
@override_settings(REGISTER_PAGE_SIZE=3)
def test_the_register_pages_by_next_and_previous_and_is_accessible(
    page: Any, live_server: Any, language: str, width: int
) -> None:
    world = build_world()
    made = [
        incident_report(reporter=world.reporter, facts=report_facts(world.children))
        for _ in range(7)
    ]
    newest_first = [incident.display_number for incident in reversed(made)]
    User.objects.filter(pk=world.dpo.pk).update(language=language)
    words = WORDS[language]
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server.url, "dpo")
    page.goto(f"{live_server.url}/incidents/")
    table = page.locator("table.register tbody")

    def shown() -> list[str]:
        return [text.strip() for text in table.locator("tr td:first-child a").all_inner_texts()]

    assert words["count"] in page.locator("p.count").inner_text()
    assert shown() == newest_first[:3]
    assert page.get_by_role("link", name=words["prev"]).count() == 0
    _no_violations(page)
    page.screenshot(path=str(ARTIFACTS / f"register-{language}-{width}.png"), full_page=True)

    page.get_by_role("link", name=words["next"]).click()
    page.wait_for_url("**/incidents/?after=*")
    assert shown() == newest_first[3:6]
    _no_violations(page)
    page.get_by_role("link", name=words["next"]).click()
    page.wait_for_url("**/incidents/?after=*")
    assert shown() == newest_first[6:]
    assert page.get_by_role("link", name=words["next"]).count() == 0

    page.get_by_role("link", name=words["prev"]).click()
    page.wait_for_url("**/incidents/?before=*")
    assert shown() == newest_first[3:6]
    page.get_by_role("link", name=words["first"]).click()
    page.wait_for_url("**/incidents/?")
    assert shown() == newest_first[:3]


@override_settings(REGISTER_PAGE_SIZE=3)
def test_on_a_phone_each_row_of_the_register_is_a_card_with_its_clock_first(
    page: Any, live_server: Any
) -> None:
    world = build_world()
    for _ in range(3):
        incident_report(reporter=world.reporter, facts=report_facts(world.children))
    page.set_viewport_size({"width": 390, "height": 800})
    _log_in(page, live_server.url, "dpo")
    page.goto(f"{live_server.url}/incidents/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".table-scroll").count() == 0
    row = page.locator("table.register tbody tr").first
    cells = row.locator("td")
    # The diary number, then the clock, each on its own line of the card, inside the screen.
    number, clock = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert number is not None and clock is not None
    assert clock["y"] >= number["y"] + number["height"] - 1
    assert clock["x"] + clock["width"] <= 390
    assert "kvar" in cells.nth(1).inner_text()
    # The other cells are named by their column, the header row being hidden.
    label = cells.nth(4).evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Enhet"'
    head = page.locator("table.register thead")
    assert head.evaluate("head => head.getBoundingClientRect().height") <= 1
    # A desktop sees the table with its header row, and nothing beyond the screen either.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert head.evaluate("head => head.getBoundingClientRect().height") > 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
