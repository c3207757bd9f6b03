"""Every URL for every persona, inside and outside their scope.

The list of URLs comes from the URL configuration: a new URL without an entry in SPECS makes
test_every_url_has_a_matrix_entry fail, so nobody can add a page without saying who may see it.
Out of scope is a 404, exactly like a missing case.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from pytest_django import DjangoDbBlocker

from breachdesk.accounts.models import User
from breachdesk.alerts.models import Alert, AlertKind
from breachdesk.documents.builtin import builtin_docx
from breachdesk.documents.case_services import case_document_produce
from breachdesk.documents.models import Document, DocumentKind, DocumentTemplate
from breachdesk.documents.template_services import template_upload
from breachdesk.incidents import services
from breachdesk.incidents.models import ImyOutcome, Incident, ProtectedReader
from breachdesk.incidents.services import incident_register, incident_report
from breachdesk.incidents.workflow import ImyDecision, State, SubjectsDecision
from tests import flow
from tests.conftest import World, refetched, report_facts, rolled_back_at_the_end

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
REPORT_MAKERS = {"registrar", "school_registrar", "dpo"}  # controller-wide in tests.conftest
LOGGED_IN = set(PERSONAS) - {"anonymous"}


@dataclass(frozen=True)
class Spec:
    method: str
    target: str | None  # which case the URL is about: a state of tests.flow, e.g. "registered"
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 404  # for personas not named in expect
    row: str | None = None  # the URL also names a row of the case: "contact", "measure"
    kwargs: dict[str, str] = field(default_factory=dict)  # further parts of the URL

    def status_for(self, persona: str) -> int:
        if persona == "anonymous" and persona not in self.expect:
            return 302  # to the login page
        return self.expect.get(persona, self.default)


def _all(status: int, who: set[str] = LOGGED_IN) -> dict[str, int]:
    return dict.fromkeys(who, status)


def _officer_only() -> dict[str, int]:
    return {**_all(302, CASE_READERS), "coordinator": 200}


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
    # The steps after acknowledgement: the case officer (the coordinator here) gets the page;
    # others in scope are sent back to the case page with a message; out of scope is a 404.
    **{
        name: Spec("get", "acknowledged", _officer_only())
        for name in [
            "incidents:investigation",
            "incidents:contact_new",
            "incidents:measure_new",
            "incidents:assessment",
            "incidents:imy_decision",
            "incidents:close_not_incident",
        ]
    },
    "incidents:contact_edit": Spec("get", "acknowledged", _officer_only(), row="contact"),
    "incidents:measure_edit": Spec("get", "acknowledged", _officer_only(), row="measure"),
    "incidents:notify": Spec("get", "assessed", _officer_only()),
    "incidents:supplement": Spec("get", "notified", _officer_only()),
    "incidents:imy_answer": Spec("get", "notified", _officer_only()),
    "incidents:inform": Spec("get", "informing", _officer_only()),
    "incidents:decide": Spec("get", "notified", {**_all(302, CASE_READERS), "decision_maker": 200}),
    "incidents:send_to_dpo": Spec("get", "decided", _officer_only()),
    "incidents:close": Spec("get", "decided", _officer_only()),
    # Exports are scoped like the register: everyone gets theirs (possibly empty).
    "incidents:register_export": Spec("get", None, _all(200), kwargs={"fmt": "csv"}),
    # Documents of a case: drafted by the case officer (and coordinators of the unit); the
    # internal decision also by the decision-maker; others in scope are sent back.
    "documents:imy_notification": Spec("get", "assessed", _officer_only()),
    "documents:imy_supplement": Spec("get", "notified", _officer_only()),
    "documents:subjects_letter": Spec("get", "informing", _officer_only()),
    "documents:decision": Spec("get", "notified", {**_officer_only(), "decision_maker": 200}),
    # A produced document is read by whoever reads its case.
    "documents:download": Spec(
        "get", "assessed", _all(200, CASE_READERS), row="document", kwargs={"fmt": "pdf"}
    ),
    # The case file: the diary sheet and incoming documents by whoever reads the case; the
    # report (document no. 1) has no file, so its file is not found for anyone (the files
    # of incoming documents: tests/test_case_file.py). The public diary: controller-wide
    # registrars, administrators and DPOs.
    "documents:diary_sheet": Spec("get", "assessed", _all(200, CASE_READERS)),
    "documents:incoming": Spec("get", "assessed", _all(200, CASE_READERS)),
    "documents:registered_file": Spec("get", "assessed", {}, kwargs={"number": "1"}),
    "documents:public_diary": Spec("get", None, _all(200, REPORT_MAKERS | {"administrator"})),
    # Reports across cases: those who read every case of a controller (controller-wide roles).
    "documents:reports": Spec("get", None, _all(200, REPORT_MAKERS)),
    # An empty form is refused with its messages (400); to others the page does not exist.
    "documents:committee_report": Spec("post", None, _all(400, REPORT_MAKERS)),
    "documents:incident_log": Spec("post", None, _all(400, REPORT_MAKERS)),
    # Templates: the controller's administrators.
    "documents:templates": Spec("get", None, {"administrator": 200}),
    "documents:template_download": Spec("get", None, {"administrator": 200}, row="template"),
    "documents:template_retire": Spec("post", None, {"administrator": 302}, row="template"),
    "documents:placeholders": Spec("get", None, _all(200)),
    "documents:builtin_template": Spec(
        "get", None, _all(200), kwargs={"kind": "decision", "language": "sv"}
    ),
    # Protected (OSL) cases: the case officer marks and names readers; reader_add opens only on
    # a protected case, so on this one everyone in scope is sent back with a message.
    "incidents:protection": Spec("get", "acknowledged", _officer_only()),
    "incidents:reader_add": Spec("get", "acknowledged", _all(302, CASE_READERS)),
    # On a protected case with the manager named: only its officer, the DPO and the manager
    # see it; the officer removes, the others are refused with a message.
    "incidents:reader_remove": Spec(
        "post", "protected", {"coordinator": 302, "dpo": 302, "manager": 302}, row="reader"
    ),
    # One's own account: security page, two-factor app, log out everywhere.
    "accounts:security": Spec("get", None, _all(200)),
    "accounts:two_factor_enrol": Spec("get", None, _all(200)),
    # No code step pending after this login: on to the start page.
    "accounts:two_factor_verify": Spec("get", None, _all(302)),
    # An empty form is refused with its message.
    "accounts:two_factor_remove": Spec("post", None, _all(400)),
    "accounts:logout_everywhere": Spec("post", None, _all(302)),
    "accounts:mail_settings": Spec("get", None, _all(200)),
    # Issuing a calendar address shows the page with it, once.
    "accounts:calendar_key": Spec("post", None, _all(200)),
    "accounts:calendar_key_remove": Spec("post", None, _all(302)),
    # The feed needs no login: its secret key authenticates; an unknown key is not found.
    "calendar_feed": Spec(
        "get", None, {"anonymous": 404, **_all(404)}, kwargs={"key": "no-such-key"}
    ),
    # The audit trail: the DPO and administrators of the whole controller; a case's trail even
    # for the administrator, who does not read the case (it shows no values).
    "audit:events": Spec("get", None, {"dpo": 200, "administrator": 200}),
    "audit:events_export": Spec("get", None, {"dpo": 200, "administrator": 200}),
    "audit:case": Spec("get", "registered", {"dpo": 200, "administrator": 200}),
    "audit:case_export": Spec("get", "registered", {"dpo": 200, "administrator": 200}),
    # Single sign-on is not configured here: its URLs do not exist, for anyone.
    "sso_login": Spec("get", None, {"anonymous": 404}),
    "sso_callback": Spec("get", None, {"anonymous": 404}),
    "sso_logout": Spec("post", None, {"anonymous": 404}),
    "alerts:list": Spec("get", None, _all(200)),
    "alerts:tasks": Spec("get", None, _all(200)),
    "alerts:seen_all": Spec("post", None, _all(302)),
    # An alert is its recipient's alone: anyone else gets a 404, as for a missing alert.
    "alerts:seen": Spec("post", "alerted", {"dpo": 302}, row="alert"),
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


def _case(world: World, target: str) -> Incident:
    """A case in the state `target` names, made by the real services."""
    if target in {"fresh", "registered"}:
        return _cases(world)[target]
    if target == "informing":
        incident = flow.investigated(world)
        return services.imy_decide(
            incident=incident,
            actor=world.coordinator,
            facts=services.ImyDecisionFacts(
                imy_decision=ImyDecision.NOTIFY,
                subjects_decision=SubjectsDecision.INFORM,
                deviation_reason="Vi informerar den berörda ändå.",
            ),
        )
    if target == "protected":
        incident = flow.acknowledged(world)
        services.incident_protect(incident=incident, actor=world.coordinator, reason="secrecy")
        return incident
    if target == "alerted":
        incident = flow.notified(world)
        services.imy_answer_record(
            incident=incident,
            actor=world.coordinator,
            answered_on=timezone.localdate(incident.imy_notified_at)
            if incident.imy_notified_at
            else date.min,
            outcome=ImyOutcome.SUPERVISION,
            imy_case_number="",
            note="",
        )
        return incident
    made: Incident = getattr(flow, target)(world)
    return made


def _row(world: World, incident: Incident, row: str) -> int:
    if row == "contact":
        return services.contact_record(
            incident=incident,
            actor=world.coordinator,
            party="it",
            name="IT",
            contacted_on=timezone.localdate(),
            outcome="",
        ).pk
    if row == "measure":
        return services.measure_record(
            incident=incident,
            actor=world.coordinator,
            description="Rutin",
            responsible=None,
            due_on=None,
            done_on=None,
        ).pk
    if row == "reader":
        return services.protected_reader_add(
            incident=incident, actor=world.coordinator, reader=world.manager
        ).pk
    return Alert.objects.get(incident=incident, kind=AlertKind.SUPERVISION).pk


def _document(world: World, incident: Incident) -> object:
    return case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.DECISION
    ).code


def _template(world: World) -> object:
    with translation.override("sv"):
        content = builtin_docx(DocumentKind.DECISION)
    return template_upload(
        controller=world.social,
        kind=DocumentKind.DECISION,
        language="sv",
        filename="beslutsmall.docx",
        content=content,
        actor=world.administrator,
    ).code


def url_kwargs(world: World, spec: Spec) -> dict[str, object]:
    """The URL's arguments: the case (or row) the spec names, made by the real services."""
    kwargs: dict[str, object] = {}
    if spec.target:
        incident = _case(world, spec.target)
        kwargs = {"code": incident.code}
        if spec.row == "alert":
            kwargs = {"pk": _row(world, incident, spec.row)}
        elif spec.row == "document":
            kwargs = {"code": _document(world, incident)}
        elif spec.row:
            kwargs["pk"] = _row(world, incident, spec.row)
    elif spec.row == "template":
        kwargs = {"code": _template(world)}
    kwargs.update(spec.kwargs)
    return kwargs


