"""One audit chain per controller: reads of cases in different controllers go in different
chains and do not wait for one another; audit_verify proves every chain and names the chain and
the first broken event of each, reads included."""

import io
import itertools
import threading
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from breachdesk.audit.chain import NO_CONTROLLER
from breachdesk.audit.kinds import CASE_VIEWED
from breachdesk.audit.models import AuditChainHead, AuditEvent
from breachdesk.audit.services import audit_read, audit_record
from breachdesk.audit.verify import audit_chain_verify
from breachdesk.incidents.models import Incident
from breachdesk.incidents.services import incident_report
from tests import flow
from tests.conftest import World, login, report_facts
from tests.threads import at_the_same_moment

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and lock_timeout are PostgreSQL's"
)


def _school_case(world: World) -> Incident:
    return incident_report(reporter=world.school_registrar, facts=report_facts(world.primary))


def _read(user: Any, incident: Incident) -> AuditEvent:
    """A read of the case page, as the case view records it (its own transaction)."""
    request = RequestFactory().get(f"/incidents/{incident.code}/")
    request.user = user
    return audit_read(request, kind=CASE_VIEWED, incident=incident, data={"page": "case"})


def _last_of(chain: int) -> AuditEvent:
    return AuditEvent.objects.filter(chain=chain).latest("seq")


def _broken() -> str:
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("audit_verify")
    assert caught.value.returncode == 2
    return str(caught.value)


