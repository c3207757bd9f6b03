"""Hostile input to every POST endpoint: none may cause a server error or store a live script.

The endpoints come from the URL configuration through the URL matrix (tests/test_url_matrix.py),
so a new URL is fuzzed as soon as it has its matrix entry. For each, a persona who may use it
posts what hypothesis makes of the form's own field names: very long strings, control
characters, NUL, HTML and script, numbers where text is expected and text where numbers are,
several values for one field, and fields the form does not have. The Django test client raises
any exception a view lets escape, so a server error fails the test by itself.
"""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachdesk.audit.models import AuditEvent
from tests.conftest import World
from tests.test_url_matrix import SPECS, Spec, url_kwargs

# A script that would run if any page printed it unescaped.
SCRIPT = '<script>breachdeskFuzz("x")</script>'
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=breachdeskFuzz(1)>',
    "javascript:breachdeskFuzz(1)",
    "{{ 7*7 }}{% debug %}",
    '=HYPERLINK("http://example.invalid")',
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "\x00",
    "\u202e\u200b\ufeff",
    "-1",
    "99999999999999999999999999",
    "2026-02-30",
    "2026-13-01T25:61",
    "",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.integers().map(str),
    st.just("Å" * 20_000),
)
field_value = st.one_of(values, st.lists(values, min_size=2, max_size=3))

NAME_ATTRIBUTE = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"')
PERSONA_PREFERENCE = ["coordinator", "decision_maker", "registrar", "dpo", "administrator"]


def _allowed(spec: Spec) -> list[str]:
    """Who may use the endpoint: who gets the form page, or whose POST is not refused."""
    if spec.method == "get":
        return sorted(who for who, status in spec.expect.items() if status == 200)
    return sorted(who for who, status in spec.expect.items() if status in {200, 302, 400})


def _post_endpoints() -> list[str]:
    """Every URL that takes a POST from someone: form pages and POST actions. (Single sign-on's
    URLs do not exist without a provider; tests/test_sso.py posts tampered answers to them.)"""
    return sorted(name for name, spec in SPECS.items() if _allowed(spec))


def _persona(spec: Spec) -> str:
    allowed = _allowed(spec)
    return next(persona for persona in [*PERSONA_PREFERENCE, *allowed] if persona in allowed)


def _field_names(client: Client, url: str, spec: Spec) -> list[str]:
    if spec.method != "get":
        return []
    response = client.get(url)
    if not response["Content-Type"].startswith("text/html"):
        return []  # a download: posted to with stray fields only
    page = response.content.decode()
    return sorted(set(NAME_ATTRIBUTE.findall(page)) - {"csrfmiddlewaretoken"})


def _assert_no_live_script(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            page = response.content.decode()
            assert SCRIPT not in page, url
            assert "onerror=breachdeskFuzz" not in page.replace("&quot;", '"').split(">")[0]


@pytest.mark.parametrize("name", _post_endpoints())
def test_hostile_posts_never_cause_a_server_error(world: World, name: str) -> None:
    spec = SPECS[name]
    persona = _persona(spec)
    client = Client()
    kwargs = url_kwargs(world, spec)
    url = reverse(name, kwargs=kwargs)
    user = None if persona == "anonymous" else world.person(persona)
    if user is not None:
        client.force_login(user)
    fields = _field_names(client, url, spec)
    extra = st.dictionaries(st.text(min_size=1, max_size=12), field_value, max_size=3)

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, field_value)),
        more=extra,
    )
    def post(data: dict[str, Any], more: dict[str, Any]) -> None:
        if user is not None:
            client.force_login(user)
        response = client.post(url, {**more, **data})
        assert response.status_code < 500, (name, response.status_code)

    post()
    if user is not None:
        client.force_login(user)
        pages = [reverse("incidents:register"), reverse("incidents:mine"), url]
        if "code" in kwargs and spec.target:
            pages.append(reverse("incidents:case", kwargs={"code": kwargs["code"]}))
        _assert_no_live_script(client, pages)


@pytest.mark.parametrize("name", _post_endpoints())
def test_posts_without_a_csrf_token_are_refused_and_change_nothing(world: World, name: str) -> None:
    spec = SPECS[name]
    persona = _persona(spec)
    client = Client(enforce_csrf_checks=True)
    url = reverse(name, kwargs=url_kwargs(world, spec))
    if persona != "anonymous":
        client.force_login(world.person(persona))
    events = AuditEvent.objects.count()
    response = client.post(url, {"description": SCRIPT})
    assert response.status_code == 403, name
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("name", _post_endpoints())
def test_bodies_of_the_wrong_type_are_refused_cleanly(world: World, name: str) -> None:
    spec = SPECS[name]
    persona = _persona(spec)
    client = Client()
    url = reverse(name, kwargs=url_kwargs(world, spec))
    if persona != "anonymous":
        client.force_login(world.person(persona))
    for body, content_type in [
        (b'{"description": [1, {"a": null}]}', "application/json"),
        (b"\xff\xfe\x00garbage=%ZZ&&=", "application/x-www-form-urlencoded"),
        (b"--x\r\nnot multipart", "multipart/form-data; boundary=x"),
    ]:
        response = client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500, (name, content_type)


def test_a_script_typed_into_a_report_is_shown_as_text_everywhere(world: World) -> None:
    from tests.test_incident_views import _report_post

    reporter = Client()
    reporter.force_login(world.reporter)
    data = _report_post(
        world,
        reporter_name=SCRIPT,
        reporter_title=SCRIPT,
        description=SCRIPT,
        processor_name=SCRIPT,
        subject_categories_other=SCRIPT,
        data_types_other=SCRIPT,
    )
    response = reporter.post(reverse("incidents:report"), data, follow=True)
    assert response.status_code == 200
    from breachdesk.incidents.models import Incident
    from breachdesk.incidents.services import incident_register

    incident = Incident.objects.get(description=SCRIPT)
    incident_register(incident=incident, actor=world.registrar)
    escaped = "&lt;script&gt;breachdeskFuzz"
    registrar = Client()
    registrar.force_login(world.registrar)
    shown = []
    for client, url in [
        (reporter, reverse("incidents:mine")),
        (reporter, reverse("incidents:receipt", kwargs={"code": incident.code})),
        (registrar, reverse("incidents:register")),
        (registrar, reverse("incidents:register") + "?q=breachdeskFuzz"),
        (registrar, reverse("incidents:case", kwargs={"code": incident.code})),
    ]:
        page = client.get(url).content.decode()
        assert SCRIPT not in page, url
        if escaped in page:
            shown.append(url)
    # The receipt and the case page show the description, as text.
    assert shown == [
        reverse("incidents:receipt", kwargs={"code": incident.code}),
        reverse("incidents:case", kwargs={"code": incident.code}),
    ]
