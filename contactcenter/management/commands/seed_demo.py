"""Load the demo data set: organisation, staff, complaint categories, customers, complaints
and service levels (contactcenter.demo)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contactcenter import demo
from contactcenter.customers.demo import DEFAULT_EMPLOYERS, DEFAULT_PERSONS
from contactcenter.org.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_exists
from tickets.demo import DEFAULT_COUNT
from tickets.demo_history import DEFAULT_HISTORY


class Command(BaseCommand):
    help = ("Create or update the demo data set (deterministic: running it again changes "
            "nothing).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=DEFAULT_PERSONS,
                            help="insured persons and pensioners (default %(default)s)")
        parser.add_argument("--employers", type=int, default=DEFAULT_EMPLOYERS,
                            help="employers (default %(default)s)")
        parser.add_argument("--complaints", type=int, default=DEFAULT_COUNT,
                            help="demo complaints, opened once (default %(default)s)")
        parser.add_argument("--history", type=int, default=DEFAULT_HISTORY,
                            help="complaints of the two years' history, written once "
                                 "(default %(default)s)")
        parser.add_argument("--activity-days", type=int, default=demo.ACTIVITY_DAYS,
                            help="days of calls, chats and counter visits in the history "
                                 "(default %(default)s)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the organisation is already loaded")
        parser.add_argument("--watch-deadlines", action="store_true",
                            help="only open again the callback requests close to their "
                                 "deadlines, to watch the SLA board change")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["watch_deadlines"]:
            self._watch()
            return
        if options["if_empty"] and demo_exists():
            self.stdout.write("Demo data already loaded; nothing to do.")
            return
        started = time.monotonic()
        try:
            summary, complaints = demo.seed_all(persons=options["persons"],
                                                employers=options["employers"],
                                                complaints=options["complaints"],
                                                history=0, activity_days=0)
            history = demo.seed_history_all(history=options["history"],
                                            activity_days=options["activity_days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready in {time.monotonic() - started:.1f} s: "
            f"{summary.regions} regions, {summary.agencies} agencies, "
            f"{summary.directions} headquarters units, {summary.queues} queues, "
            f"{summary.agents} agents, {summary.categories} complaint categories, "
            f"{summary.employers} employers, {summary.persons} insured persons and "
            f"pensioners, {summary.dependants} dependants, {summary.employments} employment "
            f"periods, {summary.contact_points} contact points, {complaints} new complaints."))
        self.stdout.write(
            f"History in {history.seconds:.1f} s: {history.complaints} complaints over two "
            f"years, {history.calls} calls, {history.chats} chats, {history.visits} visits "
            f"at the counters.")
        logins = ", ".join(f"{username} ({label})" for label, username in DEMO_LOGINS)
        self.stdout.write(f"Sign in as {logins}; password {DEMO_PASSWORD}")

    def _watch(self) -> None:
        opened = demo.watch()
        if not opened:
            raise CommandError("Load the demo data first (seed_demo).")
        self.stdout.write(self.style.SUCCESS(
            "Callback requests close to their deadlines: "
            + ", ".join(ticket.reference for ticket in opened)
            + ". On the SLA board (/sla/board/), the first turns at risk in about two "
              "minutes; the others breach in about four and ten minutes."))
