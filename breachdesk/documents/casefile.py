"""The case file: every document of a case registered, numbered in the case (docs/case-file.md).

The steps that make a document (the registration of the report, the notification to IMY and
each supplement, the information to the people affected, the internal decision, IMY's answer)
announce themselves as events of the incidents app; the handlers here register the document
in the same transaction, linked to the version produced for it when there is one. An incoming
document is registered by hand with its file (casefile_incoming.py).

Titles are written in the installation's language (LANGUAGE_CODE) as the diary keeps them;
they name what the document is, never who it is about.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from breachdesk.accounts.models import User
from breachdesk.audit.services import audit_record
from breachdesk.documents.models import (
    Direction,
    Document,
    DocumentKind,
    RegisteredDocument,
    RegisteredKind,
)
from breachdesk.incidents.events import (
    CaseDecided,
    CaseRegistered,
    ImyAnswered,
    ImyNotified,
    SubjectsInformed,
)
from breachdesk.incidents.models import Incident, NotificationKind
from breachdesk.lib.deadlines import STOCKHOLM, swedish_day
from breachdesk.lib.events import event_subscribe

REGISTERED = "document.registered"


def document_register(
    *,
    incident: Incident,
    kind: str,
    direction: str,
    dated: date,
    title: str,
    counterpart: str,
    actor: User,
    document: Document | None = None,
    file: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> RegisteredDocument:
    """Register a document of `incident` with the case's next number (no gaps: the case's row
    is locked while the number is taken)."""
    now = now or timezone.now()
    with transaction.atomic():
        Incident.objects.select_for_update().filter(pk=incident.pk).values_list("pk").get()
        last = RegisteredDocument.objects.filter(incident=incident).aggregate(Max("number"))
        registered = RegisteredDocument.objects.create(
            incident=incident,
            number=(last["number__max"] or 0) + 1,
            kind=kind,
            direction=direction,
            dated=dated,
            title=title[:300],
            counterpart=counterpart[:200],
            document=document,
            registered_at=now,
            registered_by=actor,
            **(file or {}),
        )
        audit_record(
            kind=REGISTERED,
            actor=actor,
            incident=incident,
            data={
                "about": f"{registered.number}. {registered.title}",
                "number": registered.number,
                "kind": kind,
                "direction": direction,
            },
            at=now,
        )
    return registered


def _latest(incident: Incident, kind: str) -> Document | None:
    """The newest version produced of `kind` for the case, if any: the one that was sent."""
    return Document.objects.filter(incident=incident, kind=kind).order_by("-version").first()


def _in_language(text: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


IMY = "Integritetsskyddsmyndigheten (IMY)"


def on_registered(event: CaseRegistered) -> None:
    incident = event.incident
    reporter = incident.reporter_name
    document_register(
        incident=incident,
        kind=RegisteredKind.REPORT,
        direction=Direction.IN,
        dated=swedish_day(incident.reported_at),
        title=_in_language(_("Report of a personal data incident")),
        counterpart=reporter,
        actor=event.actor,
        now=event.at,
    )


def on_notified(event: ImyNotified) -> None:
    supplement = event.notification.kind == NotificationKind.SUPPLEMENT
    kind = RegisteredKind.IMY_SUPPLEMENT if supplement else RegisteredKind.IMY_NOTIFICATION
    title = (
        _("Supplement to the notification of a personal data incident")
        if supplement
        else _("Notification of a personal data incident")
    )
    document_register(
        incident=event.incident,
        kind=kind,
        direction=Direction.OUT,
        dated=swedish_day(event.notification.made_at),
        title=_in_language(title),
        counterpart=IMY,
        actor=event.actor,
        document=_latest(
            event.incident,
            DocumentKind.IMY_SUPPLEMENT if supplement else DocumentKind.IMY_NOTIFICATION,
        ),
        now=event.at,
    )


def on_informed(event: SubjectsInformed) -> None:
    incident = event.incident
    informed = incident.subjects_informed_at or event.at
    document_register(
        incident=incident,
        kind=RegisteredKind.SUBJECTS_LETTER,
        direction=Direction.OUT,
        dated=swedish_day(informed),
        title=_in_language(_("Information to the people affected by a personal data incident")),
        counterpart=_in_language(_("The people affected")),
        actor=event.actor,
        document=_latest(incident, DocumentKind.SUBJECTS_LETTER),
        now=event.at,
    )


def on_decided(event: CaseDecided) -> None:
    incident = event.incident
    document_register(
        incident=incident,
        kind=RegisteredKind.DECISION,
        direction=Direction.INTERNAL,
        dated=incident.decided_on or swedish_day(event.at),
        title=_in_language(_("Decision on a personal data incident")),
        counterpart=event.actor.get_full_name() or event.actor.username,
        actor=event.actor,
        document=_latest(incident, DocumentKind.DECISION),
        now=event.at,
    )


def on_answered(event: ImyAnswered) -> None:
    incident = event.incident
    outcome = incident.get_imy_answer_outcome_display() if incident.imy_answer_outcome else ""
    title = _in_language(_("Answer from IMY"))
    if outcome:
        title = f"{title}: {_in_language(outcome)}"
    document_register(
        incident=incident,
        kind=RegisteredKind.IMY_ANSWER,
        direction=Direction.IN,
        dated=incident.imy_answer_on or swedish_day(event.at),
        title=title,
        counterpart=IMY,
        actor=event.actor,
        now=event.at,
    )


def casefile_subscribe() -> None:
    """Keep the case file as the steps of a case are taken (DocumentsConfig.ready())."""
    event_subscribe(CaseRegistered, on_registered)
    event_subscribe(ImyNotified, on_notified)
    event_subscribe(SubjectsInformed, on_informed)
    event_subscribe(CaseDecided, on_decided)
    event_subscribe(ImyAnswered, on_answered)


# Reading the case file -----------------------------------------------------------------------


def case_file(*, incident: Incident) -> list[RegisteredDocument]:
    """The registered documents of `incident` in number order, without their files' content."""
    return list(
        RegisteredDocument.objects.filter(incident=incident)
        .defer("content")
        .select_related("registered_by", "document")
        .order_by("number")
    )


