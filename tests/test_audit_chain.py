"""The audit trail's hash chains (one per controller, one for events of no controller):
written in sequence, verified by audit_verify, append-only on PostgreSQL even for a role a
careless DBA granted UPDATE and DELETE. Chains of different controllers, and reads, are in
tests/test_audit_chain_controllers.py."""

import io
import itertools
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import translation

from breachdesk.audit.chain import GENESIS, event_hash
from breachdesk.audit.models import AuditChainHead, AuditEvent
from breachdesk.audit.services import audit_record
from breachdesk.audit.verify import audit_chain_verify
from tests.conftest import World
from tests.threads import at_the_same_moment

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and triggers exist only on PostgreSQL"
)


def _record(kind: str = "test.event", **fields: Any) -> AuditEvent:
    with transaction.atomic():
        return audit_record(kind=kind, actor=None, **fields)


def _verify() -> str:
    with translation.override("en"):
        out = io.StringIO()
        call_command("audit_verify", stdout=out)
        return str(out.getvalue())


def _broken() -> str:
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("audit_verify")
    assert caught.value.returncode != 0
    return str(caught.value)


def _recomputed(event: AuditEvent) -> str:
    return event_hash(
        prev_hash=event.prev_hash,
        chain=event.chain,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        kind=event.kind,
        controller_id=event.controller_id,
        incident_id=event.incident_id,
        data=event.data,
        address=event.address,
    )


