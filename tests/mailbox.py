"""A real SMTP server for the tests (aiosmtpd), and the mailbox of what it received.

`smtp_server` starts one server for the session on a free local port; `mailbox` points
Django's SMTP backend at it for one test and empties it first. Addresses listed in
`Mailbox.refuse` are refused at RCPT with a permanent 550, as a real server refuses an
unknown user.
"""

import email
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    # The client's address and port of each message's SMTP session, in order of arrival.
    peers: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.refuse.clear()
            self.peers.clear()

    def to(self, address: str) -> list[EmailMessage]:
        """The messages received for `address`, in order of arrival."""
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def take(self) -> list[EmailMessage]:
        """Everything received since the last take, and empty the box."""
        with self.lock:
            taken = list(self.messages)
            self.messages.clear()
            return taken


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.box.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        with self.box.lock:
            self.box.messages.append(message)
            self.box.peers.append(tuple(session.peer))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    # aiosmtpd logs each SMTP command at INFO; a failing test's output needs none of it.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    box = Mailbox(port=free_port())
    controller = Controller(_Handler(box), hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_server: Mailbox, settings: Any) -> Mailbox:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.SITE_URL = "https://breachdesk.testby.example"
    smtp_server.clear()
    return smtp_server


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    text = part.get_content()
    assert isinstance(text, str)
    return text
