"""The request an audit event is recorded in: its client address.

The middleware sets it for every request; audit_record() reads it, so services need not pass
the request down. Without proxies the address is REMOTE_ADDR. Behind PROXY_COUNT = n trusted
proxies it is the n-th entry from the right of X-Forwarded-For: the address the outermost
trusted proxy saw. Entries further left were written by the client and prove nothing.
"""

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


def valid_address(value: str | None) -> str | None:
    """`value` as a normalised IP address, or None when it is not one."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id is not None:
            return None  # a zone ("fe80::1%eth0") means nothing outside the host
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
    return str(address)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, as far as the trusted proxies know."""
    count = int(getattr(settings, "PROXY_COUNT", 0) or 0)
    if count <= 0:
        return valid_address(request.META.get("REMOTE_ADDR"))
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        # Not through all the proxies: nothing says where it came from.
        return None
    return valid_address(forwarded[-count])


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    """Record audit events made while the block runs with `request`'s client address."""
    token = _address.set(client_address(request))
    try:
        yield
    finally:
        _address.reset(token)


def current_address() -> str | None:
    """The client address of the request being answered, or None outside a request."""
    return _address.get()
