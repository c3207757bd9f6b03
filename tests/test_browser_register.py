"""In a real Chromium: the register's keyset pages, at a desktop's and a phone's width, in
Swedish and in English, with no accessibility violation axe-core finds."""

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
def test_on_a_phone_the_register_scrolls_in_its_box_not_the_page(
    page: Any, live_server: Any
) -> None:
    world = build_world()
    for _ in range(3):
        incident_report(reporter=world.reporter, facts=report_facts(world.children))
    page.set_viewport_size({"width": 390, "height": 800})
    _log_in(page, live_server.url, "dpo")
    page.goto(f"{live_server.url}/incidents/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".table-scroll")
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