def _raw(sql: str, params: list[Any]) -> None:
    """Change audit rows behind the application's back, as someone with the database could:
    on PostgreSQL as the superuser, with the triggers off for the session."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def chain(world: World) -> list[AuditEvent]:
    """Ten events (after those the world wrote), awkward data included."""
    for number in range(10):
        _record(
            incident=None,
            controller=world.social,
            data={
                "n": number,
                "float": 1e20,
                "half": 0.5,
                "tiny": 1.5e-10,
                "whole": 2.0,
                "money": Decimal("12.50"),
                "when": datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC),
                "text": "Åsa Öberg – “citat” \u00e9",
                "nested": {"b": [1, {"z": None, "a": True}], "a": "x"},
            },
        )
    return list(AuditEvent.objects.filter(chain=world.social.pk).order_by("seq"))


def test_events_are_numbered_from_one_and_chained(chain: list[AuditEvent], world: World) -> None:
    assert [event.seq for event in chain] == list(range(1, len(chain) + 1))
    assert {event.chain for event in chain} == {world.social.pk}
    assert chain[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(chain):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get(chain=world.social.pk)
    assert (head.seq, head.hash) == (chain[-1].seq, chain[-1].hash)


def test_the_hash_covers_the_chain(chain: list[AuditEvent], world: World) -> None:
    # The same event copied into another chain, at the same place, does not verify there.
    event = chain[0]
    event.chain = world.school.pk
    assert _recomputed(event) != chain[0].hash


def test_the_hash_of_what_is_read_back_is_the_hash_written(chain: list[AuditEvent]) -> None:
    # What the database gives back (jsonb on PostgreSQL, text on SQLite) hashes the same.
    for event in chain:
        assert _recomputed(event) == event.hash
    stored = chain[-1].data
    assert stored["float"] == 10**20 and stored["whole"] == 2 and stored["half"] == 0.5
    assert stored["money"] == "12.50"
    assert stored["when"] == "2026-03-01T12:00:00.123Z"


def test_data_is_stored_as_it_is_read_back(world: World) -> None:
    event = _record(data={"b": 1.0, "a": [Decimal("1.5")]})
    assert event.data == {"a": ["1.5"], "b": 1}
    event.refresh_from_db()
    assert event.data == {"a": ["1.5"], "b": 1}


def test_an_intact_chain_passes(chain: list[AuditEvent]) -> None:
    output = _verify()
    assert f"Audit trail intact: {len(chain)} events in 1 chains." in output
    assert (
        f"The chain of controller {chain[0].chain} (Socialnämnden i Testby): "
        f"{len(chain)} events, last hash {chain[-1].hash}"
    ) in output


def test_an_empty_trail_is_intact(db: None) -> None:
    assert not AuditEvent.objects.exists()
    assert audit_chain_verify().intact
    assert "Audit trail intact: 0 events in 0 chains." in _verify()


def test_a_row_edited_in_the_database_is_named(chain: list[AuditEvent]) -> None:
    target = chain[4]
    _raw(
        "UPDATE audit_auditevent SET kind = %s WHERE id = %s",
        ["incident.close", target.pk],
    )
    message = _broken()
    assert f"event seq {target.seq} (id {target.pk}," in message
    assert "incident.close" in message
    assert (
        f"broken in the chain of controller {target.chain} (Socialnämnden i Testby) "
        f"after {target.seq - 1} intact events"
    ) in message


def test_an_edited_row_whose_hash_was_recomputed_is_named_by_the_next_link(
    chain: list[AuditEvent],
) -> None:
    target = chain[3]
    target.data = {"changed": True}
    forged = _recomputed(target)
    _raw(
        "UPDATE audit_auditevent SET data = %s, hash = %s WHERE id = %s",
        ['{"changed": true}', forged, target.pk],
    )
    message = _broken()
    assert f"event seq {target.seq} (id {target.pk}," in message


def test_an_edited_time_is_found(chain: list[AuditEvent]) -> None:
    target = chain[2]
    _raw(
        "UPDATE audit_auditevent SET at = %s WHERE id = %s",
        [datetime(2020, 1, 1, tzinfo=UTC), target.pk],
    )
    assert f"event seq {target.seq} (id {target.pk}," in _broken()


def test_a_deleted_middle_row_names_the_missing_sequence_number(
    chain: list[AuditEvent],
) -> None:
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [chain[5].pk])
    message = _broken()
    assert f"event seq {chain[5].seq} is missing" in message


def test_deleted_tail_rows_are_found_against_the_head(chain: list[AuditEvent]) -> None:
    _raw(
        "DELETE FROM audit_auditevent WHERE chain = %s AND seq > %s",
        [chain[0].chain, chain[-3].seq],
    )
    message = _broken()
    assert f"events after seq {chain[-3].seq} are missing" in message


def test_a_new_chain_is_not_started_when_the_head_was_removed(
    chain: list[AuditEvent], world: World
) -> None:
    _raw("DELETE FROM audit_auditchainhead WHERE chain = %s", [world.social.pk])
    assert "the chain has events from seq 1 on but no chain head" in _broken()
    with pytest.raises(RuntimeError, match=r"head of audit chain .* is missing"):
        _record(controller=world.social)
    # Other chains go on.
    assert _record(controller=world.school).seq == 1


def test_a_head_without_events_is_named(db: None) -> None:
    _raw(
        "INSERT INTO audit_auditchainhead (chain, seq, hash) VALUES (%s, %s, %s)",
        [999_999, 3, GENESIS],
    )
    message = _broken()
    assert "the chain of controller 999999 (?)" in message
    assert "the chain head records seq 3 but the chain has no events" in message


def test_an_event_after_the_head_is_named(chain: list[AuditEvent], world: World) -> None:
    # The head set back one event, as if the last event were slipped in after it.
    _raw(
        "UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE chain = %s",
        [chain[-2].seq, chain[-2].hash, world.social.pk],
    )
    assert f"event seq {chain[-1].seq} comes after the chain head" in _broken()


def test_chain_holds_across_many_writes_and_rolled_back_ones(world: World) -> None:
    for number in range(200):
        if number % 7 == 0:
            with pytest.raises(RuntimeError), transaction.atomic():
                audit_record(kind="test.rolled_back", actor=None)
                raise RuntimeError
        _record(data={"n": number})
    report = audit_chain_verify()
    assert report.intact
    assert report.events == AuditEvent.objects.count()
    assert not AuditEvent.objects.filter(kind="test.rolled_back").exists()


def test_verify_streams_in_chunks(chain: list[AuditEvent]) -> None:
    report = audit_chain_verify(chunk_size=3)
    assert report.intact and report.events == len(chain)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_one_gapless_chain() -> None:
    """Threads, each with its own connection, write at the same moment."""
    threads_count, per_thread = 8, 15

    def work(number: int) -> None:
        for item in range(per_thread):
            _record(data={"thread": number, "item": item})

    errors = at_the_same_moment(work, threads_count)
    assert errors == []
    total = threads_count * per_thread
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, total + 1)
    )
    report = audit_chain_verify()
    assert report.intact and report.events == total


# PostgreSQL: the trigger and the grants ------------------------------------------------------


@pytest.fixture
def careless_role(transactional_db: None) -> Iterator[tuple[str, str]]:
    """A fresh role that is not a superuser, granted far too much on the audit table."""
    name = f"audit_test_{secrets.token_hex(6)}"
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password])
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_auditevent TO {name}")
    try:
        yield name, password
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")
            cursor.execute(f"DROP ROLE {name}")


@on_postgresql
def test_update_and_delete_of_audit_rows_fail_even_when_granted(
    careless_role: tuple[str, str],
) -> None:
    import psycopg

    _record(data={"n": 1})
    event = AuditEvent.objects.get()
    name, password = careless_role
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=name,
        password=password,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        autocommit=True,
    ) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (name,)
        for statement in (
            "UPDATE audit_auditevent SET kind = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement, [event.pk])
        # Nor can it switch the triggers off, or empty the table.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SET session_replication_role = replica")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE audit_auditevent")
    event.refresh_from_db()
    assert event.kind == "test.event"
    assert audit_chain_verify().intact


@on_postgresql
@pytest.mark.django_db
def test_the_head_only_moves_forward_on_postgresql() -> None:
    from django.db import DatabaseError

    _record()
    with pytest.raises(DatabaseError, match="only moves one event forward"), transaction.atomic():
        AuditChainHead.objects.update(seq=0)
    with pytest.raises(DatabaseError, match="only moves one event forward"), transaction.atomic():
        AuditChainHead.objects.all().delete()
    with pytest.raises(DatabaseError, match="only moves one event forward"), transaction.atomic():
        AuditChainHead.objects.update(chain=5)
    with pytest.raises(DatabaseError, match="starts at seq 0"), transaction.atomic():
        AuditChainHead.objects.create(chain=9, seq=4, hash=GENESIS)
