"""Count again every figure the managers' reports keep, or check them against a recount."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contactcenter.reports import services, upkeep


class Command(BaseCommand):
    help = ("Count again the managers' figures (complaints, satisfaction answers, calls, "
            "chats and counter visits) from the data, e.g. after loading data in bulk; with "
            "--check, only compare the complaints' kept figures with a recount.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true",
                            help="write nothing; fail when the kept figures differ")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["check"]:
            kept, recounted = upkeep.stored_figures(), upkeep.recounted_figures()
            differing = [key for key in kept.keys() | recounted.keys()
                         if not upkeep.same_measures(kept.get(key), recounted.get(key))]
            if differing:
                raise CommandError(f"{len(differing)} rows of figures differ from a recount, "
                                   f"e.g. {sorted(differing)[0]}; run rebuild_figures.")
            self.stdout.write(self.style.SUCCESS(
                f"The complaints' figures ({len(kept)} rows) equal a recount "
                f"({time.monotonic() - started:.1f} s)."))
            return
        services.rebuild_all_figures()
        self.stdout.write(self.style.SUCCESS(
            f"Figures counted again in {time.monotonic() - started:.1f} s."))
