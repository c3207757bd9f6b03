"""Reads in the audit trail: who read which case, downloaded which document, exported which
part of the register, and from which address. Reads never show in the case's timeline."""

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from breachdesk.audit.context import client_address, current_address, request_context
from breachdesk.audit.kinds import READ_KINDS
from breachdesk.audit.models import AuditEvent
from breachdesk.audit.verify import audit_chain_verify
from breachdesk.documents.models import Document, DocumentKind
from breachdesk.incidents.selectors import incident_timeline
from tests import flow
from tests.conftest import World, login

CLIENT = "203.0.113.7"


def _last(kind: str) -> AuditEvent:
    return AuditEvent.objects.filter(kind=kind).latest("pk")


# The client's address -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("198.51.100.4", "198.51.100.4"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("::ffff:192.0.2.5", "192.0.2.5"),
        ("fe80::1%eth0", None),
        ("not-an-address", None),
        ("", None),
    ],
)
def test_the_address_is_remote_addr_without_proxies(
    settings: Any, remote: str, expected: str | None
) -> None:
    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert client_address(request) == expected


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # The client wrote the left-most entries itself; the proxy appended what it saw.
        (1, "10.9.9.9, 192.0.2.1", "192.0.2.1"),
        (1, "192.0.2.1", "192.0.2.1"),
        (2, "10.9.9.9, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (2, "192.0.2.1", None),  # not through both proxies
        (1, "", None),
        (1, "10.9.9.9, garbage", None),
        (1, "192.0.2.1 ,  2001:db8::7 ", "2001:db8::7"),
    ],
)
def test_behind_proxies_the_address_is_the_nth_from_the_right(
    settings: Any, proxies: int, forwarded: str, expected: str | None
) -> None:
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_the_address_is_known_only_while_the_request_is_answered() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=CLIENT)
    assert current_address() is None
    with request_context(request):
        assert current_address() == CLIENT
    assert current_address() is None


