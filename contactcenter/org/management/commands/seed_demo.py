"""Load the demo data set: organisation, staff, complaint categories, customers, complaints
and service levels."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from contactcenter.org import demo
from sla import demo as sla_demo
from tickets import demo as tickets_demo


class Command(BaseCommand):
    help = ("Create or update the demo data set (deterministic: running it again changes "
            "nothing).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=demo.DEFAULT_PERSONS,
                            help="insured persons and pensioners (default %(default)s)")
        parser.add_argument("--employers", type=int, default=demo.DEFAULT_EMPLOYERS,
                            help="employers (default %(default)s)")
        parser.add_argument("--complaints", type=int, default=tickets_demo.DEFAULT_COUNT,
                            help="demo complaints, opened once (default %(default)s)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the organisation is already loaded")
        parser.add_argument("--watch-deadlines", action="store_true",
                            help="only open again the callback requests close to their "
                                 "deadlines, to watch the SLA board change")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["watch_deadlines"]:
            self._watch()
            return
        if options["if_empty"] and demo.demo_exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        started = time.monotonic()
        try:
            summary = demo.seed_demo(persons=options["persons"],
                                     employers=options["employers"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        complaints = tickets_demo.seed_complaints(count=options["complaints"])
        sla_demo.seed_service_levels()
        if complaints:
            complaints += len(sla_demo.watch_deadlines(now=timezone.now()))
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready in {time.monotonic() - started:.1f} s: "
            f"{summary.regions} regions, {summary.agencies} agencies, "
            f"{summary.directions} headquarters units, {summary.queues} queues, "
            f"{summary.agents} agents, {summary.categories} complaint categories, "
            f"{summary.employers} employers, {summary.persons} insured persons and "
            f"pensioners, {summary.dependants} dependants, {summary.employments} employment "
            f"periods, {summary.contact_points} contact points, {complaints} new complaints."))
        logins = ", ".join(f"{username} ({label})" for label, username in demo.DEMO_LOGINS)
        self.stdout.write(f"Sign in as {logins}; password {demo.DEMO_PASSWORD}")

    def _watch(self) -> None:
        sla_demo.seed_service_levels()
        opened = sla_demo.watch_deadlines(now=timezone.now())
        if not opened:
            raise CommandError("Load the demo data first (seed_demo).")
        self.stdout.write(self.style.SUCCESS(
            "Callback requests close to their deadlines: "
            + ", ".join(ticket.reference for ticket in opened)
            + ". On the SLA board (/sla/board/), the first turns at risk in about two "
              "minutes; the others breach in about four and ten minutes."))
