"""In a real Chromium: every page of the URL matrix, as one person who may see it, in Swedish
and English, at a desktop's width (1280 px) and a phone's (390 px). axe-core finds no WCAG 2.1
A/AA violation, nothing scrolls sideways, and every checkbox and radio has its own label
beside it. A few main pages also at 200 % zoom (a 640 px wide window at twice the pixels).

The pages and who may see them come from tests.test_url_matrix: a new page there is checked
here too. The world and every page's case are made once for the module and committed, so the
live server sees them; one Chromium serves the module, with one logged-in context a person.
On PostgreSQL only the Swedish pass at 1280 px runs: the other passes test the templates,
which do not depend on the database, and would add minutes to the PostgreSQL job.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from breachdesk.accounts.models import User
from tests.browser_checks import (
    axe_violations,
    choices_without_their_label,
    live_server_over_committed_data,
    page_faults,
    sideways_overflow,
)
from tests.conftest import build_world
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _log_in
from tests.test_browser import pytestmark as _browser_marks
from tests.test_url_matrix import PERSONAS, SPECS, Spec, url_kwargs

# Not the django_db mark of tests.test_browser: a transactional test empties the database when
# it ends, and this module's data is made once for all its tests (see `db` below).
pytestmark = [
    *(mark for mark in _browser_marks if mark.name != "django_db"),
    pytest.mark.usefixtures("db"),
]


@pytest.fixture
def db() -> None:
    """pytest-django's `db`, replaced by nothing here. Asking for it by name is what makes
    pytest-django create the test database when only this module runs; the test itself runs in
    no transaction of its own, so the data `browsing` committed stays, and what the live
    server writes (sessions, audit events) is kept until `browsing` empties the database."""


# The URLs whose answer is a file, not a page: checked to stay files (test_files_stay_files).
FILES = {
    "incidents:register_export",
    "documents:download",
    "documents:template_download",
    "documents:builtin_template",
    "audit:events_export",
    "audit:case_export",
}

# Who looks at a page, of those who may see it: the person the page is for, else the first of
# PREFERENCE that the matrix lets in (status 200).
CHOSEN = {
    "incidents:report": "reporter",
    "incidents:mine": "reporter",
    "incidents:receipt": "reporter",
    "incidents:queue": "registrar",
    "incidents:register": "dpo",
}
PREFERENCE = [
    "coordinator",
    "registrar",
    "decision_maker",
    "dpo",
    "administrator",
    "reporter",
    "anonymous",
]
# The case page changes most with the state of its case: it is checked in several.
CASE_STATES = ["acknowledged", "assessed", "notified", "decided"]

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
LANGUAGES = ["sv"] if ON_POSTGRESQL else ["sv", "en"]
WIDTHS = [1280] if ON_POSTGRESQL else [1280, 390]
ZOOMED = ["incidents:report", "incidents:queue", "incidents:register", "incidents:case"]


@dataclass(frozen=True)
class Page:
    name: str  # the URL's name
    spec: Spec
    persona: str


def _viewer(name: str, spec: Spec) -> str | None:
    chosen = CHOSEN.get(name)
    if chosen is not None:
        assert spec.status_for(chosen) == 200, (name, chosen)
        return chosen
    allowed = [persona for persona in PERSONAS if spec.status_for(persona) == 200]
    return next((persona for persona in PREFERENCE if persona in allowed), None)


def _pages() -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for name, spec in SPECS.items():
        persona = _viewer(name, spec)
        if spec.method == "get" and persona is not None and name not in FILES:
            pages[name] = Page(name, spec, persona)
    case = pages["incidents:case"]
    for state in CASE_STATES:
        pages[f"incidents:case@{state}"] = replace(case, spec=replace(case.spec, target=state))
    return pages


PAGES = _pages()
DOWNLOADS = {name: Page(name, SPECS[name], _viewer(name, SPECS[name]) or "") for name in FILES}


@dataclass
class Browsing:
    """One Chromium for the module, one logged-in context a person, over one live server."""

    browser: Any
    base: str
    urls: dict[str, str]  # a page's key (or a file's name): its address, with its case made
    tabs: dict[str, Any] = field(default_factory=dict)  # a persona: their page
    shown: dict[str, tuple[str, str]] = field(default_factory=dict)  # a persona: url, language
    languages: dict[str, str] = field(default_factory=dict)  # a persona: their language now
    csp: list[str] = field(default_factory=list)  # what the Content-Security-Policy blocked

    def tab(self, persona: str, language: str) -> Any:
        key = persona if persona != "anonymous" else f"anonymous-{language}"
        if key not in self.tabs:
            context = self.browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
            tab = context.new_page()
            tab.on(
                "console",
                lambda message: (
                    self.csp.append(f"{tab.url}: {message.text}")
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            if persona == "anonymous":
                context.add_cookies(
                    [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.base}]
                )
            else:
                _log_in(tab, self.base, persona)
                tab.wait_for_load_state()
            self.tabs[key] = tab
        if persona != "anonymous" and self.languages.get(persona) != language:
            User.objects.filter(username=persona).update(language=language)
            self.languages[persona] = language
        return self.tabs[key]

    def show(self, key: str, language: str, width: int, *, zoom: int = 1) -> Any:
        """The page `key` as its persona sees it in `language`, `width` CSS pixels wide."""
        persona = PAGES[key].persona
        tab = self.tab(persona, language)
        tab.set_viewport_size({"width": width, "height": 900})
        url = self.urls[key]
        if zoom != 1:
            context = self.browser.new_context(
                locale="sv-SE",
                timezone_id="Europe/Stockholm",
                viewport={"width": width, "height": 900},
                device_scale_factor=zoom,
                storage_state=tab.context.storage_state(),
            )
            zoomed = context.new_page()
            response = zoomed.goto(url)
            assert response is not None and response.status == 200, (key, persona, url)
            return zoomed
        if self.shown.get(persona) != (url, language):
            response = tab.goto(url)
            assert response is not None and response.status == 200, (key, persona, url)
            self.shown[persona] = (url, language)
        return tab


@pytest.fixture(scope="module")
def browsing(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Browsing]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are still
    # synchronous and safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with live_server_over_committed_data(django_db_blocker) as server:
            world = build_world()
            made: dict[tuple[object, ...], dict[str, object]] = {}
            urls: dict[str, str] = {}
            for key, page in {**PAGES, **DOWNLOADS}.items():
                spec = page.spec
                # Pages about a case in the same state share one: showing a page changes
                # nothing.
                kind = (spec.target, spec.row)
                if kind not in made:
                    made[kind] = url_kwargs(world, replace(spec, kwargs={}))
                urls[key] = server.url + reverse(page.name, kwargs={**made[kind], **spec.kwargs})
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                yield Browsing(browser=browser, base=server.url, urls=urls)
                browser.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(PAGES))
def test_page_is_accessible_fits_and_labels_its_choices(
    browsing: Browsing, key: str, language: str, width: int
) -> None:
    page = browsing.show(key, language, width)
    faults = page_faults(page)
    if faults:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"matrix-{key.replace(':', '-')}-{language}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
    blocked, browsing.csp[:] = list(browsing.csp), []
    assert not (faults or blocked), "\n".join(
        [f"{key} as {PAGES[key].persona}, {language}, {width} px: {page.url}", *faults, *blocked]
    )


@pytest.mark.parametrize("key", ZOOMED)
def test_main_pages_fit_at_200_percent_zoom(browsing: Browsing, key: str) -> None:
    # 200 % zoom of a 1280 px window: a 640 px wide layout viewport at twice the pixels.
    page = browsing.show(key, "sv", 640, zoom=2)
    try:
        assert page.evaluate("window.devicePixelRatio") == 2
        assert sideways_overflow(page) == 0, page.url
    finally:
        page.context.close()


@pytest.mark.parametrize("name", sorted(FILES))
def test_files_stay_files(browsing: Browsing, name: str) -> None:
    """The URLs left out as files still answer with a file, not a page to check."""
    persona = DOWNLOADS[name].persona
    response = browsing.tab(persona, "sv").context.request.get(browsing.urls[name])
    assert response.status == 200, (name, persona)
    assert not response.headers["content-type"].startswith("text/html"), name


# The faults the checks exist for, in markup of their own: each check can fail.
FORM_BEFORE = """
<p><label for="c">Loss of confidentiality:</label> <input type="checkbox" id="c"></p>
<p><input type="radio" name="r" id="r1"> <input type="radio" name="r" id="r2">
   <label for="r1">Yes</label> <label for="r2">No</label></p>