# The world is made once for this module and each URL's case (or row) once for every persona:
# each test's own transaction is a savepoint inside theirs, so a POST that moves the case is
# undone before the next persona asks.
@pytest.fixture
def world(db: None, module_world: World) -> World:
    return refetched(module_world)


@pytest.fixture(scope="module")
def name(request: pytest.FixtureRequest) -> str:
    """The URL name, a parameter of this module's scope: its case is made once (`made`)."""
    value = request.param
    assert isinstance(value, str)
    return value


@pytest.fixture(scope="module")
def made(
    name: str, module_world: World, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, object]]:
    """The URL's arguments, with the case (or row) they name made by the real services."""
    with rolled_back_at_the_end(django_db_blocker):
        with django_db_blocker.unblock():
            kwargs = url_kwargs(refetched(module_world), SPECS[name])
        yield kwargs


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(SPECS), indirect=True)
def test_url_answers_each_persona_by_scope(
    client: Client, db: None, module_world: World, made: dict[str, object], name: str, persona: str
) -> None:
    spec = SPECS[name]
    kwargs = dict(made)
    if persona != "anonymous":
        # Read again: the instance kept for the module is stale after a test's rollback.
        client.force_login(User.objects.get(pk=module_world.person(persona).pk))
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


# The same URLs for a case (or template) of another controller: out of everyone's scope here.
SOCIAL_PERSONAS = [p for p in PERSONAS if not p.startswith("school_")]
SCOPED = sorted(name for name, spec in SPECS.items() if spec.target or spec.row == "template")


