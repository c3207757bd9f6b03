"""In a real Chromium: the assessment's groups of people. "Add a group of people" brings the form
back with one more group and every answer kept; Enter in a field saves, it does not add a group;
the hours and the backup show under "temporarily unavailable"; the saved reasons fold the
computation away."""

from typing import Any

from playwright.sync_api import expect

from breachdesk.incidents import services
from breachdesk.incidents.models import RiskAssessment
from tests import flow
from tests.conftest import build_world
from tests.test_browser import _log_in, page, pytestmark

__all__ = ["page", "pytestmark"]  # the browser fixture and marks of tests.test_browser


def _answer_group(page: Any, index: int, label: str) -> None:
    page.locator(f"#id_group{index}_label").fill(label)
    page.locator(f"input[name=group{index}_vulnerable_people][value=no]").check()
    page.locator(f"input[name=group{index}_insight][value=usual]").check()
    page.locator(f"input[name=group{index}_identification][value=maximum]").check()


def test_groups_are_added_kept_and_saved(page: Any, live_server: Any) -> None:
    world = build_world()
    incident = flow.acknowledged(world)
    services.investigation_record(
        incident=incident, actor=world.coordinator, facts=flow.INVESTIGATION
    )
    _log_in(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/incidents/{incident.code}/assessment/")
    _answer_group(page, 0, "Klienter")
    page.locator("input[name=exposure][value=known]").check()
    page.locator("input[name=mitigations][value=recalled]").check()
    page.get_by_role("button", name="Lägg till en grupp personer").click()
    page.locator("#group1_label-heading").wait_for()
    assert page.url.endswith("#group1_label-heading"), "the new group is scrolled to"
    assert page.locator("#id_group0_label").input_value() == "Klienter"
    assert page.locator("input[name=exposure][value=known]").is_checked()
    assert page.locator("input[name=mitigations][value=recalled]").is_checked()
    assert page.locator(".govuk-error-summary").count() == 0, "nothing is refused yet"

    # Enter in a field sends the form as "Save" does: the unanswered questions are asked.
    page.locator("#id_group1_label").fill("Anhöriga")
    page.locator("#id_group1_label").press("Enter")
    page.locator(".govuk-error-summary").wait_for()
    assert page.locator("#group2_label-heading").count() == 0, "Enter adds no group"
    assert page.locator("#id_group1_label").input_value() == "Anhöriga"

    # The hours and the backup are asked only while the data was temporarily unavailable.
    # The reveal runs once the page's script has started: wait for it as a person would.
    hours = page.locator("#id_unavailable_hours")
    page.locator("input[name=availability][value=none]").check()
    expect(hours).to_be_hidden()
    page.locator("input[name=availability][value=temporary]").check()
    expect(hours).to_be_visible()
    expect(page.locator("input[name=backup][value=yes]")).to_be_visible()
    page.locator("input[name=availability][value=none]").check()
    expect(hours).to_be_hidden()

    _answer_group(page, 1, "Anhöriga")
    page.locator("#id_group1_people_count").fill("3")
    for name in ("encryption", "integrity", "malicious"):
        page.locator(f"input[name={name}][value={'none' if name != 'malicious' else 'no'}]").check()
    page.get_by_role("button", name="Spara").click()
    page.locator(".message.success").wait_for()
    assessment = RiskAssessment.objects.get(incident=incident)
    assert [group["label"] for group in assessment.groups] == ["Klienter", "Anhöriga"]
    reasons = page.locator(".assessment-result ol.reasons li")
    assert (
        "”Klienter”" in reasons.nth(1).inner_text() or "”Anhöriga”" in reasons.nth(1).inner_text()
    )
    computed = page.locator(".assessment-result details .reasons-detail")
    expect(computed).to_be_hidden()  # the computation is folded away
    page.get_by_text("Så räknades det ut").click()
    expect(computed).to_contain_text("SE = DPC × EI + CB")