def test_a_change_made_in_a_request_records_its_address(
    client: Client, world: World, settings: Any
) -> None:
    settings.PROXY_COUNT = 1
    incident = flow.registered(world)
    login(client, world.coordinator)
    response = client.post(
        reverse("incidents:case_acknowledge", args=[incident.code]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"1.1.1.1, {CLIENT}",
    )
    assert response.status_code == 302
    event = _last("incident.acknowledge")
    assert (event.address, event.actor, event.incident) == (CLIENT, world.coordinator, incident)
    # Outside a request nothing is guessed.
    assert AuditEvent.objects.get(kind="incident.reported", incident=incident).address is None


# Each read ----------------------------------------------------------------------------------------


def test_reading_the_case_page_is_recorded_with_the_address(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    login(client, world.dpo)
    assert (
        client.get(reverse("incidents:case", args=[incident.code]), REMOTE_ADDR=CLIENT).status_code
        == 200
    )
    event = _last("case.viewed")
    assert (event.actor, event.incident, event.controller) == (world.dpo, incident, world.social)
    assert event.address == CLIENT
    assert event.data == {"page": "case"}


def test_a_page_out_of_scope_records_no_read(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    login(client, world.school_coordinator)
    assert client.get(reverse("incidents:case", args=[incident.code])).status_code == 404
    assert not AuditEvent.objects.filter(kind="case.viewed").exists()


def test_the_reporters_receipt_and_the_step_pages_are_reads_too(
    client: Client, world: World
) -> None:
    incident = flow.acknowledged(world)
    login(client, world.reporter)
    assert (
        client.get(
            reverse("incidents:receipt", args=[incident.code]), REMOTE_ADDR=CLIENT
        ).status_code
        == 200
    )
    receipt = _last("case.viewed")
    assert (receipt.actor, receipt.data, receipt.address) == (
        world.reporter,
        {"page": "receipt"},
        CLIENT,
    )

    login(client, world.coordinator)
    assert client.get(reverse("incidents:investigation", args=[incident.code])).status_code == 200
    step = _last("case.viewed")
    assert (step.actor, step.incident, step.data) == (
        world.coordinator,
        incident,
        {"page": "investigate"},
    )


def test_reads_are_not_in_the_timeline(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    login(client, world.dpo)
    url = reverse("incidents:case", args=[incident.code])
    before = incident_timeline(incident=incident)
    client.get(url)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert AuditEvent.objects.filter(incident=incident, kind="case.viewed").count() == 2
    after = incident_timeline(incident=incident)
    assert [entry.label for entry in after] == [entry.label for entry in before]
    assert "case.viewed" not in page and "Case read" not in page and "Ärendet läst" not in page


def test_a_document_download_is_recorded_with_code_version_and_format(
    client: Client, world: World
) -> None:
    incident = flow.decided(world, notify=False)
    login(client, world.coordinator)
    client.post(reverse("documents:decision", args=[incident.code]), {"language": "sv"})
    document = Document.objects.get()
    login(client, world.dpo)
    url = reverse("documents:download", args=[document.code, "docx"])
    assert client.get(url, REMOTE_ADDR=CLIENT).status_code == 200
    event = _last("document.downloaded")
    assert (event.actor, event.incident, event.controller, event.address) == (
        world.dpo,
        incident,
        world.social,
        CLIENT,
    )
    assert event.data == {
        "document": str(document.code),
        "document_kind": "decision",
        "version": 1,
        "format": "docx",
    }
    # A download refused records nothing.
    login(client, world.school_coordinator)
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(kind="document.downloaded").count() == 1


def test_an_incident_log_download_is_recorded_for_its_controller(
    client: Client, world: World
) -> None:
    flow.decided(world, notify=False)
    login(client, world.dpo)
    today = timezone.localdate()
    client.post(
        reverse("documents:incident_log"),
        {
            "language": "sv",
            "controller": world.social.pk,
            "start": date(today.year, 1, 1).isoformat(),
            "end": today.isoformat(),
        },
    )
    log = Document.objects.get(kind=DocumentKind.INCIDENT_LOG)
    assert (
        client.get(
            reverse("documents:download", args=[log.code, "pdf"]), REMOTE_ADDR=CLIENT
        ).status_code
        == 200
    )
    event = _last("document.downloaded")
    assert (event.incident, event.controller, event.address) == (None, world.social, CLIENT)
    assert event.data["document_kind"] == "incident_log"
    assert event.data["format"] == "pdf"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_register_export_is_recorded_with_its_filters_and_rows(
    client: Client, world: World, fmt: str
) -> None:
    flow.registered(world)
    flow.registered(world)
    flow.reported(world)
    login(client, world.dpo)
    response = client.get(
        reverse("incidents:register_export", args=[fmt]),
        {"state": "registered", "q": ""},
        REMOTE_ADDR=CLIENT,
    )
    assert response.status_code == 200
    event = _last("register.exported")
    assert (event.actor, event.controller, event.incident, event.address) == (
        world.dpo,
        world.social,
        None,
        CLIENT,
    )
    assert event.data == {"format": fmt, "filters": {"state": "registered"}, "rows": 2}


def test_an_export_over_several_controllers_is_recorded_in_each(
    client: Client, world: World
) -> None:
    from breachdesk.orgs.models import Membership, Role

    Membership.objects.create(user=world.dpo, controller=world.school, role=Role.DPO)
    flow.registered(world)
    login(client, world.dpo)
    assert client.get(reverse("incidents:register_export", args=["csv"])).status_code == 200
    events = AuditEvent.objects.filter(kind="register.exported").order_by("seq")
    assert [(event.controller, event.data["rows"]) for event in events] == [(world.social, 1)]
    # Nothing of the school's was read: no event for it. An empty export is still recorded.
    client.get(reverse("incidents:register_export", args=["csv"]), {"state": "closed"})
    empty = _last("register.exported")
    assert (empty.controller, empty.data) == (
        None,
        {"format": "csv", "filters": {"state": "closed"}, "rows": 0},
    )


def test_every_read_kind_keeps_the_chain_intact(client: Client, world: World) -> None:
    incident = flow.acknowledged(world)
    login(client, world.dpo)
    client.get(reverse("incidents:case", args=[incident.code]), REMOTE_ADDR="2001:db8::1")
    client.get(reverse("incidents:register_export", args=["csv"]), REMOTE_ADDR=CLIENT)
    client.get(reverse("audit:events"), REMOTE_ADDR=CLIENT)
    client.get(reverse("audit:case", args=[incident.code]), REMOTE_ADDR=CLIENT)
    export: Any = client.get(reverse("audit:events_export"))
    b"".join(export.streaming_content)
    call_command("guard_register", stdout=StringIO())
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"case.viewed", "register.exported", "audit.viewed", "audit.exported"} <= kinds
    assert "guard.register_scanned" in kinds
    assert set(READ_KINDS) - kinds == {"document.downloaded"}
    assert _last("case.viewed").address == "2001:db8::1"
    assert audit_chain_verify().intact


def test_the_page_of_a_case_document_is_a_read(client: Client, world: World) -> None:
    incident = flow.decided(world, notify=False)
    login(client, world.coordinator)
    page = client.get(reverse("documents:decision", args=[incident.code]), REMOTE_ADDR=CLIENT)
    assert page.status_code == 200
    event = _last("case.viewed")
    assert (event.incident, event.data, event.address) == (
        incident,
        {"page": "document_decision"},
        CLIENT,
    )
