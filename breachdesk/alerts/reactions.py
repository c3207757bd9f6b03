"""The alerts raised on what the incidents app announces (`breachdesk.incidents.events`).

Each handler runs inside the transaction of the change, so a change that rolls back tells
nobody. Subscribed in `AlertsConfig.ready()`.
"""

from breachdesk.alerts.models import AlertKind
from breachdesk.alerts.recipients import dpos_of, registrars_of
from breachdesk.alerts.services import alert_raise
from breachdesk.incidents.events import (
    DecisionSentToDpo,
    IncidentAcknowledged,
    IncidentAssigned,
    IncidentReported,
    SupervisionOpened,
)
from breachdesk.lib.events import event_subscribe


def on_reported(event: IncidentReported) -> None:
    """The registrars over the unit are to register it; the reporter gets a receipt."""
    incident, now = event.incident, event.at
    alert_raise(
        kind=AlertKind.REPORT_NEW,
        incident=incident,
        recipients=registrars_of(incident=incident),
        now=now,
    )
    alert_raise(
        kind=AlertKind.REPORT_RECEIPT, incident=incident, recipients=[event.reporter], now=now
    )


def on_assigned(event: IncidentAssigned) -> None:
    """The case officer learns of the case, and whether they stand in for someone."""
    alert_raise(
        kind=AlertKind.ASSIGNED,
        incident=event.incident,
        recipients=[event.assignee],
        now=event.at,
        data={"stand_in": event.stand_in},
    )


def on_acknowledged(event: IncidentAcknowledged) -> None:
    """The registrar who registered the case learns that its case officer has received it."""
    registrar = event.incident.registered_by
    if registrar is None or not registrar.is_active or registrar.pk == event.actor.pk:
        return
    alert_raise(
        kind=AlertKind.ACKNOWLEDGED,
        incident=event.incident,
        recipients=[registrar],
        now=event.at,
        data={"officer": event.actor.get_full_name() or event.actor.username},
    )


def on_decision_sent(event: DecisionSentToDpo) -> None:
    """The data protection officers over the unit receive the decision."""
    alert_raise(
        kind=AlertKind.DECISION,
        incident=event.incident,
        recipients=dpos_of(incident=event.incident),
        now=event.at,
    )


def on_supervision(event: SupervisionOpened) -> None:
    """The data protection officers are told that IMY opened supervision."""
    alert_raise(
        kind=AlertKind.SUPERVISION,
        incident=event.incident,
        recipients=dpos_of(incident=event.incident),
        now=event.at,
    )


def reactions_subscribe() -> None:
    """Subscribe the handlers above (called once from the app's ready())."""
    event_subscribe(IncidentReported, on_reported)
    event_subscribe(IncidentAssigned, on_assigned)
    event_subscribe(IncidentAcknowledged, on_acknowledged)
    event_subscribe(DecisionSentToDpo, on_decision_sent)
    event_subscribe(SupervisionOpened, on_supervision)
