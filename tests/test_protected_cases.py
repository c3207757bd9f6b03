"""Cases with protected identity or secret information (OSL): only the case officer, the DPO
and the people named as readers see them; reports keep their row but not their texts."""

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from breachdesk.documents.case_services import case_document_produce
from breachdesk.documents.models import DocumentKind
from breachdesk.documents.report_services import committee_report_produce, incident_log_produce
from breachdesk.documents.reports import committee_report_sections, incident_log_rows
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident, ProtectedReader, ProtectionReason
from breachdesk.incidents.workflow import State
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Committee, Meeting
from tests import flow
from tests.conftest import World, login, report_facts
from tests.documents_text import docx_text, pdf_text, squash
from tests.test_url_matrix import LOGGED_IN

PERSONAS = sorted(LOGGED_IN)
# Who reads a protected case of Barn och unga assigned to the coordinator.
CIRCLE = {"coordinator", "dpo"}
SECRET = "Tallkottsbrevet om ett barn med skyddad adress hamnade hos fel vårdnadshavare."
ORDINARY = "Ett vanligt felskickat e-postmeddelande till en kollega."


@pytest.fixture(autouse=True)
def _english(world: World) -> Iterator[None]:
    """Pages and documents in English: the texts asserted are the English msgids."""
    User.objects.update(language="en")
    with translation.override("en"):
        yield


def _protect(world: World, incident: Incident) -> Incident:
    return services.incident_protect(
        incident=incident,
        actor=world.coordinator,
        reason=ProtectionReason.PROTECTED_IDENTITY,
    )


def _protected(world: World, state: str = "acknowledged") -> Incident:
    incident: Incident = getattr(flow, state)(world, description=SECRET)
    return _protect(world, incident)


def _page(client: Client, name: str, *args: object) -> Any:
    return client.get(reverse(name, args=args))


def _as(client: Client, world: World, persona: str) -> Client:
    client.logout()
    return login(client, world.person(persona))


def _csv_text(client: Client) -> str:
    response = client.get(reverse("incidents:register_export", args=["csv"]))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";")
    return "\n".join(";".join(row) for row in rows)


