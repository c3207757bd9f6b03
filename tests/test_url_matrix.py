"""Every URL for every persona, inside and outside their scope.

The list of URLs comes from the URL configuration: a new URL without an entry in SPECS makes
test_every_url_has_a_matrix_entry fail, so nobody can add a page without saying who may see it.
Out of scope is a 404, exactly like a missing case.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import incident_register, incident_report
from breachdesk.incidents.workflow import State
from tests.conftest import World, report_facts

PERSONAS = [
    "anonymous",
    "reporter",
    "other_reporter",
    "registrar",
    "school_registrar",
    "coordinator",
    "elderly_coordinator",
    "school_coordinator",
    "manager",
    "dpo",
    "decision_maker",
    "administrator",
    "outsider",
]
CASE_READERS = {"registrar", "coordinator", "manager", "dpo", "decision_maker"}
LOGGED_IN = set(PERSONAS) - {"anonymous"}


@dataclass(frozen=True)
class Spec:
    method: str
    target: str | None  # which case the URL is about: "fresh" (reported) or "registered"
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 404  # for personas not named in expect

    def status_for(self, persona: str) -> int:
        if persona == "anonymous" and persona not in self.expect:
            return 302  # to the login page
        return self.expect.get(persona, self.default)


def _all(status: int, who: set[str] = LOGGED_IN) -> dict[str, int]:
    return dict.fromkeys(who, status)


SPECS: dict[str, Spec] = {
    "home": Spec("get", None, _all(302)),
    "login": Spec("get", None, {"anonymous": 200, **_all(200)}),
    "logout": Spec("post", None, {"anonymous": 302, **_all(302)}),
    "set_language": Spec("post", None, {"anonymous": 302, **_all(302)}),
    "incidents:register": Spec("get", None, _all(200)),
    "incidents:report": Spec("get", None, _all(200)),
    "incidents:mine": Spec("get", None, _all(200)),
    "incidents:queue": Spec("get", None, _all(200)),
    "incidents:case": Spec("get", "registered", _all(200, CASE_READERS)),
    "incidents:receipt": Spec("get", "registered", _all(200, CASE_READERS | {"reporter"})),
    # In scope but not a registrar: sent back to the case page with a message.
    "incidents:case_register": Spec("get", "fresh", {**_all(302, CASE_READERS), "registrar": 200}),
    # Anyone in scope gets the case page back; only the assignee's confirmation is recorded.
    "incidents:case_acknowledge": Spec("post", "registered", _all(302, CASE_READERS)),
}


def _url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, tested in test_admin
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_matrix_entry() -> None:
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(SPECS) == set(), "add these URLs to SPECS"
    assert set(SPECS) - names == set(), "SPECS names URLs that no longer exist"


def _cases(world: World) -> dict[str, Incident]:
    fresh = incident_report(reporter=world.reporter, facts=report_facts(world.children))
    registered = incident_report(reporter=world.reporter, facts=report_facts(world.children))
    incident_register(incident=registered, actor=world.registrar)
    return {"fresh": fresh, "registered": registered}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(SPECS))
def test_url_answers_each_persona_by_scope(
    client: Client, world: World, name: str, persona: str
) -> None:
    spec = SPECS[name]
    cases = _cases(world)
    kwargs = {"code": cases[spec.target].code} if spec.target else {}
    if persona != "anonymous":
        client.force_login(world.person(persona))
    url = reverse(name, kwargs=kwargs)
    response = client.post(url) if spec.method == "post" else client.get(url)
    assert response.status_code == spec.status_for(persona), (name, persona)
    if (
        response.status_code == 302
        and persona == "anonymous"
        and name
        not in {
            "logout",
            "set_language",
        }
    ):
        assert response["Location"].startswith(reverse("login"))


def test_a_missing_case_and_a_case_out_of_scope_look_the_same(client: Client, world: World) -> None:
    cases = _cases(world)
    client.force_login(world.school_registrar)
    hidden = client.get(reverse("incidents:case", args=[cases["registered"].code]))
    missing = client.get(reverse("incidents:case", args=["00000000-0000-0000-0000-000000000000"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_acknowledge_by_someone_else_in_scope_changes_nothing(client: Client, world: World) -> None:
    case = _cases(world)["registered"]
    client.force_login(world.dpo)
    client.post(reverse("incidents:case_acknowledge", args=[case.code]))
    case.refresh_from_db()
    assert case.state == State.REGISTERED
