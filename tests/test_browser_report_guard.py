"""In a real Chromium: the reporter pastes a personnummer, the guard stops the report, the
reporter replaces it with a neutral marker and sends."""

from typing import Any

from breachdesk.incidents.models import Incident
from tests.conftest import build_world
from tests.test_browser import _fill_report, _log_in, page, pytestmark

__all__ = ["page", "pytestmark"]  # the browser fixture and marks of tests.test_browser

# A Skatteverket test personnummer (valid check digit, no real person).
NUMBER = "19121212-1212"


def test_the_reporter_replaces_a_personnummer_before_sending(page: Any, live_server: Any) -> None:
    build_world()
    base = live_server.url
    _log_in(page, base, "reporter")
    page.get_by_role("navigation").get_by_role("link", name="Anmäl en incident").click()
    _fill_report(page, f"Ett brev med personnummer {NUMBER} skickades till fel adress.")
    page.get_by_role("button", name="Skicka anmälan").click()

    # Stopped: the finding is listed, with everything typed kept.
    page.get_by_role("heading", name="Din anmälan kan innehålla personuppgifter").wait_for()
    assert not Incident.objects.exists()
    assert page.locator("mark", has_text=NUMBER).count() == 1
    assert page.get_by_label("Antal berörda personer").input_value() == "2"
    assert page.get_by_label("vårdnadshavare").is_checked()

    page.get_by_role("button", name="Ersätt de markerade och kontrollera igen").click()
    description = page.get_by_label("Kort beskrivning av vad som hänt")
    description.wait_for()
    text = description.input_value()
    assert NUMBER not in text
    assert "[personnummer eller samordningsnummer borttaget]" in text
    assert not Incident.objects.exists(), "replacing never sends"

    page.get_by_role("button", name="Skicka anmälan").click()
    page.wait_for_url("**/receipt/")
    incident = Incident.objects.get()
    assert NUMBER not in incident.description
    assert "borttaget" in incident.description
