"""Masking the privacy guard's findings in a produced document: one click per finding, in the
document only (the case keeps its text), and only for the text the finding was shown for."""

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from breachdesk.documents.case_services import case_document_check
from breachdesk.documents.models import Document, DocumentKind, FileFormat
from breachdesk.guard.masking import field_findings, guard_mask_tokens, text_digest
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import ImyDecisionFacts, imy_decide
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision
from breachdesk.orgs.models import Committee, Meeting
from tests import flow
from tests.conftest import World, login
from tests.documents_text import docx_tables, docx_text, pdf_text, squash

# Skatteverket-style test personnummer (valid check digits, not real people).
PNR = "19121212-1212"
OTHER_PNR = "19101010-1010"
MARKER = "[personnummer or samordningsnummer removed]"


@pytest.fixture(autouse=True)
def _language_kept() -> Iterator[None]:
    # A request activates its user's language and leaves it active: later tests expect Swedish.
    language = translation.get_language()
    yield
    translation.activate(language)


def _english(world: World) -> None:
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    world.registrar.language = "en"
    world.registrar.save(update_fields=["language"])
    world.dpo.language = "en"
    world.dpo.save(update_fields=["language"])


def _page(incident: Incident, kind: str) -> str:
    return reverse(f"documents:{kind}", kwargs={"code": incident.code})


def _boxes(page: str) -> list[str]:
    """The tokens of the findings that can be ticked."""
    return re.findall(r'<input type="checkbox" name="mask" value="([^"]+)"', page)


def _carried(page: str) -> list[str]:
    """The tokens of the masks applied, carried by the form."""
    return re.findall(r'<input type="hidden" name="mask" value="([^"]+)"', page)


def _files(document: Document) -> tuple[str, str]:
    docx = bytes(document.files.get(format=FileFormat.DOCX).content)
    pdf = bytes(document.files.get(format=FileFormat.PDF).content)
    return docx_text(docx), squash(pdf_text(pdf))


def _draft_case(world: World) -> Incident:
    return flow.assessed(
        world, notify=True, description=f"Ett brev om en klient med personnummer {PNR} kom fel."
    )


DRAFT = {"language": "en", "complete": "false"}


def test_a_personnummer_in_the_description_is_listed_with_a_mask_on_the_imy_draft(
    client: Client, world: World
) -> None:
    _english(world)
    incident = _draft_case(world)
    login(client, world.coordinator)
    page = client.get(_page(incident, "imy_notification")).content.decode()
    assert PNR in page
    assert "personnummer or samordningsnummer" in page
    (token,) = _boxes(page)
    assert token.startswith("fact.description:personnummer:")
    assert "Mask the ticked and check again" in page


def test_a_ticked_finding_is_masked_in_the_draft_and_not_on_the_case(
    client: Client, world: World
) -> None:
    _english(world)
    incident = _draft_case(world)
    login(client, world.coordinator)
    (token,) = _boxes(client.get(_page(incident, "imy_notification")).content.decode())

    checked = client.post(
        _page(incident, "imy_notification"), {**DRAFT, "guard": "mask", "mask": token}
    )
    assert checked.status_code == 200
    page = checked.content.decode()
    assert MARKER in page
    assert _carried(page) == [token]
    assert _boxes(page) == []  # nothing left to mask
    assert not Document.objects.exists()

    produced = client.post(_page(incident, "imy_notification"), {**DRAFT, "mask": _carried(page)})
    assert produced.status_code == 302  # no confirmation: nothing is left
    document = Document.objects.get()
    assert document.inputs["masks"] == [token]
    docx, pdf = _files(document)
    for text in (docx, pdf):
        assert PNR not in text
        assert "[personnummer or samordningsnummer removed]" in text
    incident.refresh_from_db()
    assert PNR in incident.description  # the case officer keeps it


def test_a_mask_for_a_changed_text_is_not_applied(client: Client, world: World) -> None:
    _english(world)
    incident = _draft_case(world)
    login(client, world.coordinator)
    (token,) = _boxes(client.get(_page(incident, "imy_notification")).content.decode())
    # Someone rewords the description (the number stays where it was) before it is produced.
    Incident.objects.filter(pk=incident.pk).update(
        description=f"Ett brev om en elev med personnummer {PNR} kom fel."
    )
    incident.refresh_from_db()

    check = case_document_check(
        incident=incident, kind=DocumentKind.IMY_NOTIFICATION, language="en", masks=[token]
    )
    assert check.masked == []
    assert [item.finding.text for item in check.findings] == [PNR]
    assert check.findings[0].token != token

    refused = client.post(_page(incident, "imy_notification"), {**DRAFT, "mask": token})
    assert refused.status_code == 400
    assert PNR in refused.content.decode()
    assert MARKER not in refused.content.decode()
    assert not Document.objects.exists()


def test_a_later_version_starts_with_the_masks_of_the_previous_one(
    client: Client, world: World
) -> None:
    _english(world)
    incident = _draft_case(world)
    login(client, world.coordinator)
    (token,) = _boxes(client.get(_page(incident, "imy_notification")).content.decode())
    client.post(_page(incident, "imy_notification"), {**DRAFT, "mask": token})
    again = client.get(_page(incident, "imy_notification")).content.decode()
    assert _carried(again) == [token]
    assert _boxes(again) == []