def _xlsx_text(client: Client) -> str:
    response = client.get(reverse("incidents:register_export", args=["xlsx"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return "\n".join(
        ";".join("" if value is None else str(value) for value in row)
        for row in sheet.iter_rows(values_only=True)
    )


def _listed(page: str, incident: Incident) -> bool:
    return reverse("incidents:case", args=[incident.code]) in page


def _kinds(incident: Incident) -> list[str]:
    return list(
        AuditEvent.objects.filter(incident=incident).order_by("pk").values_list("kind", flat=True)
    )


# Who sees a protected case -------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_protected_case_is_read_only_by_its_officer_and_the_dpo(
    client: Client, world: World, persona: str
) -> None:
    ordinary = flow.acknowledged(world, description=ORDINARY)
    secret = _protected(world)
    _as(client, world, persona)
    sees = persona in CIRCLE
    assert _page(client, "incidents:case", secret.code).status_code == (200 if sees else 404)
    receipt = _page(client, "incidents:receipt", secret.code).status_code
    assert receipt == (200 if sees or persona == "reporter" else 404)

    register = _page(client, "incidents:register").content.decode()
    assert _listed(register, secret) is sees
    found = client.get(reverse("incidents:register"), {"q": "Tallkottsbrevet"}).content.decode()
    assert _listed(found, secret) is sees
    by_number = client.get(reverse("incidents:register"), {"q": secret.display_number})
    assert _listed(by_number.content.decode(), secret) is sees
    for text in (_csv_text(client), _xlsx_text(client)):
        assert (secret.display_number in text) is sees
        assert ("Tallkottsbrevet" in text) is sees
    # The ordinary case of the same unit is still read as before.
    ordinary_readers = {"registrar", "coordinator", "manager", "dpo", "decision_maker"}
    assert _listed(register, ordinary) is (persona in ordinary_readers)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_and_file_of_a_protected_case_is_404_outside_the_circle(
    client: Client, world: World, persona: str
) -> None:
    incident = flow.notified(world, description=SECRET)
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.DECISION
    )
    _protect(world, incident)
    _as(client, world, persona)
    pages = [
        ("incidents:case", 200, 200),
        ("incidents:supplement", 200, 302),
        ("incidents:imy_answer", 200, 302),
        ("incidents:measure_new", 200, 302),
        ("incidents:decide", 302, 302),
        ("incidents:protection", 200, 302),
        ("incidents:reader_add", 200, 302),
        ("documents:decision", 200, 302),
    ]
    for name, officer, dpo in pages:
        expected = {"coordinator": officer, "dpo": dpo}.get(persona, 404)
        assert _page(client, name, incident.code).status_code == expected, name
    for fmt in ("pdf", "docx"):
        status = _page(client, "documents:download", document.code, fmt).status_code
        assert status == (200 if persona in CIRCLE else 404)
    posted = client.post(reverse("incidents:case_acknowledge", args=[incident.code]))
    assert posted.status_code == (302 if persona in CIRCLE else 404)


def test_the_reporter_follows_their_protected_report(client: Client, world: World) -> None:
    incident = _protected(world, "registered")
    login(client, world.reporter)
    mine = _page(client, "incidents:mine").content.decode()
    assert incident.reference in mine and "Protected (OSL)" in mine
    receipt = _page(client, "incidents:receipt", incident.code).content.decode()
    assert incident.display_number in receipt and "Protected (OSL)" in receipt
    assert _page(client, "incidents:case", incident.code).status_code == 404
    _as(client, world, "other_reporter")
    assert incident.reference not in _page(client, "incidents:mine").content.decode()


def test_the_register_marks_protected_cases(client: Client, world: World) -> None:
    incident = _protected(world)
    page = _page(login(client, world.dpo), "incidents:register").content.decode()
    assert _listed(page, incident)
    assert "Protected (OSL)" in page


# Named readers ------------------------------------------------------------------------------


def test_a_named_reader_sees_the_case_until_removed(client: Client, world: World) -> None:
    incident = _protected(world)
    login(client, world.coordinator)
    choices = _page(client, "incidents:reader_add", incident.code).context["form"]
    offered = set(choices.fields["reader"].queryset)
    assert world.manager in offered and world.registrar in offered
    assert world.coordinator not in offered  # the case officer reads it already
    assert world.outsider not in offered and world.school_coordinator not in offered

    response = client.post(
        reverse("incidents:reader_add", args=[incident.code]), {"reader": world.manager.pk}
    )
    assert response.status_code == 302
    reader = ProtectedReader.objects.get(incident=incident)
    assert (reader.user, reader.added_by) == (world.manager, world.coordinator)
    case_page = _page(client, "incidents:case", incident.code).content.decode()
    assert "Mats Chefsson" in case_page and "Named reader added" in case_page

    _as(client, world, "manager")
    assert _page(client, "incidents:case", incident.code).status_code == 200
    assert _listed(_page(client, "incidents:register").content.decode(), incident)
    # A named reader reads; only the case officer or a coordinator manages the readers.
    refused = client.post(reverse("incidents:reader_remove", args=[incident.code, reader.pk]))
    assert refused.status_code == 302
    assert ProtectedReader.objects.filter(pk=reader.pk).exists()

    _as(client, world, "coordinator")
    response = client.post(reverse("incidents:reader_remove", args=[incident.code, reader.pk]))
    assert response.status_code == 302
    assert not ProtectedReader.objects.filter(incident=incident).exists()
    _as(client, world, "manager")
    assert _page(client, "incidents:case", incident.code).status_code == 404
    assert not _listed(_page(client, "incidents:register").content.decode(), incident)

    added, removed = AuditEvent.objects.filter(
        incident=incident, kind__in=["incident.reader_added", "incident.reader_removed"]
    ).order_by("pk")
    assert added.kind == "incident.reader_added" and removed.kind == "incident.reader_removed"
    assert added.actor == removed.actor == world.coordinator
    assert added.data["reader"]["id"] == removed.data["reader"]["id"] == world.manager.pk


def test_only_people_of_the_controller_can_be_named(world: World) -> None:
    incident = _protected(world)
    with pytest.raises(DomainError):
        services.protected_reader_add(
            incident=incident, actor=world.coordinator, reader=world.outsider
        )
    with pytest.raises(DomainError):
        services.protected_reader_add(
            incident=incident, actor=world.coordinator, reader=world.coordinator
        )
    services.protected_reader_add(incident=incident, actor=world.coordinator, reader=world.manager)
    with pytest.raises(DomainError):
        services.protected_reader_add(
            incident=incident, actor=world.coordinator, reader=world.manager
        )
    with pytest.raises(services.TransitionRefused):
        services.protected_reader_add(
            incident=incident, actor=world.manager, reader=world.registrar
        )
    assert ProtectedReader.objects.filter(incident=incident).count() == 1


def test_readers_are_named_only_on_a_protected_case(world: World) -> None:
    incident = flow.acknowledged(world)
    with pytest.raises(services.TransitionRefused):
        services.protected_reader_add(
            incident=incident, actor=world.coordinator, reader=world.manager
        )


def test_the_decision_maker_must_be_named_to_decide(client: Client, world: World) -> None:
    incident = _protected(world, "notified")
    login(client, world.coordinator)
    page = _page(client, "incidents:case", incident.code).content.decode()
    assert "Bertil Beslutsson" in page and "only as a named reader" in page

    _as(client, world, "decision_maker")
    assert _page(client, "incidents:decide", incident.code).status_code == 404
    services.protected_reader_add(
        incident=incident, actor=world.coordinator, reader=world.decision_maker
    )
    assert _page(client, "incidents:decide", incident.code).status_code == 200
    services.incident_decide(
        incident=incident, actor=world.decision_maker, decided_on=timezone.localdate(), note=""
    )
    assert Incident.objects.get(pk=incident.pk).state == State.DECIDED

    _as(client, world, "coordinator")
    page = _page(client, "incidents:case", incident.code).content.decode()
    assert "only as a named reader" not in page


# Marking and lifting -------------------------------------------------------------------------


def test_the_case_officer_marks_a_case_on_its_page(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    login(client, world.coordinator)
    page = _page(client, "incidents:case", incident.code).content.decode()
    assert reverse("incidents:protection", args=[incident.code]) in page
    response = client.post(
        reverse("incidents:protection", args=[incident.code]), {"reason": "secrecy"}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.protected and incident.protected_reason == ProtectionReason.SECRECY
    assert incident.protected_by == world.coordinator and incident.protected_at is not None
    event = AuditEvent.objects.get(incident=incident, kind="incident.protected")
    assert event.actor == world.coordinator
    assert event.data["changes"]["protected"] == {"old": False, "new": True}
    page = _page(client, "incidents:case", incident.code).content.decode()
    assert "Protected (OSL)" in page and "Marked as protected (OSL)" in page
    assert not ProtectedReader.objects.filter(incident=incident).exists()

    _as(client, world, "registrar")
    assert _page(client, "incidents:case", incident.code).status_code == 404


def test_marking_needs_the_kind_of_information(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    login(client, world.coordinator)
    response = client.post(reverse("incidents:protection", args=[incident.code]), {})
    assert response.status_code == 400
    assert not Incident.objects.get(pk=incident.pk).protected


def test_a_coordinator_who_marks_a_colleagues_case_becomes_a_named_reader(
    world: World,
) -> None:
    incident = flow.reported(world)
    services.incident_register(incident=incident, actor=world.registrar, assignee=world.manager)
    services.incident_protect(
        incident=incident, actor=world.coordinator, reason=ProtectionReason.OTHER
    )
    assert [reader.user for reader in incident.protected_readers.all()] == [world.coordinator]
    assert _kinds(incident)[-2:] == ["incident.protected", "incident.reader_added"]


def test_others_in_scope_cannot_mark(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    for persona in ("registrar", "dpo", "manager", "decision_maker"):
        _as(client, world, persona)
        response = client.post(
            reverse("incidents:protection", args=[incident.code]), {"reason": "secrecy"}
        )
        assert response.status_code == 302
    _as(client, world, "elderly_coordinator")
    response = client.post(
        reverse("incidents:protection", args=[incident.code]), {"reason": "secrecy"}
    )
    assert response.status_code == 404
    assert not Incident.objects.get(pk=incident.pk).protected


def test_lifting_the_protection_is_audited_and_removes_the_readers(
    client: Client, world: World
) -> None:
    incident = _protected(world)
    services.protected_reader_add(incident=incident, actor=world.coordinator, reader=world.manager)
    login(client, world.dpo)
    client.post(reverse("incidents:protection", args=[incident.code]), {"note": "Fel"})
    assert Incident.objects.get(pk=incident.pk).protected  # the DPO reads, does not lift

    _as(client, world, "coordinator")
    refused = client.post(reverse("incidents:protection", args=[incident.code]), {"note": " "})
    assert refused.status_code == 400
    response = client.post(
        reverse("incidents:protection", args=[incident.code]),
        {"note": "Uppgifterna är inte skyddade."},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert not incident.protected and incident.protected_reason == ""
    assert not ProtectedReader.objects.filter(incident=incident).exists()
    assert _kinds(incident)[-2:] == ["incident.reader_removed", "incident.unprotected"]
    event = AuditEvent.objects.get(incident=incident, kind="incident.unprotected")
    assert event.actor == world.coordinator
    assert event.data["note"] == "Uppgifterna är inte skyddade."
    assert event.data["changes"]["protected"] == {"old": True, "new": False}
    page = _page(client, "incidents:case", incident.code).content.decode()
    assert "Protection (OSL) lifted" in page and "Uppgifterna är inte skyddade." in page

    _as(client, world, "registrar")
    assert _page(client, "incidents:case", incident.code).status_code == 200


def test_a_named_coordinator_may_lift_but_not_a_named_manager(world: World) -> None:
    incident = _protected(world)
    services.protected_reader_add(incident=incident, actor=world.coordinator, reader=world.manager)
    with pytest.raises(services.TransitionRefused):
        services.incident_unprotect(incident=incident, actor=world.manager, note="Fel")
    assert Incident.objects.get(pk=incident.pk).protected


# Reporting and registering ------------------------------------------------------------------


def _report_post(world: World, **overrides: object) -> dict[str, object]:
    return flow.report_post(
        world,
        **{
            "description": SECRET,
            "discovered_approximate": "",
            "subject_categories": ["children"],
            "data_types": ["name", "protected_identity"],
            "affected_count": "1",
            **overrides,
        },
    )


def test_the_reporter_marks_the_report_and_the_registrar_registers_it(
    client: Client, world: World
) -> None:
    login(client, world.reporter)
    data = _report_post(world, protected="on")
    page = client.post(reverse("incidents:report"), data).content.decode()
    # "skyddad adress" reveals protected identity: the privacy guard asks first.
    confirmed = re.search(r'<input type="hidden" name="confirmed" value="([^"]*)"', page)
    assert confirmed is not None and not Incident.objects.exists()
    client.post(
        reverse("incidents:report"), {**data, "guard": "confirm", "confirmed": confirmed.group(1)}
    )
    incident = Incident.objects.get()
    assert incident.protected and incident.protected_by == world.reporter
    reported = AuditEvent.objects.get(incident=incident, kind="incident.reported")
    assert reported.data["changes"]["protected"] == {"old": False, "new": True}

    # Waiting for registration: the registrars covering it, and the DPO; not the unit's
    # coordinator, who is not its case officer yet.
    for persona, status in [("coordinator", 404), ("manager", 404), ("dpo", 200)]:
        _as(client, world, persona)
        assert _page(client, "incidents:case", incident.code).status_code == status, persona
    _as(client, world, "school_registrar")
    assert _page(client, "incidents:case_register", incident.code).status_code == 404
    _as(client, world, "registrar")
    queue = _page(client, "incidents:queue").content.decode()
    assert incident.reference in queue and "Protected (OSL)" in queue
    assert "Tallkottsbrevet" not in queue
    form_page = _page(client, "incidents:case_register", incident.code)
    assert form_page.status_code == 200
    assert form_page.context["form"].fields["protected"].disabled

    response = client.post(
        reverse("incidents:case_register", args=[incident.code]),
        {
            "series": world.social_series.pk,
            "unit": world.children.pk,
            "protected_reason": "protected_identity",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:queue")
    incident.refresh_from_db()
    assert incident.state == State.REGISTERED and incident.protected
    assert incident.protected_reason == ProtectionReason.PROTECTED_IDENTITY
    assert _page(client, "incidents:case", incident.code).status_code == 404
    _as(client, world, "coordinator")
    assert _page(client, "incidents:case", incident.code).status_code == 200


def test_the_registrar_marks_at_registration(client: Client, world: World) -> None:
    incident = flow.reported(world)
    login(client, world.registrar)
    response = client.post(
        reverse("incidents:case_register", args=[incident.code]),
        {
            "series": world.social_series.pk,
            "unit": world.children.pk,
            "protected": "on",
            "protected_reason": "secrecy",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.protected and incident.protected_by == world.registrar
    registered = AuditEvent.objects.get(incident=incident, kind="incident.register")
    assert registered.data["changes"]["protected"] == {"old": False, "new": True}
    assert _page(client, "incidents:case", incident.code).status_code == 404


def test_registering_never_lifts_the_reporters_mark(world: World) -> None:
    incident = services.incident_report(
        reporter=world.reporter,
        facts=report_facts(world.children, protected=True),
    )
    services.incident_register(incident=incident, actor=world.registrar, protected=False)
    assert Incident.objects.get(pk=incident.pk).protected


# Reports across cases --------------------------------------------------------------------------


@pytest.fixture
def reported_cases(world: World) -> tuple[Incident, Incident]:
    """A protected case registered first, then an ordinary one, both investigated with a
    measure and a public summary."""
    secret = flow.decided(world, notify=False, description=SECRET)
    ordinary = flow.decided(world, notify=False, description=ORDINARY)
    for incident in (secret, ordinary):
        services.measure_record(
            incident=incident,
            actor=world.coordinator,
            description=f"Åtgärd för {incident.description[:12]}",
            responsible=None,
            due_on=None,
            done_on=None,
        )
    _protect(world, secret)
    return secret, ordinary


def _meeting(world: World) -> tuple[Committee, Meeting]:
    committee = Committee.objects.create(controller=world.social, name="Socialnämnden")
    held = timezone.localdate() - timedelta(days=3)
    return committee, Meeting.objects.create(committee=committee, held_on=held)


def test_the_committee_report_keeps_the_row_of_a_protected_case_masked(
    world: World, reported_cases: tuple[Incident, Incident]
) -> None:
    secret, ordinary = reported_cases
    committee, meeting = _meeting(world)
    (section,) = committee_report_sections(committee=committee, meetings=[meeting])
    first, second = section.rows
    assert (first.nr, first.dnr) == (1, secret.display_number)
    assert (second.nr, second.dnr) == (2, ordinary.display_number)
    label = "Protected (OSL)"
    assert [
        first.event_date,
        first.incident,
        first.unit,
        first.manager,
        first.measures,
        first.imy_notified,
        first.imy_decision,
    ] == [label] * 7
    assert second.incident == ORDINARY and second.unit == world.children.name

    document = committee_report_produce(
        committee=committee, meetings=[meeting], actor=world.registrar, language="en"
    )
    for file in document.files.all():
        content = bytes(file.content)
        text = squash(docx_text(content) if file.format == "docx" else pdf_text(content))
        assert secret.display_number in text and ordinary.display_number in text
        assert "Tallkott" not in text and label in text
        if file.format == "docx":
            assert ORDINARY in text


def test_the_incident_log_keeps_the_row_of_a_protected_case_masked(
    world: World, reported_cases: tuple[Incident, Incident]
) -> None:
    secret, ordinary = reported_cases
    # Newest first: the ordinary case was reported after the secret one.
    second, first = incident_log_rows(controller=world.social, reported_from=None, reported_to=None)
    assert first.dnr == secret.display_number
    assert first.reported_on == timezone.localdate(secret.reported_at).isoformat()
    label = "Protected (OSL)"
    assert [
        first.description,
        first.measures,
        first.dpo_contact,
        first.imy_notified,
        first.assessment,
    ] == [label] * 5
    assert second.description.startswith(ORDINARY)

    document = incident_log_produce(
        controller=world.social,
        start=date(2000, 1, 1),
        end=timezone.localdate(),
        unit=None,
        actor=world.registrar,
        language="en",
    )
    for file in document.files.all():
        content = bytes(file.content)
        text = squash(docx_text(content) if file.format == "docx" else pdf_text(content))
        assert secret.display_number in text and ordinary.display_number in text
        assert "Tallkott" not in text and label in text
