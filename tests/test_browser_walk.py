"""In a real Chromium: a new case carried from the report to the closed case by following only
the primary button of each page, and the page loads that takes counted.

Each person whose turn it is opens Breachdesk in a browser of their own, logs in, finds the
case on their start page and presses the primary button (a `.govuk-button` that is neither
secondary nor a warning; on the case page the one next step for them) until the case waits for
someone else. Forms are filled by the type of their fields, with the answers below where a
choice matters. Who has the next turn is found in browsers not counted: a person has it when
the case page offers them a next step.
"""

from dataclasses import dataclass, field, fields
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from breachdesk.incidents.models import Incident
from breachdesk.incidents.workflow import State
from tests.conftest import PASSWORD, build_world
from tests.flow import HARMLESS
from tests.test_browser import ARTIFACTS, page, pytestmark

__all__ = ["page", "pytestmark"]  # the browser fixture and marks of tests.test_browser

# The walk with the old case page took 32 page loads; this one must be shorter.
BEFORE = 32

PRIMARY = ".govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)"
# Those who may have a turn after the report, in the order they are asked.
TURNS = ["registrar", "coordinator", "decision_maker", "manager", "dpo"]
MOST_STEPS = 40  # pages one person goes through in one turn, at most

# The answers where a choice matters: a misaddressed letter with a name only, to a trusted
# colleague who deleted it (the harmless e-mail of tests.flow), not notified to IMY.
_RISK = {
    f.name: str(getattr(HARMLESS, f.name))
    for f in fields(HARMLESS)
    if isinstance(getattr(HARMLESS, f.name), str)
}
CHOSEN = {
    **_RISK,
    "location": "controller",
    "imy_decision": "not_notify",
    "subjects_decision": "not_required",
    "has_ended": "true",
}
# Boxes to tick, by name and value (None: the single box of a yes-or-no question).
TICKED: dict[str, str | None] = {
    "subject_categories": "guardians",
    "data_types": "name",
    "confidentiality": None,
}
TYPED = {
    "description": "Ett brev om ett möte lades i fel kuvert och kom till en kollega.",
    "cause_detail": "Brevet lades i ett kuvert med en annan adress.",
}
SENTENCE = "Mottagaren är en kollega som har raderat uppgifterna."
# Radios that mean "not known yet": an explicit answer is chosen instead.
UNKNOWN = {"unknown", "dont_know"}


def _primary(tab: Any) -> Any | None:
    """The page's primary button, or None: on the case page the next step, else the first
    primary button in main."""
    scope = tab.locator("#next-step") if tab.locator("#next-step").count() else tab
    buttons = scope.locator(f"main {PRIMARY}" if scope is tab else PRIMARY)
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if button.is_visible():
            return button
    return None


def _choose(tab: Any, form: Any) -> None:
    """Answer every radio group and select with nothing chosen, and tick TICKED."""
    radios = form.locator("input[type=radio]")
    groups: dict[str, list[str]] = {}
    for index in range(radios.count()):
        radio = radios.nth(index)
        if radio.is_visible():
            groups.setdefault(radio.get_attribute("name"), []).append(radio.get_attribute("id"))
    for name, ids in groups.items():
        if form.locator(f"input[type=radio][name='{name}']:checked").count():
            continue
        by_value = {tab.locator(f"#{i}").get_attribute("value"): i for i in ids}
        wanted = CHOSEN.get(name)
        chosen = by_value.get(wanted) if wanted else None
        chosen = chosen or next(i for value, i in by_value.items() if value not in UNKNOWN)
        tab.locator(f"label[for='{chosen}']").click()
    for name, value in TICKED.items():
        exact = f"[value='{value}']" if value else ""
        box = form.locator(f"input[type=checkbox][name='{name}']{exact}")
        if box.count() == 1 and box.is_visible() and not box.is_checked():
            tab.locator(f"label[for='{box.get_attribute('id')}']").click()
    # A select's empty choice may be an answer ("automatic"): only a required one is chosen.
    selects = form.locator("select")
    for index in range(selects.count()):
        select = selects.nth(index)
        name = select.get_attribute("name") or ""
        if not select.is_visible() or select.input_value():
            continue
        options = select.locator("option")
        values = [options.nth(i).get_attribute("value") or "" for i in range(options.count())]
        if CHOSEN.get(name) in values:
            select.select_option(CHOSEN[name])
        elif select.get_attribute("required") is not None:
            select.select_option(next(value for value in values if value))


