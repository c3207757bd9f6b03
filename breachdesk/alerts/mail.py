"""The outbox: sending the alerts' e-mails through Django's mail backend (SMTP in production).

Delivery is at-least-once (docs/messages.md):

1. A scheduler claims a row in its own committed transaction with a conditional UPDATE
   (pending → sending, with a fresh claim token). Under PostgreSQL's row locks, and SQLite's
   single writer, exactly one of several concurrent schedulers wins each row.
2. It sends the e-mail, then records it as sent under its claim token.
3. A crash between 2's sending and its recording leaves the row "sending". After
   MAIL_CLAIM_SECONDS any scheduler claims it again and sends it again, with the same
   Message-ID, and logs a warning: a reminder of the 72 hours is never lost, and the rare
   double is visible (the same Message-ID; the row's attempts and error say it).
"""

import logging
import smtplib
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from breachdesk.alerts.messages import describe
from breachdesk.alerts.models import Alert, AlertKind, MailState
from breachdesk.alerts.schedule import latest_reminder_point
from breachdesk.incidents.workflow import State, clock_runs
from breachdesk.lib.site import site_host, site_link

logger = logging.getLogger(__name__)

RESENT = "resent: an earlier sending was not confirmed"
UNCONFIRMED_GIVEN_UP = "given up: no sending was ever confirmed"


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    resent: int = 0
    skipped: int = 0
    # The batch was full: more e-mails may be due.
    more: bool = False

    def add(self, other: "Delivery") -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.resent += other.resent
        self.skipped += other.skipped
        self.more = other.more


def message_id(alert: Alert) -> str:
    """The same Message-ID on every attempt, so that a re-sent e-mail is seen as the same."""
    return f"<alert.{alert.pk}.{alert.created_at:%Y%m%d%H%M%S}@{site_host()}>"


def mail_compose(alert: Alert, *, connection: BaseEmailBackend | None = None) -> EmailMessage:
    """The e-mail of `alert`, in its recipient's e-mail language."""
    recipient = alert.recipient
    with translation.override(recipient.mail_language):
        message = describe(alert)
        body = render_to_string(
            "alerts/mail/message.txt",
            {
                "recipient": recipient,
                "message": message,
                "link": site_link(message.path),
                "settings_link": site_link(reverse("accounts:mail_settings")),
            },
        )
    return EmailMessage(
        subject=message.subject,
        body=body,
        to=[formataddr((str(recipient), recipient.email))],
        headers={
            "Message-ID": message_id(alert),
            # RFC 3834: an automatic message; out-of-office replies are not wanted.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "Content-Language": recipient.mail_language,
        },
        connection=connection,
    )


def still_current(alert: Alert, *, now: datetime) -> bool:
    """Whether the e-mail of `alert` still says something true when it goes out.

    An e-mail that waited (the scheduler was stopped, the server was away) is dropped when
    the report was registered, the clock stopped or moved, a later reminder point replaced
    it, or the measure was done, moved or given to someone else in the meantime. The message
    stays in the application.
    """
    incident = alert.incident
    if alert.kind == AlertKind.REPORT_NEW:
        return incident.state == State.REPORTED
    if alert.kind in (AlertKind.DEADLINE_REMINDER, AlertKind.DEADLINE_PASSED):
        if not clock_runs(incident) or incident.imy_due_at != alert.deadline:
            return False
        if alert.kind == AlertKind.DEADLINE_PASSED:
            return True
        return bool(latest_reminder_point(incident, now=now) == alert.data.get("hours"))
    if alert.kind in (AlertKind.MEASURE_DUE, AlertKind.MEASURE_OVERDUE):
        measure = alert.measure
        return (
            measure is not None
            and measure.done_on is None
            and measure.responsible_id == alert.recipient_id
            and measure.due_on is not None
            and measure.due_on.isoformat() == alert.data.get("due_on")
        )
    return True


def _claim(pk: int) -> tuple[str, bool] | None:
    """Claim row `pk` for sending; return the claim token and whether an earlier sending was
    left unconfirmed, or None when another scheduler has it (or it is done).

    The claim's time is the moment of the claim, not of the batch: a row claimed late in a
    long batch must not look stale to another scheduler while it is being sent.
    """
    token = uuid.uuid4().hex
    claimed_at = timezone.now()
    stale = claimed_at - timedelta(seconds=settings.MAIL_CLAIM_SECONDS)
    claim = {
        "mail_state": MailState.SENDING,
        "mail_claim": token,
        "mail_claimed_at": claimed_at,
        "mail_attempts": F("mail_attempts") + 1,
    }
    with transaction.atomic():
        if Alert.objects.filter(pk=pk, mail_state=MailState.PENDING).update(**claim):
            return token, False
        if Alert.objects.filter(
            pk=pk, mail_state=MailState.SENDING, mail_claimed_at__lt=stale
        ).update(**claim):
            return token, True
    return None


