"""The audit trail as the DPO and the administrators of a controller read it: scope, filters,
the trail of one case, CSV, and never a value of what was changed."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from breachdesk.audit.services import audit_record
from breachdesk.incidents import services
from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import Membership, Role
from tests import flow
from tests.conftest import World, login

SECRET = "Hemlig-Uppgift-4711"


def _person(username: str, first: str = "Test", last: str = "Person") -> User:
    return User.objects.create_user(username=username, first_name=first, last_name=last)


@pytest.fixture
def school_dpo(world: World) -> User:
    person = _person("school_dpo", "Sara", "Skolombud")
    Membership.objects.create(user=person, controller=world.school, role=Role.DPO)
    return person


@pytest.fixture
def case(world: World) -> Incident:
    """A social case whose investigation holds a value no administrator may read."""
    incident = flow.acknowledged(world)
    with transaction.atomic():
        audit_record(
            kind="incident.investigate",
            actor=world.coordinator,
            incident=incident,
            data={"changes": {"investigation.description": {"old": "", "new": SECRET}}},
        )
    return incident


def _english(client: Client, user: User) -> Client:
    """Signed in as `user`, whose pages are in English (the label texts are English msgids)."""
    user.language = "en"
    user.save(update_fields=["language"])
    return login(client, user)


def _get(client: Client, name: str, *args: object, **query: str) -> tuple[int, str]:
    response: Any = client.get(reverse(name, args=args), query)
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    return response.status_code, content


# Who may read it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dpo", "administrator"])
def test_the_dpo_and_the_administrator_read_their_controllers_trail(
    client: Client, world: World, case: Incident, persona: str
) -> None:
    login(client, world.person(persona))
    status, page = _get(client, "audit:events")
    assert status == 200
    assert case.display_number in page
    # The field by its label, humanised.
    assert 'data-label="Fält">Description</td>' in page
    status, trail = _get(client, "audit:case", case.code)
    assert status == 200
    assert 'data-label="Fält">Description</td>' in trail


@pytest.mark.parametrize(
    "persona", ["coordinator", "registrar", "decision_maker", "manager", "reporter", "outsider"]
)
def test_others_get_404(client: Client, world: World, case: Incident, persona: str) -> None:
    login(client, world.person(persona))
    for name, args in [
        ("audit:events", ()),
        ("audit:events_export", ()),
        ("audit:case", (case.code,)),
        ("audit:case_export", (case.code,)),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert not AuditEvent.objects.filter(kind__startswith="audit.").exists()


def test_the_dpo_of_another_controller_gets_404_and_sees_nothing_of_it(
    client: Client, world: World, case: Incident, school_dpo: User
) -> None:
    login(client, school_dpo)
    assert client.get(reverse("audit:case", args=[case.code])).status_code == 404
    assert client.get(reverse("audit:case_export", args=[case.code])).status_code == 404
    status, page = _get(client, "audit:events")
    assert status == 200
    assert case.display_number not in page
    # Asking for the other controller by its code is refused, not answered.
    status, page = _get(client, "audit:events", controller=str(world.social.code))
    assert status == 400
    assert case.display_number not in page
    status, _csv = _get(client, "audit:events_export", controller=str(world.social.code))
    assert status == 400


def test_a_dpo_of_one_unit_only_is_not_the_controllers_dpo(
    client: Client, world: World, case: Incident
) -> None:
    unit_dpo = _person("unit_dpo")
    Membership.objects.create(user=unit_dpo, controller=world.social, unit=world.ifo, role=Role.DPO)
    login(client, unit_dpo)
    assert client.get(reverse("audit:events")).status_code == 404
    assert client.get(reverse("audit:case", args=[case.code])).status_code == 404


def test_a_missing_case_is_404(client: Client, world: World) -> None:
    login(client, world.dpo)
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("audit:case", args=[missing])).status_code == 404


def test_links_only_for_those_allowed(client: Client, world: World, case: Incident) -> None:
    case_url = reverse("incidents:case", args=[case.code])
    trail_url = reverse("audit:case", args=[case.code])
    login(client, world.dpo)
    page = client.get(case_url).content.decode()
    assert trail_url in page and reverse("audit:events") in page
    login(client, world.coordinator)
    page = client.get(case_url).content.decode()
    assert trail_url not in page and reverse("audit:events") not in page
    login(client, world.administrator)
    assert reverse("audit:events") in client.get(reverse("home"), follow=True).content.decode()


# What it shows -------------------------------------------------------------------------------


def test_values_are_never_shown_only_the_names_of_fields(
    client: Client, world: World, case: Incident
) -> None:
    world.administrator.language = "en"
    world.administrator.save(update_fields=["language"])
    services.measure_record(
        incident=case,
        actor=world.coordinator,
        description=SECRET,
        responsible=None,
        due_on=None,
        done_on=None,
    )
    login(client, world.administrator)
    for name, args in [
        ("audit:events", ()),
        ("audit:events_export", ()),
        ("audit:case", (case.code,)),
        ("audit:case_export", (case.code,)),
    ]:
        status, content = _get(client, name, *args)
        assert status == 200
        assert SECRET not in content, name
        # By their labels: the measure's text and a field the models do not know, humanised.
        assert "Measure" in content and "Description" in content, name
        if name.endswith("_export"):
            assert "investigation.description" in content, name  # the codes beside them
            assert "measure.description" in content, name
        else:
            assert "investigation.description" not in content, name
            assert "measure.description" not in content, name


def test_rows_show_time_who_event_number_address_and_fields(
    client: Client, world: World, case: Incident
) -> None:
    _english(client, world.dpo)
    client.get(reverse("incidents:case", args=[case.code]), REMOTE_ADDR="198.51.100.23")
    status, page = _get(client, "audit:case", case.code)
    assert status == 200
    assert "Case read" in page  # a label, not the kind
    assert "198.51.100.23" in page
    assert str(world.dpo) in page
    assert "Receipt confirmed" in page  # the label of the case's own events
    assert case.display_number in page


def test_the_filters(client: Client, world: World, case: Incident) -> None:
    other = flow.registered(world)
    _english(client, world.dpo)
    client.get(reverse("incidents:case", args=[other.code]))

    _status, page = _get(client, "audit:events", diary_number=case.display_number.lower())
    assert case.display_number in page and other.display_number not in page
    _status, page = _get(client, "audit:events", kind="case.viewed")
    assert other.display_number in page and case.display_number not in page
    _status, page = _get(client, "audit:events", person="Samordnar", kind="incident.investigate")
    assert case.display_number in page
    _status, page = _get(client, "audit:events", person="Ombudsson", kind="incident.investigate")
    assert case.display_number not in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    _status, page = _get(client, "audit:events", start=tomorrow)
    assert "No events match." in page
    today = timezone.localdate().isoformat()
    _status, page = _get(client, "audit:events", start=today, end=today)
    assert case.display_number in page
    status, page = _get(client, "audit:events", start=tomorrow, end=today)
    assert status == 400 and "before its start" in page


def test_the_logins_of_the_controllers_people_are_in_its_trail(
    client: Client, world: World, school_dpo: User
) -> None:
    with transaction.atomic():
        audit_record(kind="auth.login", actor=world.registrar, data={"method": "password"})
        audit_record(kind="auth.login", actor=world.school_registrar, data={})
    login(client, world.dpo)
    _status, page = _get(client, "audit:events", kind="auth.login")
    assert str(world.registrar) in page and str(world.school_registrar) not in page
    login(client, school_dpo)
    _status, page = _get(client, "audit:events", kind="auth.login")
    assert str(world.school_registrar) in page and str(world.registrar) not in page


def test_the_trail_is_paginated(client: Client, world: World, case: Incident) -> None:
    with transaction.atomic():
        for number in range(60):
            audit_record(kind="test.many", actor=None, incident=case, data={"n": number})
    _english(client, world.dpo)
    _status, first = _get(client, "audit:case", case.code)
    assert "Page 1 of 2" in first
    _status, second = _get(client, "audit:case", case.code, page="2")
    assert "Page 2 of 2" in second


# Reading the trail is audited ---------------------------------------------------------------


def test_reading_and_exporting_the_trail_are_recorded(
    client: Client, world: World, case: Incident
) -> None:
    _english(client, world.administrator)
    _get(client, "audit:events", kind="case.viewed", person="Ombudsson")
    viewed = AuditEvent.objects.filter(kind="audit.viewed").latest("seq")
    assert (viewed.actor, viewed.controller, viewed.incident) == (
        world.administrator,
        world.social,
        None,
    )
    assert viewed.data["filters"] == {
        "controller": str(world.social.code),
        "kind": "case.viewed",
        "person": "Ombudsson",
    }
    _get(client, "audit:case_export", case.code)
    exported = AuditEvent.objects.filter(kind="audit.exported").latest("seq")
    assert (exported.incident, exported.controller) == (case, world.social)
    # The trail of the case shows its reads, the case's timeline does not.
    _status, trail = _get(client, "audit:case", case.code)
    assert "Audit trail exported" in trail


# CSV ----------------------------------------------------------------------------------------


def test_the_csv_is_semicolons_utf8_with_bom_swedish_time_and_no_formulas(
    client: Client, world: World, case: Incident
) -> None:
    world.coordinator.first_name = "=HYPERLINK(1)"
    world.coordinator.save(update_fields=["first_name"])
    _english(client, world.dpo)
    response: Any = client.get(reverse("audit:case_export", args=[case.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="breachdesk-audit-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Time;Who;User name;Event;Event code;Diary number;Address;Fields;Field codes;"
        "Sequence number"
    )
    rows = [line.split(";") for line in lines[1:]]
    investigate = next(row for row in rows if row[4] == "incident.investigate")
    assert investigate[1] == "'=HYPERLINK(1) Samordnarsson"
    assert investigate[2] == "coordinator"
    assert investigate[3] == "Investigation recorded"
    assert investigate[5] == case.display_number
    assert investigate[7] == "Description"
    assert investigate[8] == "investigation.description"
    event = AuditEvent.objects.get(kind="incident.investigate")
    assert investigate[9] == str(event.seq)
    assert investigate[0] == event.at.astimezone(timezone.get_default_timezone()).isoformat(
        timespec="seconds"
    )
    assert investigate[0].endswith(("+01:00", "+02:00"))
    assert SECRET not in raw.decode("utf-8-sig")
