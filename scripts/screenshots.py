"""Take the screenshots of docs/screenshots/ from a running demo (scripts/screenshots.sh).

    python scripts/screenshots.py http://127.0.0.1:PORT docs/screenshots

Reads the demo's database (BREACHDESK_DATA_DIR, as the server does) to find a case in each state
a shot names, then logs in as each demo person in Chromium and saves every page of SHOTS, whole,
in Swedish, at a desktop's width (1280 px) and a phone's (390 px).
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("BREACHDESK_CHROMIUM", "/usr/bin/chromium")
WIDTHS = [1280, 390]
# Long pages (the register, a case's timeline) are cut here: enough to show how they look.
MOST_HEIGHT = 8000


@dataclass(frozen=True)
class Shot:
    slug: str  # the file's name, before its width
    persona: str  # the demo login that looks
    name: str  # the URL's name
    state: str = ""  # for a page of a case: a case in this state
    officer: str = ""  # whose case it is (the persona's own unless named)


SHOTS = [
    Shot("01-report-form", "reporter", "incidents:report"),
    Shot("02-my-tasks", "coordinator", "alerts:tasks"),
    Shot("03-queue", "registrar", "incidents:queue"),
    Shot("04-register", "registrar", "incidents:register"),
    Shot("05-case-registered", "coordinator", "incidents:case", "registered"),
    Shot("06-case-acknowledged", "coordinator", "incidents:case", "acknowledged"),
    Shot("07-case-assessed", "uni_coordinator", "incidents:case", "assessed"),
    Shot("08-case-notified", "coordinator2", "incidents:case", "notified"),
    Shot("09-case-decided", "coordinator", "incidents:case", "decided"),
    Shot("10-case-closed", "coordinator", "incidents:case", "closed"),
    Shot("11-assessment", "coordinator", "incidents:assessment", "acknowledged"),
    Shot("12-imy-decision", "coordinator", "incidents:imy_decision", "acknowledged"),
    Shot("13-internal-decision", "school_director", "incidents:decide", "notified", "coordinator2"),
    Shot("14-audit-trail", "dpo", "audit:events"),
    Shot("15-case-audit-trail", "dpo", "audit:case", "closed", "coordinator"),
]


def _addresses(base: str) -> dict[str, str]:
    """Each shot's address: for a page of a case, the first case of its officer in its state."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breachdesk.settings")
    import django

    django.setup()
    from django.urls import reverse

    from breachdesk.incidents.models import Incident

    addresses = {}
    for shot in SHOTS:
        if not shot.state:
            addresses[shot.slug] = base + reverse(shot.name)
            continue
        case = (
            Incident.objects.filter(
                assignee__username=shot.officer or shot.persona, state=shot.state
            )
            .order_by("registered_at", "pk")
            .first()
        )
        if case is None:
            officer = shot.officer or shot.persona
            raise SystemExit(f"The demo has no case of {officer} in the state {shot.state}")
        addresses[shot.slug] = base + reverse(shot.name, kwargs={"code": case.code})
    return addresses


def _shrink(path: Path) -> None:
    """Store the picture with a palette of 256 colours: a third of the size, the same look."""
    from PIL import Image

    with Image.open(path) as picture:
        palette = picture.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def main(base: str, folder: Path) -> None:
    addresses = _addresses(base.rstrip("/"))
    from playwright.sync_api import sync_playwright

    from breachdesk.demo.world import PASSWORD  # every demo login's

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        tabs = {}
        for shot in SHOTS:
            if shot.persona not in tabs:
                context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
                tab = context.new_page()
                tab.goto(f"{base}/login/")
                tab.locator("input[name=username]").fill(shot.persona)
                tab.locator("input[name=password]").fill(PASSWORD)
                with tab.expect_navigation():
                    tab.locator("main button[type=submit]").first.click()
                tabs[shot.persona] = tab
            tab = tabs[shot.persona]
            for width in WIDTHS:
                tab.set_viewport_size({"width": width, "height": 900})
                response = tab.goto(addresses[shot.slug])
                if response is None or response.status != 200:
                    raise SystemExit(f"{shot.slug}: {addresses[shot.slug]} did not answer 200")
                if tab.locator("html").get_attribute("lang") != "sv":
                    raise SystemExit(f"{shot.slug}: the page is not in Swedish")
                path = folder / f"{shot.slug}-{width}.png"
                height = min(tab.evaluate("document.documentElement.scrollHeight"), MOST_HEIGHT)
                wide = tab.evaluate("document.documentElement.scrollWidth")  # shows an overflow
                tab.screenshot(
                    path=str(path),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": max(width, wide), "height": height},
                    animations="disabled",
                )
                _shrink(path)
                print(path)
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], Path(sys.argv[2]))
