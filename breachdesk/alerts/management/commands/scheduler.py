"""Run the scheduler: reminders, escalations and the e-mails of alerts."""

import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from breachdesk.alerts.scheduler import scheduler_loop, scheduler_tick


class Command(BaseCommand):
    help = (
        "Plan the 72-hour reminders, escalations and measure reminders, and send the e-mails "
        "that are due: in a loop, or once with --once (for cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run once and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between runs in the loop (default SCHEDULER_INTERVAL, 60).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            tick = scheduler_tick()
            self.stdout.write(
                f"{tick.planned} planned, {tick.delivery.sent} sent, "
                f"{tick.delivery.retrying} to retry, {tick.delivery.failed} failed, "
                f"{tick.delivery.resent} sent again after an unconfirmed sending."
            )
            return
        interval = options["interval"] or settings.SCHEDULER_INTERVAL
        if interval <= 0:
            self.stderr.write("The interval must be a positive number of seconds.")
            raise SystemExit(2)
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        scheduler_loop(interval=interval, stop=stop)
