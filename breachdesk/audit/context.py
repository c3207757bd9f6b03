"""The request an audit event is recorded in: its client address (STUB, to be completed)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    token = _address.set(request.META.get("REMOTE_ADDR"))
    try:
        yield
    finally:
        _address.reset(token)


def current_address() -> str | None:
    return _address.get()
