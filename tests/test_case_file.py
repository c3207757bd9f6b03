"""The case file (docs/case-file.md): every document of a case registered with its number in the
case, the diary sheet as a page and a PDF, incoming documents with their files checked, the
public diary entry and the public diary of a period, and the registrar who keeps seeing the
protected case they registered."""

import csv
import io
from datetime import date, timedelta
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as live_apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from breachdesk.audit.models import AuditEvent
from breachdesk.documents.casefile import document_register
from breachdesk.documents.casefile_incoming import file_check
from breachdesk.documents.models import Direction, RegisteredDocument, RegisteredKind
from breachdesk.incidents import services
from breachdesk.incidents.models import ImyOutcome, Incident
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision
from breachdesk.lib.errors import DomainError
from tests import flow
from tests.conftest import World, login
from tests.documents_text import pdf_text, squash

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _kinds(incident: Incident) -> list[tuple[int, str, str]]:
    return [
        (item.number, item.kind, item.direction)
        for item in RegisteredDocument.objects.filter(incident=incident).order_by("number")
    ]


def test_each_step_registers_its_document_in_order(world: World) -> None:
    incident = flow.decided(world)
    services.imy_supplement(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now() - timedelta(minutes=1),
        complete=True,
        content="Antalet berörda är nu känt.",
    )
    services.imy_answer_record(
        incident=incident,
        actor=world.coordinator,
        answered_on=timezone.localdate(),
        outcome=ImyOutcome.CLOSED,
        imy_case_number="",
        note="",
    )
    assert _kinds(incident) == [
        (1, "report", "in"),
        (2, "imy_notification", "out"),
        (3, "decision", "internal"),
        (4, "imy_supplement", "out"),
        (5, "imy_answer", "in"),
    ]
    first = RegisteredDocument.objects.get(incident=incident, number=1)
    assert first.title == "Anmälan av personuppgiftsincident"
    assert first.counterpart == incident.reporter_name
    assert first.dated == timezone.localtime(incident.reported_at).date()
    notification = RegisteredDocument.objects.get(incident=incident, number=2)
    assert notification.counterpart == "Integritetsskyddsmyndigheten (IMY)"
    events = AuditEvent.objects.filter(incident=incident, kind="document.registered")
    assert events.count() == 5
    first_event = events.order_by("seq").first()
    assert first_event is not None
    assert first_event.data["about"] == "1. Anmälan av personuppgiftsincident"


def test_informing_the_people_registers_the_letter(world: World) -> None:
    incident = services.imy_decide(
        incident=flow.investigated(world),
        actor=world.coordinator,
        facts=ImyDecisionFacts(
            imy_decision=ImyDecision.NOTIFY,
            subjects_decision=SubjectsDecision.INFORM,
            deviation_reason="Eleven kan behöva skydda sig själv mot fler utskick.",
        ),
    )
    services.subjects_inform_record(
        incident=incident,
        actor=world.coordinator,
        informed_at=timezone.now() - timedelta(minutes=1),
        how="Brev",
        count=1,
    )
    assert _kinds(incident)[-1] == (2, "subjects_letter", "out")


def test_a_step_that_fails_registers_nothing(world: World) -> None:
    incident = flow.registered(world)
    with pytest.raises(DomainError), transaction.atomic():
        document_register(
            incident=incident,
            kind=RegisteredKind.INCOMING,
            direction=Direction.IN,
            dated=date(2026, 1, 1),
            title="x",
            counterpart="y",
            actor=world.coordinator,
        )
        raise DomainError("rolled back")
    assert _kinds(incident) == [(1, "report", "in")]


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("beslut.pdf", PDF, True),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, True),
        ("brev.eml", b"Subject: Hej\r\n\r\nText", True),
        ("program.exe", b"MZ\x90\x00", False),
        ("falsk.pdf", b"MZ\x90\x00 not a pdf", False),
        ("tom.txt", b"", False),
    ],
)
def test_a_file_is_checked_by_its_name_and_first_bytes(
    name: str, content: bytes, accepted: bool
) -> None:
    if accepted:
        assert file_check(content, name)
    else:
        with pytest.raises(DomainError):
            file_check(content, name)


def refuse_everything(content: bytes, filename: str) -> str | None:
    return "Eicar-Test-Signature"


@override_settings(BREACHDESK_VIRUS_SCANNER="tests.test_case_file.refuse_everything")
def test_the_installations_virus_scanner_is_asked() -> None:
    with pytest.raises(DomainError, match="Eicar-Test-Signature"):
        file_check(PDF, "beslut.pdf")


