"""The document pages as people use them: the guard's findings before a public document, the
forms that keep what was typed, downloads, the reports across cases, and templates."""

import io
from datetime import date, timedelta

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.documents.models import Document, DocumentKind, DocumentTemplate, FileFormat
from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import Committee, Meeting
from tests import flow
from tests.conftest import World, login
from tests.documents_text import docx_tables, docx_text, pdf_text, squash

# A Skatteverket-style test personnummer (valid check digit, not a real person).
PNR = "19121212-1212"


def _page(incident: Incident, kind: str) -> str:
    return reverse(f"documents:{kind}", kwargs={"code": incident.code})


def test_the_imy_draft_lists_what_the_guard_finds_before_it_is_produced(
    client: Client, world: World
) -> None:
    incident = flow.assessed(
        world,
        notify=True,
        description=f"Ett brev om en klient med personnummer {PNR} skickades fel.",
    )
    login(client, world.coordinator)
    page = client.get(_page(incident, "imy_notification"))
    assert page.status_code == 200
    assert PNR in page.content.decode()
    assert "personnummer eller samordningsnummer" in page.content.decode()

    refused = client.post(
        _page(incident, "imy_notification"), {"language": "sv", "complete": "false"}
    )
    assert refused.status_code == 400
    assert "bekräfta att dokumentet får tas fram ändå" in refused.content.decode()
    assert not Document.objects.exists()

    produced = client.post(
        _page(incident, "imy_notification"),
        {"language": "sv", "complete": "false", "confirmed": "on"},
    )
    assert produced.status_code == 302
    assert produced["Location"].endswith(f"/incidents/{incident.code}/#documents")
    document = Document.objects.get()
    assert (document.kind, document.version, document.produced_by) == (
        DocumentKind.IMY_NOTIFICATION,
        1,
        world.coordinator,
    )


