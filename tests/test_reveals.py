"""Follow-up questions stand under the answer that needs them, on the pages that ask them."""

import re

from django.test import Client
from django.urls import reverse

from breachdesk.incidents.workflow import SubjectsDecision
from tests import flow
from tests.conftest import World, login


def _conditional(page: str, field: str, value: str) -> str:
    """What is revealed under one answer of a radio group, or a lone checkbox ("on")."""
    box = re.search(rf'<input type="(?:radio|checkbox)" name="{field}"[^>]*>', page)
    if value != "on":
        box = re.search(rf'<input type="radio" name="{field}" value="{value}"[^>]*>', page)
    assert box is not None, (field, value)
    controls = re.search(r'data-aria-controls="([^"]+)"', box.group())
    assert controls is not None, f"{field}={value} reveals nothing"
    start = page.index(f'id="{controls.group(1)}">')
    depth, position = 1, page.index(">", start) + 1
    for tag in re.finditer(r"<(/?)div\b", page[position:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page[position : position + tag.start()]
    raise AssertionError("the revealed part does not end")


def test_the_decision_asks_each_reason_under_its_answer(client: Client, world: World) -> None:
    incident = flow.investigated(world)
    login(client, world.coordinator)
    page = client.get(reverse("incidents:imy_decision", args=[incident.code])).content.decode()
    for name in ("imy_decision_reason", "subjects_reason", "subjects_exception_reason"):
        assert page.count(f'name="{name}"') == 1, name
    assert 'name="imy_decision_reason"' in _conditional(page, "imy_decision", "not_notify")
    under_exception = _conditional(page, "subjects_decision", SubjectsDecision.EXCEPTION)
    assert 'name="subjects_exception"' in under_exception
    assert 'name="subjects_exception_reason"' in under_exception
    planned = _conditional(page, "subjects_decision", SubjectsDecision.INFORM)
    assert 'name="subjects_inform_planned_on"' in planned


def test_an_exception_is_saved_with_the_reason_written_under_it(
    client: Client, world: World
) -> None:
    incident = flow.investigated(world)
    login(client, world.coordinator)
    url = reverse("incidents:imy_decision", args=[incident.code])
    data = {
        "imy_decision": "notify",
        "subjects_decision": "exception",
        "subjects_exception": "",
        "subjects_exception_reason": "",
        "subjects_reason": "Skrivet under ett annat svar.",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert set(refused.context["form"].errors) == {
        "subjects_exception",
        "subjects_exception_reason",
    }
    exception = refused.context["form"].fields["subjects_exception"].choices[1][0]
    data |= {"subjects_exception": exception, "subjects_exception_reason": "Krypterat."}
    assert client.post(url, data).status_code == 302
    incident.refresh_from_db()
    assert incident.subjects_decision == SubjectsDecision.EXCEPTION
    assert incident.subjects_exception == exception
    assert incident.subjects_reason == "Krypterat."


def test_the_investigation_reveals_the_end_and_the_dpos_advice(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world)
    login(client, world.coordinator)
    url = reverse("incidents:investigation", args=[incident.code])
    page = client.get(url).content.decode()
    assert 'name="ended_at"' in _conditional(page, "has_ended", "true")
    advice = _conditional(page, "dpo_consulted", "on")
    assert 'name="dpo_consulted_on"' in advice and 'name="dpo_advice"' in advice
    assert " checked" not in page.split('name="has_ended"', 1)[0].rsplit("<fieldset", 1)[-1]
    posted = client.post(
        url,
        {
            "cause": "misaddressed_email",
            "cause_detail": "Fel mottagare.",
            "public_summary": "Ett e-brev gick till fel mottagare.",
            "has_ended": "true",
            "ended_at": "2026-12-02T09:30",
            "confidentiality": "on",
        },
    )
    assert posted.status_code == 302, posted.context["form"].errors
    again = client.get(url).content.decode()
    assert re.search(r'<input type="radio" name="has_ended" value="true" id="[^"]+" checked', again)