<p><input type="checkbox" id="lonely"></p>
<div style="width: 2000px">A table too wide</div>
"""
FORM_AFTER = """
<div class="govuk-checkboxes__item"><input type="checkbox" id="c">
  <label class="govuk-label" for="c">Loss of confidentiality</label></div>
<p><input type="radio" name="r" id="r1"><label for="r1">Yes</label></p>
"""
PICTURE_WITHOUT_TEXT = """<!DOCTYPE html><html lang="en"><title>A picture</title>
<main><h1>A picture</h1><img src="data:,"></main></html>"""


def test_the_checks_find_a_box_beside_the_wrong_label_a_page_too_wide_and_no_alt(
    browsing: Browsing,
) -> None:
    page = browsing.browser.new_page(viewport={"width": 390, "height": 800})
    try:
        page.set_content(FORM_BEFORE)
        assert choices_without_their_label(page) == [
            'checkbox #c: its label "Loss of confidentiality:" is not beside it',
            'radio #r1: another box or label stands before its label "Yes"',
            'radio #r2: another box or label stands before its label "No"',
            "checkbox #lonely: 0 labels",
        ]
        assert sideways_overflow(page) > 0
        page.set_content(FORM_AFTER)
        assert choices_without_their_label(page) == []
        assert sideways_overflow(page) == 0
        page.set_content(PICTURE_WITHOUT_TEXT)
        found = axe_violations(page)
        assert [line.split(" ")[0] for line in found if not line.startswith(" ")] == ["image-alt"]
    finally:
        page.context.close()