def test_a_clean_draft_needs_no_confirmation(client: Client, world: World) -> None:
    incident = flow.assessed(world, notify=True)
    login(client, world.coordinator)
    response = client.post(
        _page(incident, "imy_notification"), {"language": "en", "complete": "true"}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.language == "en"
    assert document.inputs == {"complete": True, "other": ""}


def test_a_late_draft_asks_for_the_reasons_and_keeps_what_was_typed(
    client: Client, world: World
) -> None:
    incident = flow.assessed(world, notify=True)
    Incident.objects.filter(pk=incident.pk).update(imy_due_at=timezone.now() - timedelta(hours=2))
    login(client, world.coordinator)
    response = client.post(
        _page(incident, "imy_notification"),
        {"language": "sv", "complete": "false", "other": "Sekretess önskas för biträdets namn."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "ange skälen till förseningen" in body
    assert "Sekretess önskas för biträdets namn." in body


def test_the_case_page_lists_the_documents_and_the_download_gives_the_stored_file(
    client: Client, world: World
) -> None:
    incident = flow.decided(world, notify=False)
    login(client, world.coordinator)
    client.post(_page(incident, "decision"), {"language": "sv"})
    document = Document.objects.get()
    case_page = client.get(reverse("incidents:case", args=[incident.code])).content.decode()
    assert "Beslut om personuppgiftsincident" in case_page
    pdf_url = reverse("documents:download", args=[document.code, "pdf"])
    assert pdf_url in case_page
    assert "Dokument framtaget" in case_page  # the timeline

    login(client, world.dpo)  # reads the case, did not produce it
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == bytes(document.files.get(format=FileFormat.PDF).content)

    login(client, world.school_coordinator)
    assert client.get(pdf_url).status_code == 404


def test_the_letter_starts_from_the_cases_facts(client: Client, world: World) -> None:
    incident = flow.investigated(world)
    from breachdesk.incidents import services
    from breachdesk.incidents.services import ImyDecisionFacts
    from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision

    services.imy_decide(
        incident=incident,
        actor=world.coordinator,
        facts=ImyDecisionFacts(
            imy_decision=ImyDecision.NOTIFY,
            subjects_decision=SubjectsDecision.INFORM,
            deviation_reason="Vi informerar ändå.",
        ),
    )
    login(client, world.coordinator)
    page = client.get(_page(incident, "subjects_letter")).content.decode()
    assert "Ett e-postmeddelande skickades till fel mottagare inom kommunen." in page
    assert "Kontakta oss om du har frågor." in page  # the advice every letter gets

    empty = client.post(_page(incident, "subjects_letter"), {"language": "sv"})
    assert empty.status_code == 400
    assert not Document.objects.exists()


def test_a_step_not_open_sends_back_to_the_case_with_a_message(
    client: Client, world: World
) -> None:
    incident = flow.assessed(world, notify=False)
    login(client, world.coordinator)
    response = client.get(_page(incident, "imy_notification"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("incidents:case", args=[incident.code])
    assert "Du kan inte ta fram detta dokument" in response.content.decode()


def _meetings(world: World) -> list[Meeting]:
    committee = Committee.objects.create(controller=world.social, name="Socialnämnden")
    today = timezone.localdate()
    return [
        Meeting.objects.create(committee=committee, held_on=today - timedelta(days=days))
        for days in (60, 30)
    ]


def test_the_registrar_produces_the_committee_report_in_its_nine_columns(
    client: Client, world: World
) -> None:
    meetings = _meetings(world)
    incident = flow.decided(world, notify=False)
    login(client, world.registrar)
    assert client.get(reverse("documents:reports")).status_code == 200
    response = client.post(
        reverse("documents:committee_report"),
        {
            "language": "sv",
            "committee": meetings[0].committee.pk,
            "meetings": [meeting.pk for meeting in meetings],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(kind=DocumentKind.COMMITTEE_REPORT)
    assert document.incident is None
    content = bytes(document.files.get(format=FileFormat.DOCX).content)
    tables = docx_tables(content)
    assert tables[-1][0] == [
        "Nr",
        "Dnr",
        "Händelsedatum",
        "Incident",
        "Enhet",
        "Ansvarig chef",
        "Åtgärd",
        "Anmälan till Integritetsskyddsmyndigheten",
        "Beslut från Integritetsskyddsmyndigheten Datum/ Diarienummer",
    ]
    row = tables[-1][1]
    assert row[1] == incident.diary_number
    assert row[5] == "Mats Chefsson"
    assert row[7] == "Nej"
    text = docx_text(content)
    assert f"Nya incidenter sedan sammanträdet {meetings[1].held_on.isoformat()}" in text
    assert "Socialnämnden i Testby" in text
    listing = client.get(reverse("documents:reports")).content.decode()
    assert reverse("documents:download", args=[document.code, "pdf"]) in listing


def test_a_committee_report_whose_texts_identify_people_needs_confirmation(
    client: Client, world: World
) -> None:
    meetings = _meetings(world)
    flow.registered(world, description=f"Klienten med personnummer {PNR} fick fel brev.")
    login(client, world.registrar)
    data = {
        "language": "sv",
        "committee": meetings[0].committee.pk,
        "meetings": [meetings[1].pk],
    }
    refused = client.post(reverse("documents:committee_report"), data)
    assert refused.status_code == 400
    assert PNR in refused.content.decode()
    assert not Document.objects.exists()
    produced = client.post(reverse("documents:committee_report"), {**data, "confirmed": "on"})
    assert produced.status_code == 302


def test_the_incident_log_in_its_columns(client: Client, world: World) -> None:
    flow.decided(world, notify=False)
    login(client, world.dpo)
    today = timezone.localdate()
    response = client.post(
        reverse("documents:incident_log"),
        {
            "language": "sv",
            "controller": world.social.pk,
            "start": date(today.year, 1, 1).isoformat(),
            "end": today.isoformat(),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(kind=DocumentKind.INCIDENT_LOG)
    tables = docx_tables(bytes(document.files.get(format=FileFormat.DOCX).content))
    assert tables[-1][0] == [
        "Datum för anmälan",
        "Beskrivning av incident",
        "Åtgärder",
        "Kontakt med dataskyddsombud",
        "Anmälan till Integritetsskyddsmyndigheten",
    ]
    assert tables[-1][1][3:] == ["Nej", "Nej"]
    assert tables[-1][1][2].endswith("Bedömning: Endast ett namn till en betrodd kollega.")
    text = squash(pdf_text(bytes(document.files.get(format=FileFormat.PDF).content)))
    assert "Endast ett namn till en betrodd kollega." in text  # the assessment


def test_the_log_refuses_a_period_that_ends_before_it_starts(client: Client, world: World) -> None:
    login(client, world.dpo)
    response = client.post(
        reverse("documents:incident_log"),
        {
            "language": "sv",
            "controller": world.social.pk,
            "start": "2026-05-01",
            "end": "2026-04-01",
        },
    )
    assert response.status_code == 400
    assert "Sista dagen kan inte ligga före första dagen." in response.content.decode()


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_administrator_uploads_a_template_and_a_broken_one_is_explained(
    client: Client, world: World
) -> None:
    login(client, world.administrator)
    page = client.get(reverse("documents:templates")).content.decode()
    assert "Socialnämnden i Testby" in page
    assert "Bildningsnämnden i Testby" not in page
    data = {"controller": str(world.social.code), "kind": "decision", "language": "sv"}
    broken = client.post(
        reverse("documents:templates"),
        {**data, "file": SimpleUploadedFile("mall.docx", _docx("{{ case.dairy_number }}"))},
    )
    assert broken.status_code == 400
    assert "{{ case.dairy_number }}" in broken.content.decode()
    assert not DocumentTemplate.objects.exists()
    good = client.post(
        reverse("documents:templates"),
        {**data, "file": SimpleUploadedFile("mall.docx", _docx("Dnr {{ case.diary_number }}"))},
    )
    assert good.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.filename, template.active, template.uploaded_by) == (
        "mall.docx",
        True,
        world.administrator,
    )


def test_the_built_in_template_downloads_as_a_docx_with_placeholders(
    client: Client, world: World
) -> None:
    login(client, world.coordinator)
    response = client.get(reverse("documents:builtin_template", args=["decision", "sv"]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "{{ case.diary_number }}" in text
    assert "Vidtagna och planerade åtgärder" in text
    placeholders = client.get(reverse("documents:placeholders")).content.decode()
    assert "case.diary_number" in placeholders
    assert "sections[…].rows[…].imy_notified" in placeholders