def _type(form: Any) -> None:
    """Fill every empty visible text, number and date field."""
    now = timezone.localtime()
    boxes = form.locator(
        "textarea, input[type=text], input[type=number], input[type=date], "
        "input[type=datetime-local]"
    )
    for index in range(boxes.count()):
        box = boxes.nth(index)
        if not box.is_visible() or box.input_value():
            continue
        name = box.get_attribute("name") or ""
        kind = box.get_attribute("type")
        if kind == "number":
            box.fill("2")
        elif kind == "date":
            box.fill(now.strftime("%Y-%m-%d"))
        elif kind == "datetime-local":
            hours = 5 if name == "occurred_at" else 2
            box.fill((now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M"))
        else:
            box.fill(TYPED.get(name, SENTENCE))


def _fill(tab: Any, button: Any) -> None:
    """Fill the form the button submits, if it is one."""
    form = button.locator("xpath=ancestor::form[1]")
    if not form.count():
        return
    _choose(tab, form)
    _choose(tab, form)  # what the first answers revealed
    _type(form)


@dataclass
class Walk:
    browser: Any
    base: str
    loads: list[str] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # who saw what, for the report
    probes: dict[str, Any] = field(default_factory=dict)  # a persona: an uncounted tab
    csp: list[str] = field(default_factory=list)

    def _tab(self, *, counted: bool) -> Any:
        context = self.browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        tab = context.new_page()
        tab.on(
            "console",
            lambda message: (
                self.csp.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        if counted:
            tab.on("load", lambda loaded: self.loads.append(loaded.url))
        return tab

    def log_in(self, persona: str, *, counted: bool = True) -> Any:
        """A browser of the person's own, at their start page after logging in."""
        tab = self._tab(counted=counted)
        tab.goto(f"{self.base}/")
        if counted:
            self.path.append(f"{persona}:\n    (opens Breachdesk) -> {tab.title()}")
        tab.locator("input[name=username]").fill(persona)
        tab.locator("input[name=password]").fill(PASSWORD)
        self.press(tab, tab.locator(f"main {PRIMARY}").first, counted=counted)
        return tab

    def press(self, tab: Any, button: Any, *, counted: bool = True) -> None:
        label = button.inner_text().strip()
        with tab.expect_navigation():
            button.click()
        if counted:
            self.path.append(f"    [{label}] -> {tab.title()}")
        errors = tab.locator(".govuk-error-summary")
        assert not errors.count(), "\n".join(
            [*self.path, f"{tab.url} refused the form: {errors.first.inner_text()}"]
        )

    def has_turn(self, persona: str, case_url: str) -> bool:
        if persona not in self.probes:
            self.probes[persona] = self.log_in(persona, counted=False)
        probe = self.probes[persona]
        probe.goto(case_url)
        return _primary(probe) is not None

    def turn(self, persona: str, incident: Incident, case_url: str) -> None:
        """The person logs in, opens the case from their start page and follows its primary
        buttons until the case waits for someone else."""
        tab = self.log_in(persona)
        number = incident.display_number
        link = tab.locator("main a").filter(has_text=number)
        if link.count():
            self.press(tab, link.first)
        else:
            self.path.append(f"    (no link to {number} on the start page: typed its address)")
            tab.goto(case_url)
        for _ in range(MOST_STEPS):
            button = _primary(tab)
            if button is None:
                break
            _fill(tab, button)
            self.press(tab, button)
        else:
            raise AssertionError(f"{persona} went through {MOST_STEPS} pages in one turn")
        tab.screenshot(path=str(ARTIFACTS / f"walk-{len(self.path):02d}-{persona}.png"))
        tab.context.close()


def test_a_new_case_from_report_to_closed_by_the_primary_buttons(
    page: Any, live_server: Any
) -> None:
    build_world()
    ARTIFACTS.mkdir(exist_ok=True)
    walk = Walk(browser=page.context.browser, base=live_server.url)

    # The reporter: from the start page to the form, and the report sent.
    tab = walk.log_in("reporter")
    report = reverse("incidents:report")
    if _primary(tab) is None:
        walk.press(tab, tab.locator(f"nav a[href='{report}']").first)
    while not Incident.objects.exists():
        button = _primary(tab)
        assert button is not None, f"no primary button on {tab.url}"
        _fill(tab, button)
        walk.press(tab, button)
    tab.context.close()
    incident = Incident.objects.get()
    case_url = live_server.url + reverse("incidents:case", args=[incident.code])

    while incident.state != State.CLOSED:
        persona = next((p for p in TURNS if walk.has_turn(p, case_url)), None)
        assert persona is not None, f"nobody has a next step in {incident.state}: {walk.path}"
        walk.turn(persona, incident, case_url)
        assert len(walk.loads) < 3 * BEFORE, "\n".join(walk.path)
        incident.refresh_from_db()

    for probe in walk.probes.values():
        probe.context.close()
    print("\n".join(walk.path))
    print(f"{len(walk.loads)} page loads from the report to the closed case (before: {BEFORE})")
    assert walk.csp == []
    assert incident.decision_maker is not None
    assert incident.imy_decision == "not_notify"
    assert len(walk.loads) < BEFORE, "\n".join([*walk.path, *walk.loads])