def test_the_letter_lists_findings_in_its_shared_texts(client: Client, world: World) -> None:
    _english(world)
    incident = flow.investigated(world)
    flow.measure(world, incident, description=f"Vi ringde klienten med personnummer {PNR}.")
    imy_decide(
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
    (token,) = _boxes(page)
    assert token.startswith("letter.measures:personnummer:")
    assert "What we have done and will do" in page

    form = client.get(_page(incident, "subjects_letter")).context["form"]
    data = {name: form.initial[name] for name in ("what_happened", "consequences", "advice")}
    data.update(measures=form.initial["measures"], language="en", mask=token)
    produced = client.post(_page(incident, "subjects_letter"), data)
    assert produced.status_code == 302
    docx, pdf = _files(Document.objects.get(kind=DocumentKind.SUBJECTS_LETTER))
    assert PNR not in docx and PNR not in pdf
    assert MARKER in docx


def _log_post(world: World) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "language": "en",
        "controller": str(world.social.pk),
        "start": date(today.year, 1, 1).isoformat(),
        "end": today.isoformat(),
    }


def test_the_incident_log_lists_findings_and_masks_them(client: Client, world: World) -> None:
    _english(world)
    incident = flow.registered(world, description=f"Klienten med personnummer {PNR} fick fel brev.")
    login(client, world.dpo)
    refused = client.post(reverse("documents:incident_log"), _log_post(world))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert PNR in page
    (token,) = _boxes(page)
    assert token.startswith(f"{incident.display_number}:description:personnummer:")

    checked = client.post(
        reverse("documents:incident_log"), {**_log_post(world), "guard": "mask", "mask": token}
    )
    assert checked.status_code == 200
    assert _carried(checked.content.decode()) == [token]

    produced = client.post(reverse("documents:incident_log"), {**_log_post(world), "mask": token})
    assert produced.status_code == 302
    document = Document.objects.get(kind=DocumentKind.INCIDENT_LOG)
    assert document.inputs["masks"] == [token]
    tables = docx_tables(bytes(document.files.get(format=FileFormat.DOCX).content))
    assert MARKER in tables[-1][1][1]
    _docx, pdf = _files(document)
    assert PNR not in pdf
    incident.refresh_from_db()
    assert PNR in incident.description


def test_the_committee_report_is_masked_row_by_row(client: Client, world: World) -> None:
    _english(world)
    committee = Committee.objects.create(controller=world.social, name="Socialnämnden")
    meeting = Meeting.objects.create(
        committee=committee, held_on=timezone.localdate() - timedelta(days=30)
    )
    first = flow.registered(world, description=f"Klienten med personnummer {PNR} fick fel brev.")
    second = flow.registered(world, description=f"Klienten {OTHER_PNR} fick också fel brev.")
    login(client, world.registrar)
    data = {"language": "en", "committee": str(committee.pk), "meetings": [str(meeting.pk)]}
    page = client.post(reverse("documents:committee_report"), data).content.decode()
    tokens = _boxes(page)
    assert len(tokens) == 2
    (first_token,) = [t for t in tokens if t.startswith(f"{first.display_number}:incident:")]
    assert any(t.startswith(f"{second.display_number}:incident:") for t in tokens)

    # Only the first row is masked: the second is still listed and needs a confirmation.
    refused = client.post(reverse("documents:committee_report"), {**data, "mask": first_token})
    assert refused.status_code == 400
    assert _carried(refused.content.decode()) == [first_token]
    assert len(_boxes(refused.content.decode())) == 1
    produced = client.post(
        reverse("documents:committee_report"), {**data, "mask": first_token, "confirmed": "on"}
    )
    assert produced.status_code == 302
    document = Document.objects.get(kind=DocumentKind.COMMITTEE_REPORT)
    docx, pdf = _files(document)
    for text in (docx, pdf):
        assert PNR not in text
        assert OTHER_PNR in text
    assert MARKER in docx


def test_a_mask_reaches_every_placeholder_that_repeats_the_text(world: World) -> None:
    # A controller's own template may use {{ incident.description }} or {{ imy.fact.… }}
    # instead of the sections the built-in one shows.
    incident = _draft_case(world)
    flow.measure(world, incident, description=f"Ring {PNR} och be om ursäkt.")
    found = case_document_check(
        incident=incident, kind=DocumentKind.IMY_NOTIFICATION, language="en"
    ).findings
    assert {item.field for item in found} == {"fact.description", "fact.measures_planned"}
    check = case_document_check(
        incident=incident,
        kind=DocumentKind.IMY_NOTIFICATION,
        language="en",
        masks=[item.token for item in found],
    )
    assert check.findings == []
    context = check.context
    assert PNR not in str({key: value for key, value in context.items() if key != "controller"})
    assert (
        context["incident"]["description"]
        == f"Ett brev om en klient med personnummer {MARKER} kom fel."
    )
    assert context["imy"]["fact"]["description"] == context["incident"]["description"]
    assert context["measures"][0]["description"] == f"Ring {MARKER} och be om ursäkt."
    assert context["controller"]["name"] == world.social.name


@translation.override("en")
def test_what_is_left_after_masking_keeps_its_token_and_its_surroundings() -> None:
    text = f"Först {PNR}, sedan {OTHER_PNR} i samma brev."
    first, second = field_findings("fact.x", "X", text, digest=text_digest(text))
    result = guard_mask_tokens("fact.x", "X", text, [first.token])
    assert result.text == f"Först {MARKER}, sedan {OTHER_PNR} i samma brev."
    assert result.tokens == [first.token]
    assert result.masked[0].after == f", sedan {OTHER_PNR} i samma brev."
    (left,) = result.findings
    assert left.token == second.token  # offsets in the text before masking
    assert left.before.endswith("removed], sedan ") and left.after == " i samma brev."
    # A token for another text, another field, or made up is ignored.
    other = f"Först {PNR}, sedan {OTHER_PNR} i samma brev!"
    assert guard_mask_tokens("fact.x", "X", other, [first.token]).masked == []
    assert guard_mask_tokens("fact.y", "X", text, [first.token]).masked == []
    assert guard_mask_tokens("fact.x", "X", text, ["fact.x:nonsense:1:2:abc"]).masked == []
