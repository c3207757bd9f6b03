"""The hash chains of audit events: each event's hash covers the previous event's hash in its
chain and the event's own canonical form, so changing, removing, reordering or moving an event
between chains breaks a chain.

There is one chain per controller and one for the events of no controller (logins,
installation-wide administration): `chain_of()`. Writers of different controllers never wait
for one another (audit.services).

Pure functions, shared by audit_record() (which writes), audit_verify (which checks) and the
migrations that chained the events written before. Changing anything here changes every hash:
never do it without a migration that re-chains (and a note why), as 0007_rechain_per_controller
did when the one chain became one per controller.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

# The prev_hash of the first event of every chain.
GENESIS = "0" * 64

# The chain of the events that belong to no controller. Controllers' keys start at 1.
NO_CONTROLLER = 0


def chain_of(controller_id: int | None) -> int:
    """The chain an event of `controller_id` (None: no controller) belongs to."""
    return NO_CONTROLLER if controller_id is None else int(controller_id)


def _plain(value: Any) -> Any:
    # A float with an integral value is stored as an integer: PostgreSQL's jsonb gives 1e20
    # back as 100000000000000000000, and an integer stays exactly what it was on both
    # databases. Other floats survive the round trip through jsonb's numeric unchanged.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def normalise_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """`data` as it will be read back from the database: plain JSON (dates, decimals, UUIDs
    as DjangoJSONEncoder writes them), integral floats as integers."""
    text = json.dumps(data or {}, cls=DjangoJSONEncoder, allow_nan=False)
    plain: dict[str, Any] = _plain(json.loads(text))
    return plain


def canonical_time(at: datetime) -> str:
    """`at` in UTC, ISO 8601 with microseconds."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _digest(prev_hash: str, items: list[Any]) -> str:
    payload = json.dumps(
        items, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def event_hash(
    *,
    prev_hash: str,
    chain: int,
    seq: int,
    at: datetime,
    actor_id: int | None,
    kind: str,
    controller_id: int | None,
    incident_id: int | None,
    data: Any,
    address: str | None,
) -> str:
    """The hex SHA-256 of `prev_hash` followed by the event's canonical JSON, its chain first:
    an event copied or moved into another chain does not verify there."""
    return _digest(
        prev_hash,
        [
            chain,
            seq,
            canonical_time(at),
            actor_id,
            kind,
            controller_id,
            incident_id,
            _plain(data),
            address,
        ],
    )


def single_chain_event_hash(
    *,
    prev_hash: str,
    seq: int,
    at: datetime,
    actor_id: int | None,
    kind: str,
    controller_id: int | None,
    incident_id: int | None,
    data: Any,
    address: str | None,
) -> str:
    """The hash of the one installation-wide chain that came before the chains per
    controller. Only the migrations use it: 0003 chained with it, and 0007 verifies that
    chain with it before re-chaining, so that re-chaining cannot launder an altered event."""
    return _digest(
        prev_hash,
        [
            seq,
            canonical_time(at),
            actor_id,
            kind,
            controller_id,
            incident_id,
            _plain(data),
            address,
        ],
    )
