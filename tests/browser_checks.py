"""What every page must pass in a real Chromium, and a live server over committed data that
the tests of a whole module share.

The checks: no WCAG 2.1 A/AA violation axe-core finds, nothing that scrolls sideways, and every
checkbox and radio with a label of its own beside it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
_AXE = Axe()

# A label counts as beside its box when it starts right of the box's middle, at most this far
# from the box's right edge, overlaps it vertically, and no other box or label stands between.
LABEL_GAP_PX = 40


def axe_violations(page: Any) -> list[str]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page, readably: a line with the
    rule, its impact and what it means, then a line for each element that breaks it."""
    # axe-core is put into the page once a load: a change of width alone reuses it.
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(_AXE.axe_script)
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    lines = []
    for violation in response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [
            f"    {' '.join(str(part) for part in node['target'])}: {node['html'][:160]}"
            for node in violation["nodes"]
        ]
    return lines


def sideways_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 when it does not scroll)."""
    overflow = page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )
    assert isinstance(overflow, int)
    return overflow


_CHOICES_WITHOUT_THEIR_LABEL = """
(gap) => {
  const problems = [];
  const choices = [...document.querySelectorAll("input[type=checkbox], input[type=radio]")];
  const others = [...choices, ...document.querySelectorAll("label")];
  const overlapsVertically = (a, b) => a.top < b.bottom && a.bottom > b.top;
  for (const input of choices) {
    const name = `${input.type} ${input.id ? "#" + input.id : input.name + "=" + input.value}`;
    if (!input.id) { problems.push(`${name}: no id`); continue; }
    const labels = document.querySelectorAll(`label[for="${CSS.escape(input.id)}"]`);
    if (labels.length !== 1) { problems.push(`${name}: ${labels.length} labels`); continue; }
    const label = labels[0];
    const said = `its label "${label.innerText.trim()}"`;
    // The design system's own markup: the input, then its label, alone in their item.
    const item = input.parentElement;
    if (label === input.nextElementSibling && item
        && item.matches(".govuk-checkboxes__item, .govuk-radios__item")) continue;
    const box = input.getBoundingClientRect();
    const text = label.getBoundingClientRect();
    if (box.width === 0 || text.width === 0) {
      problems.push(`${name}: hidden, and not in an item of its own with ${said}`);
      continue;
    }
    const beside = text.left >= box.left + box.width / 2 && text.left - box.right <= gap
      && overlapsVertically(text, box);
    // Another box or label between the two: the eye pairs the box with that one.
    const between = others.some((other) => {
      if (other === input || other === label) return false;
      const r = other.getBoundingClientRect();
      return r.width > 0 && overlapsVertically(r, box)
        && r.left >= box.right - 1 && r.right <= text.left + 1;
    });
    if (!beside) problems.push(`${name}: ${said} is not beside it`);
    else if (between) problems.push(`${name}: another box or label stands before ${said}`);
  }
  return problems;
}
"""


def choices_without_their_label(page: Any) -> list[str]:
    """Checkboxes and radios without exactly one label[for] beside them, one line each."""
    problems = page.evaluate(_CHOICES_WITHOUT_THEIR_LABEL, LABEL_GAP_PX)
    assert isinstance(problems, list)
    return [str(problem) for problem in problems]


def page_faults(page: Any) -> list[str]:
    """Everything the page fails of the checks above, one readable line each."""
    faults = [f"axe: {line}" for line in axe_violations(page)]
    overflow = sideways_overflow(page)
    if overflow:
        faults.append(f"scrolls sideways by {overflow} px")
    faults += [f"label: {line}" for line in choices_without_their_label(page)]
    return faults


def _flush() -> None:
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)


@contextmanager
def live_server_over_committed_data(django_db_blocker: DjangoDbBlocker) -> Iterator[LiveServer]:
    """A live server, and the database open to it and to this thread, for a whole module.

    The data the module makes in this block is committed, so the server's threads see it; the
    database is emptied before (what an interrupted run may have left in a kept test database)
    and after (the next module starts from nothing, as after a transactional test). The tests
    of the module must not ask for `db`, `transactional_db` or pytest-django's `live_server`:
    each of those would roll back or empty the shared data after its first test.
    """
    with django_db_blocker.unblock():
        _flush()
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            _flush()
            connections.close_all()
