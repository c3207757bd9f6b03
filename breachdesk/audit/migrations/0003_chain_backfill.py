"""Chain the events written before the chain existed, in the order they were written (pk)."""

from typing import Any

from django.db import migrations

from breachdesk.audit.chain import GENESIS, normalise_data
from breachdesk.audit.chain import single_chain_event_hash as event_hash

BATCH = 1000


def chain(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    alias = schema_editor.connection.alias
    events = event_model.objects.using(alias)
    seq, last = 0, GENESIS
    batch = []
    for event in events.order_by("pk").iterator(chunk_size=BATCH):
        seq += 1
        # Stored as it is read back, so that the hash of what is stored is the hash computed.
        event.data = normalise_data(event.data if isinstance(event.data, dict) else {})
        event.seq, event.prev_hash = seq, last
        event.hash = last = event_hash(
            prev_hash=last,
            seq=seq,
            at=event.at,
            actor_id=event.actor_id,
            kind=event.kind,
            controller_id=event.controller_id,
            incident_id=event.incident_id,
            data=event.data,
            address=event.address,
        )
        batch.append(event)
        if len(batch) >= BATCH:
            events.bulk_update(batch, ["seq", "prev_hash", "hash", "data"])
            batch = []
    if batch:
        events.bulk_update(batch, ["seq", "prev_hash", "hash", "data"])
    head_model.objects.using(alias).update_or_create(pk=1, defaults={"seq": seq, "hash": last})


def unchain(apps: Any, schema_editor: Any) -> None:
    apps.get_model("audit", "AuditChainHead").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_fields")]

    operations = [migrations.RunPython(chain, unchain)]
