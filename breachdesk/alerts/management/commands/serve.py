"""Run the web server and the scheduler beside it, and stop both together."""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Start Breachdesk: the web server (Django's development server when DEBUG is true, "
        "else gunicorn) and the scheduler that sends reminders and e-mail. Ctrl-C stops both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "address", nargs="?", default="127.0.0.1:8000", help="host:port to listen on."
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn worker processes (DEBUG false)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"]
        command = [sys.executable, "-m", "breachdesk"]
        if settings.DEBUG:
            web = [*command, "runserver", address, "--noreload"]
        else:
            web = [
                sys.executable,
                "-m",
                "gunicorn",
                "breachdesk.wsgi",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
            ]
        environment = dict(os.environ)
        children = {
            "scheduler": subprocess.Popen([*command, "scheduler"], env=environment),  # noqa: S603
            "web server": subprocess.Popen(web, env=environment),  # noqa: S603
        }
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = 0
        try:
            while not stopping:
                ended = [name for name, child in children.items() if child.poll() is not None]
                if ended:
                    code = children[ended[0]].returncode or 1
                    self.stderr.write(f"The {ended[0]} stopped (exit {code}); stopping.")
                    break
                time.sleep(0.5)
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            for child in children.values():
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        if code:
            raise SystemExit(code)