@override_settings(BREACHDESK_INCOMING_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused() -> None:
    with pytest.raises(DomainError, match="MB"):
        file_check(PDF + b"0" * 2000, "beslut.pdf")


def _upload(client: Client, incident: Incident, **overrides: Any) -> Any:
    data = {
        "title": "Beslut från IMY",
        "counterpart": "Integritetsskyddsmyndigheten",
        "dated": timezone.localdate().isoformat(),
        "file": io.BytesIO(b"Subject: Fel adress\r\n\r\nElev 20121212-1212 fick fel brev."),
        **overrides,
    }
    if isinstance(data["file"], io.BytesIO):
        data["file"].name = "brev.eml"
    return client.post(reverse("documents:incoming", args=[incident.code]), data)


def test_an_incoming_document_is_registered_with_its_file(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    response = _upload(login(client, world.coordinator), incident)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = RegisteredDocument.objects.get(incident=incident, number=2)
    assert (item.kind, item.direction, item.filename) == ("incoming", "in", "brev.eml")
    assert item.content is not None
    stored = bytes(item.content)
    assert item.size == len(stored) and len(item.sha256) == 64
    assert {"kind": "personnummer", "count": 1} in item.guard_findings
    case = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert "Integritetsskyddet hittade personuppgifter" in case
    download = client.get(reverse("documents:registered_file", args=[incident.code, 2]))
    assert download.status_code == 200 and bytes(download.content) == stored


def test_a_refused_file_keeps_what_was_typed(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    bad = io.BytesIO(b"MZ\x90\x00")
    bad.name = "program.exe"
    response = _upload(login(client, world.coordinator), incident, file=bad)
    assert response.status_code == 400
    assert "Den här typen av fil kan inte registreras" in response.content.decode()
    assert response.context["form"]["title"].value() == "Beslut från IMY"
    assert _kinds(incident) == [(1, "report", "in")]


def test_the_diary_sheet_lists_the_documents_and_comes_as_a_pdf(
    client: Client, world: World
) -> None:
    incident = flow.notified(world)
    login(client, world.coordinator)
    url = reverse("documents:diary_sheet", args=[incident.code])
    page = client.get(url).content.decode()
    assert "Anmälan av personuppgiftsincident" in page
    assert "Integritetsskyddsmyndigheten (IMY)" in page
    pdf = client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = squash(pdf_text(bytes(pdf.content)))
    assert f"Diarieblad {incident.display_number}" in text
    assert "Integritetsskyddsmyndigheten (IMY)" in text
    reads = AuditEvent.objects.filter(incident=incident, kind="case.viewed")
    assert {event.data.get("format") for event in reads if event.data.get("page")} >= {
        "html",
        "pdf",
    }


def test_the_public_entry_names_no_one(client: Client, world: World) -> None:
    incident = flow.notified(world)
    login(client, world.coordinator)
    page = client.get(reverse("documents:diary_sheet", args=[incident.code]))
    entry = page.context["entry"]
    assert entry.title == "Personuppgiftsincident"
    assert [item.title for item in entry.documents] == [
        "anmälan om incidenten",
        "anmälan till IMY",
    ]
    shown = str(entry)
    assert incident.reporter_name not in shown and "IMY)" not in shown


def test_a_protected_case_shows_its_secrecy_mark_in_the_public_diary(
    client: Client, world: World
) -> None:
    incident = flow.registered(world)
    services.incident_protect(
        incident=incident, actor=world.coordinator, reason="protected_identity"
    )
    login(client, world.registrar)
    response = client.get(
        reverse("documents:public_diary"),
        {
            "controller": str(incident.controller_id),
            "start": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "end": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0].lstrip("\ufeff") == "Diarienummer"
    row = next(row for row in rows[1:] if row[0] == incident.diary_number)
    assert row[2] == "Personuppgiftsincident"
    assert "Sekretess enligt OSL" in row[4] and "anmälan om incidenten" not in row[4]
    assert incident.reporter_name not in "".join(";".join(row) for row in rows)


def test_the_public_diary_is_for_those_who_cover_the_controller(
    client: Client, world: World
) -> None:
    login(client, world.coordinator)
    assert client.get(reverse("documents:public_diary")).status_code == 404
    login(client, world.registrar)
    page = client.get(
        reverse("documents:public_diary"), {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert page.status_code == 400
    assert "Sista dagen kan inte komma före den första." in page.content.decode()


def test_the_registrar_keeps_seeing_the_protected_case_they_registered(
    client: Client, world: World
) -> None:
    incident = flow.reported(world)
    services.incident_register(
        incident=incident,
        actor=world.registrar,
        protected=True,
        protected_reason="protected_identity",
    )
    login(client, world.registrar)
    register = client.get(reverse("incidents:register")).content.decode()
    assert incident.display_number in register
    assert reverse("incidents:case", args=[incident.code]) not in register, "listed, not opened"
    assert client.get(reverse("incidents:case", args=[incident.code])).status_code == 404
    searched = client.get(reverse("incidents:register"), {"q": incident.description.split()[0]})
    assert incident.display_number not in searched.content.decode(), "its texts are not searched"


def test_the_migration_gives_earlier_cases_their_case_file(world: World) -> None:
    incident = flow.decided(world)
    RegisteredDocument.objects.filter(incident=incident).delete()
    backfill = import_module("breachdesk.documents.migrations.0002_case_file")._backfill
    backfill(live_apps, None)
    assert _kinds(incident) == [
        (1, "report", "in"),
        (2, "imy_notification", "out"),
        (3, "decision", "internal"),
    ]
