"""The scheduler: plans the clocks' messages and sends the e-mails that are due.

`breachdesk scheduler` runs it in a loop (beside the web server: `breachdesk serve` starts
both); `breachdesk scheduler --once` runs it once, for cron. Any number may run at the same
time against one PostgreSQL database: planning is idempotent and each e-mail is claimed by one.
"""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from breachdesk.alerts.mail import Delivery, mail_deliver
from breachdesk.alerts.schedule import alerts_plan

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tick:
    planned: int
    delivery: Delivery


# A run sends batch after batch while more are due, for at most this many seconds, so that a
# backlog drains without one run reaching into the next minute's.
DELIVERY_SECONDS = 45


def scheduler_tick(*, now: datetime | None = None, stop: threading.Event | None = None) -> Tick:
    """Plan the messages due at `now`, then send the e-mails due (until `stop` is set)."""
    now = now or timezone.now()
    planned = alerts_plan(now=now)
    delivery = Delivery()
    started = time.monotonic()
    while True:
        delivery.add(mail_deliver(now=timezone.now(), stop=stop))
        stopping = stop is not None and stop.is_set()
        if stopping or not delivery.more or time.monotonic() - started > DELIVERY_SECONDS:
            return Tick(planned=planned, delivery=delivery)


def scheduler_loop(*, interval: float, stop: threading.Event) -> None:
    """Tick every `interval` seconds until `stop` is set; a failing tick (the database or the
    mail server is away) is logged and the loop goes on."""
    logger.info("Scheduler started: every %s seconds.", interval)
    while not stop.is_set():
        close_old_connections()
        try:
            tick = scheduler_tick(stop=stop)
        except Exception:
            logger.exception("Scheduler run failed; trying again in %s seconds.", interval)
        else:
            if tick.planned or tick.delivery.sent or tick.delivery.retrying:
                logger.info(
                    "Scheduler: %s planned, %s sent, %s to retry, %s failed.",
                    tick.planned,
                    tick.delivery.sent,
                    tick.delivery.retrying,
                    tick.delivery.failed,
                )
        stop.wait(interval)
    logger.info("Scheduler stopped.")
