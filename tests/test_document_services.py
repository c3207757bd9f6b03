"""Producing the documents of a case: their contents, read back out of the DOCX and the PDF,
their versions, checksums and timeline entries, and who may produce them when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from breachdesk.audit.models import AuditEvent
from breachdesk.documents.case_context import case_context
from breachdesk.documents.case_services import case_document_produce
from breachdesk.documents.models import Document, DocumentKind, FileFormat, sha256_of
from breachdesk.documents.placeholders import PLACEHOLDERS, Flag, sample_context
from breachdesk.documents.production import Header
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident
from breachdesk.incidents.selectors import incident_timeline
from breachdesk.incidents.services import ImyDecisionFacts, TransitionRefused
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision
from breachdesk.lib.errors import DomainError
from breachdesk.orgs.models import Delegation
from tests import flow
from tests.conftest import World
from tests.documents_text import docx_tables, docx_text, pdf_pages, pdf_text, squash


def _files(document: Document) -> tuple[bytes, bytes]:
    files = {file.format: bytes(file.content) for file in document.files.all()}
    return files[FileFormat.DOCX], files[FileFormat.PDF]


def _measure(world: World, incident: Incident, text: str, *, done: bool = False) -> None:
    services.measure_record(
        incident=incident,
        actor=world.coordinator,
        description=text,
        responsible=world.manager,
        due_on=timezone.localdate() + timedelta(days=7),
        done_on=timezone.localdate() if done else None,
    )


def test_notification_draft_holds_the_facts_in_the_order_of_imys_e_service(world: World) -> None:
    incident = flow.assessed(world, notify=True)
    _measure(world, incident, "Mottagaren ombads radera meddelandet.", done=True)
    _measure(world, incident, "Rutinen för e-post ses över.")
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_NOTIFICATION
    )
    docx, pdf = _files(document)
    for text in (squash(docx_text(docx)), squash(pdf_text(pdf))):
        assert "Anmälan av personuppgiftsincident – utkast" in text
        assert "Socialnämnden i Testby" in text
        assert "212999-0004" in text
        assert incident.diary_number and incident.diary_number in text
        assert "E-post med uppgifter om en klient skickades till fel mottagare." in text
        assert "Mottagaren ombads radera meddelandet." in text
        assert "Rutinen för e-post ses över." in text
        assert "klienter inom socialtjänsten" in text
        assert "preliminär" in text
        # The order of IMY's e-service: the controller, the times, what happened, the people,
        # the data, the consequences, the measures, informing the people.
        order = [
            "Personuppgiftsansvarig",
            "Tidpunkter",
            "Vad som hände",
            "De berörda",
            "Personuppgifterna",
            "Sannolika konsekvenser",
            "Åtgärder",
            "Information till de registrerade",
        ]
        positions = [text.index(heading) for heading in order]
        assert positions == sorted(positions)
    assert "Sida 1 av" in pdf_text(pdf)


def test_each_production_is_a_new_version_and_the_first_is_kept(world: World) -> None:
    incident = flow.assessed(world, notify=True)
    first = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_NOTIFICATION
    )
    first_docx, first_pdf = _files(first)
    services.investigation_record(
        incident=incident,
        actor=world.coordinator,
        facts=flow.INVESTIGATION.__class__(
            **{**flow.INVESTIGATION.__dict__, "cause_detail": "Fel adress valdes i adressboken."}
        ),
    )
    second = case_document_produce(
        incident=incident,
        actor=world.coordinator,
        kind=DocumentKind.IMY_NOTIFICATION,
        inputs={"complete": True},
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert _files(first) == (first_docx, first_pdf)
    assert "Fel adress valdes i adressboken." in docx_text(_files(second)[0])
    assert "Fel adress valdes i adressboken." not in docx_text(first_docx)
    for file in second.files.all():
        assert file.sha256 == sha256_of(bytes(file.content))
        assert file.size == len(bytes(file.content))
        assert file.filename.endswith(f"-v2.{file.format}")


def test_a_produced_document_is_in_the_timeline_with_its_checksums(world: World) -> None:
    incident = flow.assessed(world, notify=True)
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_NOTIFICATION
    )
    event = AuditEvent.objects.get(incident=incident, kind="incident.document_imy_notification")
    docx, pdf = _files(document)
    assert event.actor == world.coordinator
    assert event.data["document"] == str(document.code)
    assert event.data["version"] == 1
    assert event.data["sha256"] == {"docx": sha256_of(docx), "pdf": sha256_of(pdf)}
    entry = incident_timeline(incident=incident)[-1]
    assert str(entry.label) == "Dokument framtaget"
    assert entry.about == f"{document.title}, version 1"


def test_the_draft_is_produced_in_english_on_request(world: World) -> None:
    incident = flow.assessed(world, notify=True)
    document = case_document_produce(
        incident=incident,
        actor=world.coordinator,
        kind=DocumentKind.IMY_NOTIFICATION,
        language="en",
    )
    text = squash(pdf_text(_files(document)[1]))
    assert "Notification of a personal data incident – draft" in text
    assert "The people affected" in text
    assert "clients of social services" in text
    assert "Page 1 of" in text
    assert "Personuppgiftsansvarig" not in text
    assert document.language == "en"


def test_a_late_draft_gives_the_reasons_for_the_delay(world: World) -> None:
    incident = flow.assessed(world, notify=True)
    Incident.objects.filter(pk=incident.pk).update(imy_due_at=timezone.now() - timedelta(hours=1))
    incident.refresh_from_db()
    document = case_document_produce(
        incident=incident,
        actor=world.coordinator,
        kind=DocumentKind.IMY_NOTIFICATION,
        inputs={"delay_reason": "Incidenten upptäcktes hos ett biträde som meddelade sent."},
    )
    text = squash(docx_text(_files(document)[0]))
    assert "Skälen till förseningen" in text
    assert "Incidenten upptäcktes hos ett biträde som meddelade sent." in text


def test_the_decision_after_notifying_names_the_notification(world: World) -> None:
    incident = flow.decided(world, notify=True)
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.DECISION
    )
    text = squash(pdf_text(_files(document)[1]))
    assert "Beslut om personuppgiftsincident" in text
    assert "anmäls till Integritetsskyddsmyndigheten (IMY)" in text
    assert "IMY-2026-1234" in text
    assert "Bertil Beslutsson" in text
    assert "dataskyddsombudet (DSO Testby)" in text
    assert "Varför IMY inte underrättas" not in text


def test_the_decision_names_the_point_of_the_delegation_order(world: World) -> None:
    incident = flow.decided(world, notify=True)
    Delegation.objects.create(
        controller=incident.controller, user=world.decision_maker, point="punkt 4.7"
    )
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.DECISION
    )
    for text in (squash(pdf_text(_files(document)[1])), squash(docx_text(_files(document)[0]))):
        assert "Beslutet fattas med stöd av punkt 4.7." in text


def test_the_decision_without_notifying_gives_the_motivation(world: World) -> None:
    incident = flow.decided(world, notify=False)
    document = case_document_produce(
        incident=incident, actor=world.decision_maker, kind=DocumentKind.DECISION
    )
    text = squash(docx_text(_files(document)[0]))
    assert "anmäls inte till Integritetsskyddsmyndigheten (IMY)" in text
    assert "Varför IMY inte underrättas" in text
    assert "Endast ett namn till en betrodd kollega." in text
    assert "Risken bedöms inte som hög." in text


def test_a_decision_drafted_before_it_is_taken_leaves_the_signature_open(world: World) -> None:
    incident = flow.assessed(world, notify=False)
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.DECISION
    )
    text = docx_text(_files(document)[0])
    assert "Beslutsfattare: ____" in text
    assert "Enligt delegationsordningen, punkt: ____" in text
    assert "Bertil Beslutsson" not in text


def _informing(world: World) -> Incident:
    incident = flow.investigated(world)
    return services.imy_decide(
        incident=incident,
        actor=world.coordinator,
        facts=ImyDecisionFacts(
            imy_decision=ImyDecision.NOTIFY,
            subjects_decision=SubjectsDecision.INFORM,
            deviation_reason="Vi informerar den berörda ändå.",
        ),
    )


def test_the_letter_has_the_five_items_of_the_procedure(world: World) -> None:
    incident = _informing(world)
    document = case_document_produce(
        incident=incident,
        actor=world.coordinator,
        kind=DocumentKind.SUBJECTS_LETTER,
        inputs={
            "what_happened": "Ett brev med ditt namn skickades till fel adress.",
            "consequences": "Någon obehörig kan ha läst att du har kontakt med oss.",
            "measures": "Mottagaren har lämnat tillbaka brevet oöppnat.",
            "advice": "Du behöver inte göra något.",
        },
    )
    docx, pdf = _files(document)
    for text in (squash(docx_text(docx)), squash(pdf_text(pdf))):
        for heading, body in [
            ("Vad har hänt och varför", "Ett brev med ditt namn skickades till fel adress."),
            ("Vad det kan leda till", "Någon obehörig kan ha läst att du har kontakt med oss."),
            ("Vad vi har gjort och kommer att göra", "lämnat tillbaka brevet oöppnat."),
            ("Vad du själv kan göra", "Du behöver inte göra något."),
            ("Vem du kontaktar", "Cecilia Samordnarsson"),
        ]:
            assert heading in text
            assert body in text
            assert text.index(heading) < text.index(body)
        assert "Dataskyddsombud: DSO Testby" in text
    assert document.inputs["advice"] == "Du behöver inte göra något."


def test_the_letter_only_when_it_was_decided_to_inform(world: World) -> None:
    incident = flow.assessed(world, notify=True)  # decided: not required
    with pytest.raises(TransitionRefused):
        case_document_produce(
            incident=incident, actor=world.coordinator, kind=DocumentKind.SUBJECTS_LETTER
        )
    assert not incident.documents.exists()


def test_the_supplement_holds_only_what_changed_since_the_notification(world: World) -> None:
    incident = flow.notified(world)
    _measure(world, incident, "Alla medarbetare har fått information om säker e-post.")
    document = case_document_produce(
        incident=incident,
        actor=world.coordinator,
        kind=DocumentKind.IMY_SUPPLEMENT,
        inputs={"content": "Åtgärderna är nu beslutade.", "complete": True},
    )
    text = squash(docx_text(_files(document)[0]))
    assert "Komplettering av anmälan av personuppgiftsincident – utkast" in text
    assert "IMY-2026-1234" in text
    assert "Åtgärderna är nu beslutade." in text
    assert "Alla medarbetare har fått information om säker e-post." in text
    # Unchanged facts stay out: the description and the controller were in the notification.
    assert "E-post med uppgifter om en klient skickades till fel mottagare." not in text
    assert "212999-0004" not in text


def test_a_supplement_with_nothing_new_is_refused(world: World) -> None:
    incident = flow.notified(world)
    with pytest.raises(DomainError, match="Inget har ändrats"):
        case_document_produce(
            incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_SUPPLEMENT
        )


def test_a_recorded_supplement_moves_the_baseline(world: World) -> None:
    incident = flow.notified(world)
    _measure(world, incident, "Ny rutin för utskick.")
    services.imy_supplement(
        incident=incident,
        actor=world.coordinator,
        made_at=timezone.now() - timedelta(minutes=1),
        complete=True,
        content="Åtgärd tillagd.",
    )
    with pytest.raises(DomainError):
        case_document_produce(
            incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_SUPPLEMENT
        )


@pytest.mark.parametrize("persona", ["reporter", "registrar", "dpo", "outsider", "manager"])
def test_only_the_case_officer_and_coordinators_draft_to_imy(world: World, persona: str) -> None:
    incident = flow.assessed(world, notify=True)
    with pytest.raises(TransitionRefused):
        case_document_produce(
            incident=incident,
            actor=world.person(persona),
            kind=DocumentKind.IMY_NOTIFICATION,
        )
    assert not Document.objects.exists()


def test_no_notification_draft_when_it_was_decided_not_to_notify(world: World) -> None:
    incident = flow.assessed(world, notify=False)
    with pytest.raises(TransitionRefused):
        case_document_produce(
            incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_NOTIFICATION
        )


def _keys(shape: object, prefix: str = "") -> set[str]:
    if isinstance(shape, dict):
        found = set()
        for key, value in shape.items():
            found.add(f"{prefix}{key}")
            if key != "fact":
                found |= _keys(value, f"{prefix}{key}.")
        return found
    if isinstance(shape, list) and shape:
        return _keys(shape[0], f"{prefix}[].")
    return set()


@pytest.mark.parametrize(
    "kind",
    [
        DocumentKind.IMY_NOTIFICATION,
        DocumentKind.IMY_SUPPLEMENT,
        DocumentKind.SUBJECTS_LETTER,
        DocumentKind.DECISION,
    ],
)
def test_the_builders_give_exactly_the_documented_placeholders(world: World, kind: str) -> None:
    incident = flow.notified(world)
    _measure(world, incident, "Rutin.")
    header = Header(kind, "T", 1, "sv", incident.display_number, timezone.now())
    built = case_context(incident, header, {})
    assert _keys(built) == _keys(sample_context(kind))
    flags = {
        f"{group}.{name}"
        for group, shape in PLACEHOLDERS[kind].items()
        if isinstance(shape, dict)
        for name, value in shape.items()
        if isinstance(value, Flag)
    }
    for path in flags:
        group, name = path.split(".")
        assert isinstance(built[group][name], bool), path


def test_a_long_description_runs_over_pages_in_the_pdf(world: World) -> None:
    incident = flow.assessed(
        world, notify=True, description="Ett e-postmeddelande skickades fel. " * 110
    )
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.IMY_NOTIFICATION
    )
    pdf = _files(document)[1]
    assert pdf_pages(pdf) >= 2
    assert "Sida 2 av" in pdf_text(pdf)


def test_measures_table_of_the_decision(world: World) -> None:
    incident = flow.decided(world, notify=False)
    _measure(world, incident, "Mejlet raderades.", done=True)
    document = case_document_produce(
        incident=incident, actor=world.coordinator, kind=DocumentKind.DECISION
    )
    tables = docx_tables(_files(document)[0])
    measures = next(table for table in tables if table[0][0] == "Åtgärd")
    assert measures[0] == ["Åtgärd", "Ansvarig", "Klar senast", "Genomförd"]
    assert measures[1][0] == "Mejlet raderades."
    assert measures[1][1] == "Mats Chefsson"
    assert measures[1][3] == timezone.localdate().isoformat()
