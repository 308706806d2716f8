"""`manage.py run`: the quick start's server.

Migrates, loads the demo data when the database is empty, starts the background jobs
in-process (when no Celery broker is configured), and serves the ASGI app with daphne
(`contactcenter.serve`, as in production).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load the demo data if needed, and serve the app with daphne."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true",
                            help="Do not load the demo data into an empty database.")

    def handle(self, *args: Any, host: str, port: int, no_demo: bool, **options: Any) -> None:
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo:
            call_command("seed_demo", if_empty=True)

        runner = None
        if settings.BACKGROUND_MODE == "in-process":
            # Only the quick start runs jobs in a thread of the server.
            from contactcenter.background import InProcessRunner

            runner = InProcessRunner()
            runner.start()

        self.print_welcome(host, port, demo=not no_demo)
        # The server's module (daphne, Twisted) only when serving, not for --help.
        from contactcenter import serve

        try:
            serve.main(["--bind", host, "--port", str(port), "contactcenter.asgi:application"])
        finally:
            if runner is not None:
                runner.stop()

    def print_welcome(self, host: str, port: int, *, demo: bool) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"  Contact centre running at http://{host}:{port}/"))
        database = "embedded PostgreSQL in var/" if not settings.DATABASE_URL else "DATABASE_URL"
        out.write(f"  database: {database}; background jobs: {settings.BACKGROUND_MODE}; "
                  f"SMS: {settings.SMS_GATEWAY}")
        if demo:
            # Only when the demo data is loaded.
            from contactcenter.org.demo import DEMO_LOGINS, DEMO_PASSWORD

            out.write(f"  Demo logins (password: {DEMO_PASSWORD}):")
            for role, username in DEMO_LOGINS:
                out.write(f"    {username:<14} {role}")
        out.write("  Stop with Ctrl+C.")
        out.write("")
