"""Re-chain every event into its controller's chain (chain 0: events of no controller).

The events are taken in the order of the one chain they were in (by key: audit_record() took
the key and the sequence number under the same lock, so both orders agree), in batches, so the
table may be large; each chain gets the next `seq`, links to its previous event and is hashed
with the chain in the payload (audit.chain.event_hash). One head row per chain replaces the one
row of before.

Re-chaining rewrites every hash, so it could launder an event altered before: the one chain is
verified in the same pass (its hashes, links, numbers and head) and the migration stops at the
first problem, naming it. An installation whose chain is known to be broken (events removed by
a gallring decision, say) sets AUDIT_RECHAIN_ACCEPT_BROKEN=true to go on; the problem is then
kept in the event that records the re-chaining. That event (`audit.rechained`, chain 0) holds
the one chain's last seq and hash, so a hash recorded outside the database before the
migration still leads to the new chains.

On PostgreSQL the append-only trigger of 0005 is switched off for the rewrite and on again in
the same transaction: the migration runs as the tables' owner, never as the application.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone

from breachdesk.audit.chain import (
    GENESIS,
    chain_of,
    event_hash,
    normalise_data,
    single_chain_event_hash,
)
from breachdesk.lib.env import env_bool

BATCH = 1000
RECHAINED = "audit.rechained"
_FIELDS = ["chain", "seq", "prev_hash", "hash"]


def _trigger(schema_editor: Any, state: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE audit_auditevent {state} TRIGGER audit_event_append_only", None
        )


def _batches(events: Any) -> Any:
    """The events in key order, BATCH at a time, by key (not a cursor kept open over the
    table being updated, which SQLite would not isolate)."""
    last = 0
    while True:
        batch = list(events.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _fields(event: Any) -> dict[str, Any]:
    return {
        "at": event.at,
        "actor_id": event.actor_id,
        "kind": event.kind,
        "controller_id": event.controller_id,
        "incident_id": event.incident_id,
        "data": event.data,
        "address": event.address,
    }


class _SingleChain:
    """Checks the one chain event by event, as audit_verify did; keeps the first problem."""

    def __init__(self) -> None:
        self.seq, self.hash = 0, GENESIS
        self.problem = ""

    def take(self, event: Any) -> None:
        if not self.problem:
            if event.seq != self.seq + 1:
                self.problem = f"event seq {self.seq + 1} is missing (found {event.seq})"
            elif event.prev_hash != self.hash:
                self.problem = f"event seq {self.seq} (or its link in seq {event.seq}) altered"
            elif event.hash != single_chain_event_hash(
                prev_hash=event.prev_hash, seq=event.seq, **_fields(event)
            ):
                self.problem = f"event seq {event.seq} (id {event.pk}) altered"
        self.seq, self.hash = event.seq, event.hash

    def end(self, head: Any) -> None:
        if self.problem:
            return
        if head is None:
            if self.seq:
                self.problem = "the chain head is missing"
        elif (head.seq, head.hash) != (self.seq, self.hash):
            self.problem = (
                f"the chain ends at seq {self.seq}, its head records seq {head.seq}: "
                "events were removed or altered"
            )


def rechain(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    events = apps.get_model("audit", "AuditEvent").objects.using(alias)
    heads_table = apps.get_model("audit", "AuditChainHead").objects.using(alias)
    old_head = heads_table.first()  # the one row of before (0006 renamed its key)
    single = _SingleChain()
    heads: dict[int, tuple[int, str]] = {}
    _trigger(schema_editor, "DISABLE")
    for batch in _batches(events):
        for event in batch:
            single.take(event)
            chain = chain_of(event.controller_id)
            seq, prev = heads.get(chain, (0, GENESIS))
            event.chain, event.seq, event.prev_hash = chain, seq + 1, prev
            event.hash = event_hash(prev_hash=prev, chain=chain, seq=seq + 1, **_fields(event))
            heads[chain] = (event.seq, event.hash)
        events.bulk_update(batch, _FIELDS)
    _trigger(schema_editor, "ENABLE")
    single.end(old_head)
    if single.problem and not env_bool("AUDIT_RECHAIN_ACCEPT_BROKEN"):
        raise RuntimeError(
            f"The audit chain is broken ({single.problem}); re-chaining would hide it. Run "
            "`breachdesk audit_verify` on the version before, and set "
            "AUDIT_RECHAIN_ACCEPT_BROKEN=true only if the break is known and recorded."
        )
    heads_table.all().delete()
    if single.seq or single.problem:
        data = {"events": single.seq, "chains": len(heads), "single_chain_seq": single.seq}
        data["single_chain_hash"] = single.hash
        if single.problem:
            data["single_chain_problem"] = single.problem
        _append_rechained(events, heads, normalise_data(data))
    heads_table.bulk_create(
        [heads_table.model(chain=chain, seq=seq, hash=last) for chain, (seq, last) in heads.items()]
    )


def _append_rechained(events: Any, heads: dict[int, tuple[int, str]], data: Any) -> None:
    """The event that records the re-chaining, the next of chain 0 (after the trigger is back:
    an insert leaves deferred foreign-key checks pending, and ALTER TABLE refuses them)."""
    seq, prev = heads.get(0, (0, GENESIS))
    event = events.model(chain=0, seq=seq + 1, at=timezone.now(), kind=RECHAINED, data=data)
    event.prev_hash = prev
    event.hash = event_hash(prev_hash=prev, chain=0, seq=seq + 1, **_fields(event))
    event.save(force_insert=True, using=events.db)
    heads[0] = (event.seq, event.hash)


def unchain(apps: Any, schema_editor: Any) -> None:
    """Back to one chain, in key order, hashed as before."""
    alias = schema_editor.connection.alias
    events = apps.get_model("audit", "AuditEvent").objects.using(alias)
    heads_table = apps.get_model("audit", "AuditChainHead").objects.using(alias)
    seq, last = 0, GENESIS
    _trigger(schema_editor, "DISABLE")
    for batch in _batches(events):
        for event in batch:
            seq += 1
            event.chain, event.seq, event.prev_hash = 0, seq, last
            event.hash = last = single_chain_event_hash(prev_hash=last, seq=seq, **_fields(event))
        events.bulk_update(batch, _FIELDS)
    _trigger(schema_editor, "ENABLE")
    heads_table.all().delete()
    # 0006 going back makes this key the `id` of the one row.
    heads_table.create(chain=1, seq=seq, hash=last)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_chain_per_controller")]

    operations = [migrations.RunPython(rechain, unchain)]
