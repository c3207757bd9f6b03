"""In a real Chromium: one case from the report to the closed case, by the people who handle it."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from breachdesk.incidents.models import Incident
from tests.conftest import PASSWORD, World, build_world
from tests.documents_text import pdf_text, squash

CHROMIUM = os.environ.get("BREACHDESK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("BREACHDESK_TEST_ARTIFACTS", "test-artifacts"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
        reason="Chromium is not installed (scripts/test.sh installs it)",
    ),
]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # body are still synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        page = context.new_page()
        # Anything the Content-Security-Policy blocks is a defect of a page: Chromium reports
        # each violation on the console.
        violations: list[str] = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield page
        assert violations == [], violations
        # The test body's queries ran while Playwright's loop was active, on a connection that
        # pytest-django's teardown does not see; left open, PostgreSQL refuses to drop the
        # test database ("being accessed by other users").
        connections.close_all()
        context.close()
        browser.close()


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _log_out(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()


def _save(page: Any) -> None:
    page.get_by_role("button", name="Spara").click()
    page.locator(".message.success").wait_for()


def _act(page: Any, link: str) -> None:
    """Follow the case page's primary button, `link`: the person's next step."""
    page.locator("#next-step").get_by_role("link", name=link).click()


def _step(page: Any, base: str, incident: Incident, username: str, link: str) -> None:
    """Log in as `username`, open the case, and follow the action `link`."""
    _log_in(page, base, username)
    page.goto(f"{base}/incidents/{incident.code}/")
    _act(page, link)


def _fill_report(page: Any, description: str) -> None:
    """Fill the report form (open in `page`) with `description` and the facts it needs."""
    page.get_by_label("Kort beskrivning av vad som hänt").fill(description)
    page.locator("#id_occurred_at").fill("2026-11-20T09:15")
    page.locator("#id_discovered_at").fill("2026-11-20T14:40")
    page.get_by_label("vårdnadshavare").check()
    page.get_by_label("namn", exact=True).check()
    page.get_by_label("Antal berörda personer").fill("2")


def test_one_case_from_report_to_closed(page: Any, live_server: Any) -> None:
    world: World = build_world()
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    _log_in(page, base, "reporter")
    page.get_by_role("navigation").get_by_role("link", name="Anmäl en incident").click()
    assert page.get_by_label("Ditt namn").input_value() == "Rut Anmälarsson"
    _fill_report(page, "Ett brev om ett möte skickades till fel adress.")
    page.get_by_role("button", name="Skicka anmälan").click()
    page.wait_for_url("**/receipt/")

    incident = Incident.objects.get()
    page.get_by_text(incident.reference).wait_for()
    page.screenshot(path=str(ARTIFACTS / "receipt.png"), full_page=True)
    _log_out(page)

    _log_in(page, base, "registrar")
    page.get_by_role("navigation").get_by_role("link", name="Nya anmälningar").click()
    page.get_by_role("link", name=f"Registrera {incident.reference}").click()
    page.get_by_role("button", name="Registrera och tilldela").click()
    page.get_by_text("Registrerat som").wait_for()

    incident.refresh_from_db()
    assert incident.diary_number is not None
    heading = page.get_by_role("heading", level=1)
    assert incident.diary_number in heading.inner_text()
    assert page.get_by_text("Cecilia Samordnarsson").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "case.png"), full_page=True)
    assert incident.assignee == world.coordinator
    _log_out(page)

    # The coordinator confirms receipt, investigates, records a measure and assesses the risk.
    _log_in(page, base, "coordinator")
    page.goto(f"{base}/incidents/{incident.code}/")
    page.get_by_role("button", name="Bekräfta mottagande").click()
    _act(page, "Dokumentera utredningen")
    page.get_by_label("Förlust av konfidentialitet", exact=False).check()
    page.locator("#id_cause").select_option("misaddressed_post")
    page.locator("#id_cause_detail").fill("Brevet lades i ett kuvert med fel adress.")
    page.locator("input[name=has_ended][value=true]").check()
    page.locator("#id_ended_at").fill("2026-11-20T09:15")
    _save(page)
    page.get_by_role("link", name="Lägg till en åtgärd").click()
    page.locator("#id_description").fill("Påminn om rutinen för utskick.")
    page.locator("#id_done_on").fill("2026-11-21")
    _save(page)
    _act(page, "Gör riskbedömningen")
    # No answer is chosen for the coordinator: every question is answered here.
    page.locator("input[name=group0_vulnerable_people][value=no]").check()
    page.locator("input[name=group0_insight][value=usual]").check()
    page.locator("input[name=group0_identification][value=maximum]").check()
    page.locator("input[name=integrity][value=none]").check()
    page.locator("input[name=availability][value=none]").check()
    page.locator("input[name=exposure][value=known]").check()
    page.locator("input[name=encryption][value=none]").check()
    page.locator("input[name=malicious][value=no]").check()
    _save(page)
    recommendation = page.locator(".assessment-result .recommendation")
    assert "dokumentera endast internt" in recommendation.inner_text()
    page.screenshot(path=str(ARTIFACTS / "assessment.png"), full_page=True)

    # The decision not to notify IMY follows the recommendation, with the written assessment.
    _act(page, "Besluta om IMY och de berörda")
    page.locator("input[name=imy_decision][value=not_notify]").check()
    page.locator("#id_imy_decision_reason").fill("Endast namn, till en enskild mottagare.")
    page.locator("input[name=subjects_decision][value=not_required]").check()
    page.locator("#id_subjects_reason").fill("Risken är inte hög.")
    page.screenshot(path=str(ARTIFACTS / "decision.png"), full_page=True)
    _save(page)
    _log_out(page)

    # The decision-maker takes the internal decision; the coordinator sends it and closes.
    _step(page, base, incident, "decision_maker", "Fatta det interna beslutet")
    _save(page)
    _log_out(page)

    # The coordinator writes the decision document (DOCX and PDF) and downloads the PDF.
    _log_in(page, base, "coordinator")
    page.goto(f"{base}/incidents/{incident.code}/")
    page.locator("#task-decide").get_by_role("link", name="Skriv det interna beslutet").click()
    page.get_by_role("button", name="Ta fram DOCX och PDF").click()
    page.locator(".message.success").wait_for()
    documents = page.locator("#documents")
    assert "Beslut om personuppgiftsincident" in documents.inner_text()
    with page.expect_download() as download:
        documents.get_by_role("link", name="PDF").click()
    pdf = ARTIFACTS / "decision.pdf"
    download.value.save_as(str(pdf))
    text = squash(pdf_text(pdf.read_bytes()))
    assert f"Dnr {incident.diary_number}" in text
    assert "anmäls inte till Integritetsskyddsmyndigheten (IMY)" in text
    assert "Beslutat " in text and "Bertil Beslutsson" in text
    page.screenshot(path=str(ARTIFACTS / "documents.png"), full_page=True)
    _act(page, "Dokumentera att beslutet skickats till dataskyddsombudet")
    _save(page)
    _act(page, "Avsluta ärendet")
    _save(page)
    assert page.locator(".case-head .state").inner_text() == "avslutad"
    page.screenshot(path=str(ARTIFACTS / "closed.png"), full_page=True)
    incident.refresh_from_db()
    assert incident.state == "closed"
    assert incident.decision_maker == world.decision_maker
