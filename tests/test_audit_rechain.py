"""Migration audit/0007: the one chain of before, re-chained into one chain per controller;
refused when the one chain is broken, unless told to go on (then the break is kept)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from breachdesk.audit.chain import GENESIS, NO_CONTROLLER, single_chain_event_hash
from breachdesk.audit.models import AuditChainHead, AuditEvent
from breachdesk.audit.verify import audit_chain_verify
from tests.conftest import World

BEFORE = [("audit", "0005_append_only")]
HALFWAY = [("audit", "0006_chain_per_controller")]
AFTER = [("audit", "0008_chain_seq_unique")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db: None) -> Iterator[Any]:
    """The database at 0005 (one chain), and back at the newest migration afterwards."""
    apps = _migrate(BEFORE)
    try:
        yield apps
    finally:
        _migrate(AFTER)


def _write_one_chain(apps: Any, controllers: list[int | None]) -> list[tuple[int, str]]:
    """Events as audit_record() wrote them before, one chain for all; their (pk, hash)."""
    events = apps.get_model("audit", "AuditEvent").objects
    heads = apps.get_model("audit", "AuditChainHead").objects
    head = heads.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})[0]
    written = []
    for number, controller_id in enumerate(controllers):
        fields: dict[str, Any] = {
            "at": timezone.now(),
            "actor_id": None,
            "kind": "test.event",
            "controller_id": controller_id,
            "incident_id": None,
            "data": {"n": number},
            "address": "192.0.2.1",
        }
        seq = head.seq + 1
        digest = single_chain_event_hash(prev_hash=head.hash, seq=seq, **fields)
        event = events.create(seq=seq, prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])  # one forward, as 0005's trigger allows
        written.append((event.pk, digest))
    return written


def test_the_one_chain_is_rechained_per_controller(before: Any, world: World) -> None:
    social, school = world.social.pk, world.school.pk
    plan = [social, None, school, social, social, None, school]
    written = _write_one_chain(before, plan)

    _migrate(AFTER)

    by_pk = AuditEvent.objects.in_bulk([pk for pk, _hash in written])
    for chain in (social, school, NO_CONTROLLER):
        mine = [
            by_pk[pk]
            for (pk, _hash), wanted in zip(written, plan, strict=True)
            if wanted == (chain or None)
        ]
        # In the order they were written, numbered from 1 in their own chain.
        assert [(e.chain, e.seq) for e in mine] == [(chain, n) for n in range(1, len(mine) + 1)]
        assert mine[0].prev_hash == GENESIS
    rechained = AuditEvent.objects.get(kind="audit.rechained")
    assert (rechained.chain, rechained.seq) == (NO_CONTROLLER, 3)
    # The one chain's last hash, recorded outside before, leads to the new chains.
    assert rechained.data == {
        "events": 7,
        "chains": 3,
        "single_chain_seq": 7,
        "single_chain_hash": written[-1][1],
    }
    assert dict(AuditChainHead.objects.values_list("chain", "seq")) == {
        social: 3,
        school: 2,
        NO_CONTROLLER: 3,
    }
    report = audit_chain_verify()
    assert report.intact and report.events == 8


def test_a_broken_one_chain_is_not_rechained(
    before: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _write_one_chain(before, [world.social.pk, None, world.school.pk])
    events = before.get_model("audit", "AuditEvent").objects
    # Altered behind the application's back (on PostgreSQL as the superuser, triggers off).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE audit_auditevent SET kind = 'x' WHERE id = %s", [written[1][0]])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    assert events.get(pk=written[1][0]).kind == "x"

    with pytest.raises(RuntimeError, match=r"audit chain is broken \(event seq 2 .*altered"):
        _migrate(AFTER)
    # Nothing was re-chained: 0007 was rolled back as a whole.
    half = _migrate(HALFWAY)
    old_hashes = set(half.get_model("audit", "AuditEvent").objects.values_list("hash", flat=True))
    assert old_hashes == {digest for _pk, digest in written}

    monkeypatch.setenv("AUDIT_RECHAIN_ACCEPT_BROKEN", "true")
    _migrate(AFTER)
    rechained = AuditEvent.objects.get(kind="audit.rechained")
    assert rechained.data["single_chain_problem"].startswith("event seq 2 ")
    # Re-chained, the altered event verifies: the break is kept in that event instead.
    assert audit_chain_verify().intact
