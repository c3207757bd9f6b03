"""Check the audit chain from the first event to the head."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from breachdesk.audit.chain import GENESIS, event_hash
from breachdesk.audit.models import AuditChainHead, AuditEvent
from breachdesk.lib.deadlines import STOCKHOLM

CHUNK_SIZE = 2000

_FIELDS = (
    "seq",
    "id",
    "at",
    "actor_id",
    "kind",
    "controller_id",
    "incident_id",
    "data",
    "address",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class ChainProblem:
    """The first place where the chain does not hold."""

    reason: str  # "altered", "missing", "tail", "head"
    seq: int
    event_id: int | None = None
    at: datetime | None = None
    kind: str = ""

    def describe(self) -> str:
        if self.reason == "altered":
            when = self.at.astimezone(STOCKHOLM).isoformat() if self.at is not None else ""
            return _(
                "event seq %(seq)s (id %(id)s, %(at)s, %(kind)s) was altered: its hash does not "
                "match its contents or the link the next event recorded"
            ) % {"seq": self.seq, "id": self.event_id, "at": when, "kind": self.kind}
        if self.reason == "missing":
            return _("event seq %(seq)s is missing") % {"seq": self.seq}
        if self.reason == "tail":
            return _("events after seq %(seq)s are missing: the chain head records more") % {
                "seq": self.seq
            }
        return _("the chain head is missing or does not match event seq %(seq)s") % {
            "seq": self.seq
        }


@dataclass(frozen=True)
class ChainReport:
    events: int
    last_hash: str
    problem: ChainProblem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def audit_chain_verify(*, chunk_size: int = CHUNK_SIZE) -> ChainReport:
    """Recompute every event's hash in sequence order, check each link, the sequence's
    contiguity and the head; stop at the first problem. Streams the events: constant memory.

    The head is read first, and only events up to it are checked, so events written while the
    check runs are left for the next one.
    """
    head = AuditChainHead.objects.filter(pk=1).first()
    events = AuditEvent.objects.order_by("seq")
    if head is None:
        first = events.values_list("seq", flat=True).first()
        if first is None:
            return ChainReport(events=0, last_hash=GENESIS, problem=None)
        return ChainReport(events=0, last_hash=GENESIS, problem=ChainProblem("head", first))
    expected, previous, prev_of_last = 1, GENESIS, GENESIS
    last: tuple[int, int, datetime, str] | None = None  # seq, id, at, kind
    rows = events.filter(seq__lte=head.seq).values_list(*_FIELDS).iterator(chunk_size=chunk_size)
    for (
        seq,
        pk,
        at,
        actor_id,
        kind,
        controller_id,
        incident_id,
        data,
        address,
        prev,
        stored,
    ) in rows:
        if seq != expected:
            return ChainReport(expected - 1, previous, ChainProblem("missing", expected))
        if prev != previous and last is not None:
            # The previous event's stored hash is not what this one was chained to.
            return ChainReport(last[0] - 1, prev_of_last, ChainProblem("altered", *last))
        computed = event_hash(
            prev_hash=prev,
            seq=seq,
            at=at,
            actor_id=actor_id,
            kind=kind,
            controller_id=controller_id,
            incident_id=incident_id,
            data=data,
            address=address,
        )
        if computed != stored or prev != previous:
            return ChainReport(expected - 1, previous, ChainProblem("altered", seq, pk, at, kind))
        prev_of_last = previous
        expected, previous, last = seq + 1, stored, (seq, pk, at, kind)
    count = expected - 1
    if count < head.seq:
        return ChainReport(count, previous, ChainProblem("tail", count))
    if previous != head.hash:
        if last is not None:
            return ChainReport(count - 1, prev_of_last, ChainProblem("altered", *last))
        return ChainReport(count, previous, ChainProblem("head", count))
    return ChainReport(count, previous, None)