def _move_to_school(world: World, spec: Spec, kwargs: dict[str, object]) -> None:
    """Make the URL's case (or template) one of the school's, handled by school people."""
    code = str(kwargs.get("code", ""))
    if spec.row == "template":
        DocumentTemplate.objects.filter(code=code).update(controller=world.school)
        return
    incident: Incident | None
    if spec.row == "alert":
        incident = Alert.objects.select_related("incident").get(pk=str(kwargs["pk"])).incident
    elif spec.row == "document":
        incident = Document.objects.select_related("incident").get(code=code).incident
    else:
        incident = Incident.objects.get(code=code)
    assert incident is not None
    Incident.objects.filter(pk=incident.pk).update(
        controller=world.school,
        unit=world.primary,
        diary_series=world.school_series,
        reporter=world.school_registrar,
        assignee=world.school_coordinator,
    )
    Alert.objects.filter(incident=incident).update(recipient=world.school_coordinator)
    ProtectedReader.objects.filter(incident=incident).delete()


@pytest.mark.parametrize("name", SCOPED)
def test_url_for_another_controllers_case_is_not_found(world: World, name: str) -> None:
    # A 404 changes nothing, so one case serves every persona in turn.
    spec = SPECS[name]
    kwargs = url_kwargs(world, spec)
    _move_to_school(world, spec, kwargs)
    url = reverse(name, kwargs=kwargs)
    for persona in SOCIAL_PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.person(persona))
        response = client.post(url) if spec.method == "post" else client.get(url)
        assert response.status_code == (302 if persona == "anonymous" else 404), (name, persona)


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
