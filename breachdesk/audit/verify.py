"""Check every audit chain from its first event to its head."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from breachdesk.audit.chain import GENESIS, NO_CONTROLLER, chain_of, event_hash
from breachdesk.audit.models import AuditChainHead, AuditEvent
from breachdesk.lib.deadlines import STOCKHOLM

CHUNK_SIZE = 2000

_FIELDS = (
    "chain",
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


def chain_names(chains: Iterable[int]) -> dict[int, str]:
    """Each chain as a person reads it: its controller, or the events of none."""
    wanted = set(chains)
    # The controllers' names, through the event's foreign key: this app imports no other.
    model: Any = AuditEvent._meta.get_field("controller").related_model
    controllers = model._default_manager.in_bulk(wanted - {NO_CONTROLLER})
    names = {}
    for chain in wanted:
        if chain == NO_CONTROLLER:
            names[chain] = _("the chain of events of no controller")
        else:
            name = str(controllers[chain]) if chain in controllers else "?"
            names[chain] = _("the chain of controller %(id)s (%(name)s)") % {
                "id": chain,
                "name": name,
            }
    return names


@dataclass(frozen=True)
class ChainProblem:
    """The first place where one chain does not hold."""

    # "altered", "missing", "tail", "head", "no_head" (events but no head row), "no_events"
    # (a head that records events, none found), "beyond" (an event after its chain's head)
    reason: str
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
        if self.reason == "no_head":
            return _("the chain has events from seq %(seq)s on but no chain head") % {
                "seq": self.seq
            }
        if self.reason == "beyond":
            return _("event seq %(seq)s comes after the chain head") % {"seq": self.seq}
        if self.reason == "no_events":
            return _("the chain head records seq %(seq)s but the chain has no events") % {
                "seq": self.seq
            }
        return _("the chain head is missing or does not match event seq %(seq)s") % {
            "seq": self.seq
        }


@dataclass(frozen=True)
class ChainResult:
    """One chain: how many events hold from its start, its last intact hash, its problem."""

    chain: int
    events: int
    last_hash: str
    problem: ChainProblem | None
    beyond: int = 0  # the last seq found after the head (0: none)


@dataclass(frozen=True)
class ChainReport:
    chains: list[ChainResult]  # by chain

    @property
    def events(self) -> int:
        return sum(result.events for result in self.chains)

    @property
    def broken(self) -> list[ChainResult]:
        return [result for result in self.chains if result.problem is not None]

    @property
    def problem(self) -> ChainProblem | None:
        """The first problem, of the lowest broken chain."""
        broken = self.broken
        return broken[0].problem if broken else None

    @property
    def intact(self) -> bool:
        return not self.broken


class _ChainCheck:
    """Walks one chain's events in `seq` order and stops at the first problem."""

    def __init__(self, chain: int, head: tuple[int, str] | None) -> None:
        self.chain, self.head = chain, head
        self.expected, self.previous, self.prev_of_last = 1, GENESIS, GENESIS
        self.last: tuple[int, int, datetime, str] | None = None  # seq, id, at, kind
        self.beyond = 0
        self.result: ChainResult | None = None

    def _stop(self, events: int, last_hash: str, problem: ChainProblem) -> None:
        self.result = ChainResult(self.chain, events, last_hash, problem)

    def take(self, row: tuple[Any, ...]) -> None:
        if self.result is not None:
            return
        (_chain, seq, pk, at, actor_id, kind, controller_id, incident_id, data, address) = row[:10]
        prev, stored = row[10], row[11]
        if self.head is None:
            self._stop(0, GENESIS, ChainProblem("no_head", seq))
            return
        if seq > self.head[0]:
            self.beyond = seq  # written after the head was read, or forged: see the caller
            return
        if seq != self.expected:
            self._stop(self.expected - 1, self.previous, ChainProblem("missing", self.expected))
            return
        if prev != self.previous and self.last is not None:
            # The previous event's stored hash is not what this one was chained to.
            self._stop(self.last[0] - 1, self.prev_of_last, ChainProblem("altered", *self.last))
            return
        computed = event_hash(
            prev_hash=prev,
            chain=self.chain,
            seq=seq,
            at=at,
            actor_id=actor_id,
            kind=kind,
            controller_id=controller_id,
            incident_id=incident_id,
            data=data,
            address=address,
        )
        moved = chain_of(controller_id) != self.chain
        if computed != stored or prev != self.previous or moved:
            problem = ChainProblem("altered", seq, pk, at, kind)
            self._stop(self.expected - 1, self.previous, problem)
            return
        self.prev_of_last = self.previous
        self.expected, self.previous, self.last = seq + 1, stored, (seq, pk, at, kind)

    def finish(self) -> ChainResult:
        if self.result is not None:
            return self.result
        if self.head is None:  # unreachable: a chain without a head stops at its first event
            return ChainResult(self.chain, 0, GENESIS, ChainProblem("no_head", 1))
        count = self.expected - 1
        head_seq, head_hash = self.head
        if count < head_seq:
            return ChainResult(self.chain, count, self.previous, ChainProblem("tail", count))
        if self.previous != head_hash:
            if self.last is not None:
                problem = ChainProblem("altered", *self.last)
                return ChainResult(self.chain, count - 1, self.prev_of_last, problem)
            return ChainResult(self.chain, count, self.previous, ChainProblem("head", count))
        return ChainResult(self.chain, count, self.previous, None, self.beyond)


