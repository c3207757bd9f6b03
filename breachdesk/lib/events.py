"""Domain events: a lower app announces what happened, a higher app reacts in the same
transaction.

The incidents app must not know who is told of a change (that is the alerts app's concern, and
alerts sits above incidents). So a service publishes a small frozen dataclass describing what
happened, inside its `transaction.atomic()` block, and every handler subscribed to that type runs
at once, synchronously, in the same transaction: a change that rolls back tells nobody, and a
handler that fails rolls the change back. Handlers are subscribed in the reacting app's
`AppConfig.ready()`. This is not a queue and not Django's signals: there is one call path,
typed, and nothing is deferred.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

Event = TypeVar("Event")

_handlers: defaultdict[type[Any], list[Callable[[Any], None]]] = defaultdict(list)


def event_subscribe(event_type: type[Event], handler: Callable[[Event], None]) -> None:
    """Run `handler` on every published event of `event_type` (once, however often called)."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def event_publish(event: object) -> None:
    """Run every handler of `event`'s type now, in the caller's transaction."""
    for handler in _handlers[type(event)]:
        handler(event)
