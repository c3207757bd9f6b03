"""What the incidents app announces to the apps above it (`breachdesk.lib.events`).

Each event is published inside the transaction of the change: the alerts app subscribes to tell
the people concerned (docs/messages.md), the documents app to keep the case file
(docs/case-file.md).
"""

from dataclasses import dataclass
from datetime import datetime

from breachdesk.accounts.models import User
from breachdesk.incidents.models import ImyNotification, Incident


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
class IncidentAcknowledged:
    """The case officer confirmed receipt: the registrar who registered it is told."""

    incident: Incident
    actor: User
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


# What goes into the case file (a registered document each; the documents app registers them).


@dataclass(frozen=True, kw_only=True)
class CaseRegistered:
    """The report was registered in the diary: the report is the case's first document."""

    incident: Incident
    actor: User
    at: datetime


@dataclass(frozen=True, kw_only=True)
class ImyNotified:
    """IMY was notified, or the notification supplemented (the recorded row)."""

    incident: Incident
    notification: ImyNotification
    actor: User
    at: datetime


@dataclass(frozen=True, kw_only=True)
class SubjectsInformed:
    """The people affected were informed (GDPR art. 34)."""

    incident: Incident
    actor: User
    at: datetime


@dataclass(frozen=True, kw_only=True)
class CaseDecided:
    """The decision-maker took the internal decision."""

    incident: Incident
    actor: User
    at: datetime


@dataclass(frozen=True, kw_only=True)
class ImyAnswered:
    """IMY's answer (a letter or a decision) was recorded."""

    incident: Incident
    actor: User
    at: datetime
