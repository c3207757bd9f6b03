"""What the incidents app announces to the apps above it (`breachdesk.lib.events`).

Each event is published inside the transaction of the change; the alerts app subscribes to
tell the people concerned (docs/messages.md).
"""

from dataclasses import dataclass
from datetime import datetime

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident


@dataclass(frozen=True, kw_only=True)
class IncidentReported:
    """A report was sent: the registrars are to register it, the reporter gets a receipt."""

    incident: Incident
    reporter: User
    at: datetime


@dataclass(frozen=True, kw_only=True)
class IncidentAssigned:
    """A registered case was assigned to its case officer (perhaps standing in)."""

    incident: Incident
    assignee: User
    stand_in: bool
    at: datetime


@dataclass(frozen=True, kw_only=True)
class DecisionSentToDpo:
    """The internal decision was recorded as sent to the data protection officer."""

    incident: Incident
    at: datetime


@dataclass(frozen=True, kw_only=True)
class SupervisionOpened:
    """IMY's answer says it opened supervision of the case."""

    incident: Incident
    at: datetime