def _record(pk: int, token: str, **changes: object) -> bool:
    with transaction.atomic():
        return bool(Alert.objects.filter(pk=pk, mail_claim=token).update(**changes))


def _retry_at(attempts: int, now: datetime) -> datetime:
    # 2, 4, 8 ... minutes, at most six hours.
    return now + timedelta(minutes=min(2**attempts, 360))


def _after_failure(alert: Alert, token: str, error: Exception, *, now: datetime) -> str:
    permanent = isinstance(error, smtplib.SMTPRecipientsRefused) or not isinstance(
        error, smtplib.SMTPException | OSError
    )
    text = f"{type(error).__name__}: {error}"[:500]
    if permanent or alert.mail_attempts >= settings.MAIL_MAX_ATTEMPTS:
        _record(alert.pk, token, mail_state=MailState.FAILED, mail_error=text)
        logger.error("E-mail of alert %s to %s failed: %s", alert.pk, alert.recipient_id, text)
        return MailState.FAILED
    _record(
        alert.pk,
        token,
        mail_state=MailState.PENDING,
        mail_next_at=_retry_at(alert.mail_attempts, now),
        mail_error=text,
    )
    logger.warning("E-mail of alert %s will be retried: %s", alert.pk, text)
    return MailState.PENDING


def mail_due(*, now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.MAIL_CLAIM_SECONDS)
    return Q(mail_state=MailState.PENDING, mail_next_at__lte=now) | Q(
        mail_state=MailState.SENDING, mail_claimed_at__lt=stale
    )


# E-mails sent over one connection in one batch.
BATCH = 200


def mail_deliver(
    *,
    now: datetime | None = None,
    limit: int | None = None,
    stop: threading.Event | None = None,
) -> Delivery:
    """Send up to `limit` e-mails that are due, over one connection; return what happened.

    A connection failure (the server is down) ends the batch: the rest wait for the next run.
    A set `stop` ends it between two e-mails, so that a scheduler asked to stop never leaves
    one half sent.
    """
    now = now or timezone.now()
    limit = limit or BATCH
    result = Delivery()
    pks = list(
        Alert.objects.filter(mail_due(now=now))
        .order_by("mail_next_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not pks:
        return result
    connection = get_connection(fail_silently=False)
    opened = False
    try:
        for pk in pks:
            if stop is not None and stop.is_set():
                return result
            claimed = _claim(pk)
            if claimed is None:
                continue
            token, unconfirmed = claimed
            alert = Alert.objects.select_related(
                "recipient", "incident", "incident__controller", "measure"
            ).get(pk=pk)
            if unconfirmed and alert.mail_attempts > settings.MAIL_MAX_ATTEMPTS:
                _record(pk, token, mail_state=MailState.FAILED, mail_error=UNCONFIRMED_GIVEN_UP)
                logger.error("E-mail of alert %s: %s", pk, UNCONFIRMED_GIVEN_UP)
                result.failed += 1
                continue
            if not still_current(alert, now=timezone.now()):
                _record(pk, token, mail_state=MailState.SKIPPED)
                result.skipped += 1
                continue
            if unconfirmed:
                result.resent += 1
                logger.warning(
                    "E-mail of alert %s: an earlier sending was never confirmed (the "
                    "scheduler stopped between sending and recording it); sending it again "
                    "with the same Message-ID.",
                    pk,
                )
            try:
                message = mail_compose(alert, connection=connection)
                if not opened:
                    # One SMTP session for the batch (Django's send() opens and closes one
                    # per message when the connection is not open already).
                    connection.open()
                    opened = True
                message.send()
            except Exception as error:
                outcome = _after_failure(alert, token, error, now=now)
                if outcome == MailState.FAILED:
                    result.failed += 1
                else:
                    result.retrying += 1
                if isinstance(error, smtplib.SMTPException | OSError) and not isinstance(
                    error, smtplib.SMTPRecipientsRefused
                ):
                    return result  # the server is away: the rest wait for the next run
                continue
            if unconfirmed:
                note = RESENT
            elif alert.mail_error:
                note = f"sent after an earlier failure: {alert.mail_error}"[:500]
            else:
                note = ""
            recorded = _record(
                pk, token, mail_state=MailState.SENT, mail_sent_at=timezone.now(), mail_error=note
            )
            if not recorded:
                logger.warning(
                    "E-mail of alert %s was sent, but another scheduler had claimed it again "
                    "(the sending took longer than MAIL_CLAIM_SECONDS).",
                    pk,
                )
            result.sent += 1
        result.more = len(pks) == limit
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Closing the mail connection failed: %s", error)
    return result