def _chains(
    rows: Iterator[tuple[Any, ...]], heads: dict[int, tuple[int, str]]
) -> Iterator[ChainResult]:
    check: _ChainCheck | None = None
    for row in rows:
        if check is None or row[0] != check.chain:
            if check is not None:
                yield check.finish()
            check = _ChainCheck(row[0], heads.pop(row[0], None))
        check.take(row)
    if check is not None:
        yield check.finish()


def _settled(result: ChainResult) -> ChainResult | None:
    """`result` once what was written while the check ran is set aside: a chain started
    meanwhile is left for the next check (None), and events after the head read at the start
    are only a problem if the head does not reach them now either."""
    problem = result.problem
    started = AuditChainHead.objects.filter(chain=result.chain)
    if problem is not None and problem.reason == "no_head" and started.exists():
        return None
    if problem is None and result.beyond:
        head_seq = (
            AuditChainHead.objects.filter(chain=result.chain).values_list("seq", flat=True).first()
        )
        if head_seq is None or head_seq < result.beyond:
            return ChainResult(
                result.chain, result.events, result.last_hash, ChainProblem("beyond", result.beyond)
            )
    return result


def audit_chain_verify(*, chunk_size: int = CHUNK_SIZE) -> ChainReport:
    """Prove every chain: recompute each event's hash in `seq` order, check each link, the
    numbering and the chain's head; each chain stops at its first problem. A head that
    records events none of which is found, events without a head and events after their
    head are problems too. One pass over the events in (chain, seq) order, streamed: memory
    grows with the number of chains (controllers), never with the events.

    The heads are read first, and only events up to its head are checked in each chain, so
    events written while the check runs are left for the next one; so is a chain whose first
    event was written meanwhile.
    """
    heads = {
        chain: (seq, last)
        for chain, seq, last in AuditChainHead.objects.values_list("chain", "seq", "hash")
    }
    rows = AuditEvent.objects.order_by("chain", "seq").values_list(*_FIELDS)
    results = [
        settled
        for result in _chains(rows.iterator(chunk_size=chunk_size), heads)
        if (settled := _settled(result)) is not None
    ]
    for chain, (seq, _last) in heads.items():  # the heads no event was found for
        # A head at 0 is a chain with nothing written yet: nothing to miss.
        problem = ChainProblem("no_events", seq) if seq else None
        results.append(ChainResult(chain, 0, GENESIS, problem))
    results.sort(key=lambda result: result.chain)
    return ChainReport(results)