def _raw(sql: str, params: list[Any]) -> None:
    """Change audit rows behind the application's back (on PostgreSQL as the superuser, with
    the triggers off for the session), as tests/test_audit_chain.py does."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")


# Chains per controller ------------------------------------------------------------------------


def test_events_of_different_controllers_start_chains_of_their_own(world: World) -> None:
    # No incident yet: the first event of each controller, and the first of no controller.
    with transaction.atomic():
        social = audit_record(kind="test.event", actor=None, controller=world.social)
        school = audit_record(kind="test.event", actor=None, controller=world.school)
        login_event = audit_record(kind="auth.login", actor=world.reporter)
    assert (social.chain, social.seq) == (world.social.pk, 1)
    assert (school.chain, school.seq) == (world.school.pk, 1)
    assert (login_event.chain, login_event.seq) == (NO_CONTROLLER, 1)
    heads = dict(AuditChainHead.objects.values_list("chain", "seq"))
    assert heads == {world.social.pk: 1, world.school.pk: 1, NO_CONTROLLER: 1}
    report = audit_chain_verify()
    assert report.intact and report.events == 3 and len(report.chains) == 3


def test_case_reads_in_two_controllers_go_in_two_chains(client: Client, world: World) -> None:
    social_case, school_case = flow.registered(world), _school_case(world)
    social_before, school_before = _last_of(world.social.pk), _last_of(world.school.pk)

    login(client, world.registrar)
    assert client.get(reverse("incidents:case", args=[social_case.code])).status_code == 200
    login(client, world.school_registrar)
    assert client.get(reverse("incidents:case", args=[school_case.code])).status_code == 200

    social_read = AuditEvent.objects.get(kind=CASE_VIEWED, incident=social_case)
    school_read = AuditEvent.objects.get(kind=CASE_VIEWED, incident=school_case)
    # Each read is the next event of its own controller's chain, linked to that chain's last.
    assert (social_read.chain, social_read.seq) == (world.social.pk, social_before.seq + 1)
    assert social_read.prev_hash == social_before.hash
    assert (school_read.chain, school_read.seq) == (world.school.pk, school_before.seq + 1)
    assert school_read.prev_hash == school_before.hash
    assert audit_chain_verify().intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_several_controllers_get_gapless_chains(world: World) -> None:
    """Threads, each with its own connection, write at the same moment, alternately to two
    controllers and to no controller."""
    targets = itertools.cycle([world.social, world.school, None])
    per_thread, threads_count = 10, 6
    picked = threading.Lock()

    def work(_number: int) -> None:
        with picked:
            controller = next(targets)
        for item in range(per_thread):
            with transaction.atomic():
                audit_record(kind="test.event", actor=None, controller=controller, data={"n": item})

    assert at_the_same_moment(work, threads_count) == []
    for chain in (world.social.pk, world.school.pk, NO_CONTROLLER):
        seqs = list(AuditEvent.objects.filter(chain=chain).order_by("seq").values_list("seq"))
        assert seqs == [(n,) for n in range(1, 2 * per_thread + 1)]
    report = audit_chain_verify()
    assert report.intact and report.events == threads_count * per_thread


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_case_read_does_not_wait_for_a_writer_of_another_controller(world: World) -> None:
    """One thread holds the transaction of a read of a case of Socialnämnden open. A read of a
    case of Bildningsnämnden, with a lock timeout of 2 s, is recorded at once; a read of
    another case of Socialnämnden, with the same timeout, waits for the held one and fails."""
    social_case, other_social_case = flow.registered(world), flow.registered(world)
    school_case = _school_case(world)
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                _read(world.registrar, social_case)
                holding.set()
                release.wait(30)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            school_read = _read(world.school_registrar, school_case)
        assert time.monotonic() - started < 1.5
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            _read(world.registrar, other_social_case)
    finally:
        release.set()
        holder.join(30)
    assert errors == []
    assert school_read.chain == world.school.pk
    # The held read was committed; the one that timed out left nothing.
    assert AuditEvent.objects.filter(kind=CASE_VIEWED, incident=social_case).count() == 1
    assert not AuditEvent.objects.filter(kind=CASE_VIEWED, incident=other_social_case).exists()
    assert audit_chain_verify().intact


# audit_verify over every chain -----------------------------------------------------------------


@pytest.fixture
def reads(client: Client, world: World) -> list[AuditEvent]:
    """Three reads of a case of Socialnämnden and one of a case of Bildningsnämnden, through
    the case page."""
    social_case, school_case = flow.registered(world), _school_case(world)
    login(client, world.registrar)
    for _ in range(3):
        assert client.get(reverse("incidents:case", args=[social_case.code])).status_code == 200
    login(client, world.school_registrar)
    assert client.get(reverse("incidents:case", args=[school_case.code])).status_code == 200
    return list(AuditEvent.objects.filter(kind=CASE_VIEWED).order_by("pk"))


def test_an_edited_read_event_is_named_with_its_chain(reads: list[AuditEvent]) -> None:
    target = reads[1]
    _raw(
        "UPDATE audit_auditevent SET data = %s WHERE id = %s",
        ['{"page": "register"}', target.pk],
    )
    message = _broken()
    assert (
        f"Audit trail broken in the chain of controller {target.chain} (Socialnämnden i Testby) "
        f"after {target.seq - 1} intact events: event seq {target.seq} (id {target.pk},"
    ) in message
    assert "case.viewed) was altered" in message
    # Only that chain is broken: the other controller's is not named.
    assert "Bildningsnämnden" not in message
    report = audit_chain_verify()
    assert [result.chain for result in report.broken] == [target.chain]


def test_a_deleted_read_event_is_named_with_its_chain(reads: list[AuditEvent]) -> None:
    target = reads[1]
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    message = _broken()
    assert (
        f"Audit trail broken in the chain of controller {target.chain} (Socialnämnden i Testby) "
        f"after {target.seq - 1} intact events: event seq {target.seq} is missing."
    ) in message


def test_a_deleted_last_read_event_is_found_against_its_head(
    reads: list[AuditEvent], world: World
) -> None:
    last = reads[-1]  # the read of the case of Bildningsnämnden, the last of its chain
    assert last.chain == world.school.pk
    assert AuditChainHead.objects.get(chain=last.chain).seq == last.seq
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    message = _broken()
    assert (
        f"the chain of controller {last.chain} (Bildningsnämnden i Testby) after "
        f"{last.seq - 1} intact events: events after seq {last.seq - 1} are missing"
    ) in message


def test_every_broken_chain_is_named(reads: list[AuditEvent], world: World) -> None:
    for target in (reads[0], reads[-1]):
        _raw("UPDATE audit_auditevent SET kind = %s WHERE id = %s", ["x", target.pk])
    message = _broken()
    assert "Socialnämnden i Testby" in message and "Bildningsnämnden i Testby" in message
    assert len(message.splitlines()) == 2


def test_the_intact_trail_lists_each_chain(reads: list[AuditEvent], world: World) -> None:
    with translation.override("en"):
        out = io.StringIO()
        call_command("audit_verify", stdout=out)
    lines = out.getvalue().splitlines()
    total = AuditEvent.objects.count()
    # Both controllers, and the logins (no controller).
    assert lines[0] == f"Audit trail intact: {total} events in 3 chains."
    school_last = _last_of(world.school.pk)
    assert (
        f"The chain of controller {world.school.pk} (Bildningsnämnden i Testby): "
        f"{school_last.seq} events, last hash {school_last.hash}"
    ) in lines
