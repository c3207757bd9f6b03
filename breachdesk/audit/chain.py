"""The hash chain of audit events: each event's hash covers the previous event's hash and the
event's own canonical form, so changing, removing or reordering an event breaks the chain.

Pure functions, shared by audit_record() (which writes), audit_verify (which checks) and the
migration that chained the events written before the chain existed. Changing anything here
changes every hash: never do it without a migration that re-chains (and a note why).
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

# The prev_hash of the first event.
GENESIS = "0" * 64


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


def event_hash(
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
    """The hex SHA-256 of `prev_hash` followed by the event's canonical JSON."""
    payload = json.dumps(
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
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()