NEUTRAL_TITLE = "Personuppgiftsincident"


@dataclass(frozen=True)
class PublicDocument:
    number: int
    dated: date
    direction: str
    title: str


@dataclass(frozen=True)
class PublicEntry:
    """What anyone may be shown of a case: nothing that identifies a person (docs/case-file.md).

    The title of the case is neutral; a document is named by its kind, never by its own title
    or its sender or recipient (an incoming document's title is free text); a protected case
    shows its secrecy mark instead of the documents' kinds."""

    diary_number: str
    registered_on: date | None
    title: str
    unit: str
    protected: bool
    documents: tuple[PublicDocument, ...]


def public_entry(*, incident: Incident, documents: list[RegisteredDocument]) -> PublicEntry:
    secret = _("Secret under OSL")
    return PublicEntry(
        diary_number=incident.diary_number or "",
        registered_on=swedish_day(incident.registered_at) if incident.registered_at else None,
        title=NEUTRAL_TITLE,
        unit=incident.unit.name,
        protected=incident.protected,
        documents=tuple(
            PublicDocument(
                number=item.number,
                dated=item.dated,
                direction=item.get_direction_display(),
                title=str(secret) if incident.protected else item.get_kind_display(),
            )
            for item in documents
        ),
    )


def public_entries(*, controller_id: int, start: date, end: date) -> Iterator[PublicEntry]:
    """The public entries of the cases of a controller registered from `start` to `end`
    (Swedish days), oldest first, in the diary's order."""
    begin = datetime.combine(start, time.min, STOCKHOLM)
    stop = datetime.combine(end, time.max, STOCKHOLM)
    cases = (
        Incident.objects.filter(
            controller_id=controller_id, registered_at__gte=begin, registered_at__lte=stop
        )
        .select_related("unit")
        .order_by("registered_at", "pk")
    )
    for chunk in _chunks(cases.iterator(chunk_size=500), 500):
        files: dict[int, list[RegisteredDocument]] = {}
        for item in (
            RegisteredDocument.objects.filter(incident__in=[case.pk for case in chunk])
            .only("incident_id", "number", "dated", "direction", "kind")
            .order_by("incident_id", "number")
        ):
            files.setdefault(item.incident_id, []).append(item)
        for case in chunk:
            yield public_entry(incident=case, documents=files.get(case.pk, []))


def _chunks(items: Iterator[Incident], size: int) -> Iterator[list[Incident]]:
    while chunk := list(islice(items, size)):
        yield chunk
