"""Export the personal-data access log as CSV, e.g. for a request of the CNDP or of a person
about their record. The export is itself logged."""

from __future__ import annotations

import getpass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from contactcenter.audit import selectors, services


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from exc


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class Command(BaseCommand):
    help = ("Write the access log as CSV (UTF-8) to standard output or a file: every entry, "
            "or those about one customer record, between two dates (inclusive, local time).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customer", type=int, help="a customer record number")
        parser.add_argument("--since", type=_day, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", type=_day, help="last day, YYYY-MM-DD")
        parser.add_argument("--output", help="a file to write instead of standard output")
        parser.add_argument("--by", default="",
                            help="who runs the export, for the log (default: the system user)")

    def handle(self, *args: Any, customer: int | None, since: date | None,
               until: date | None, output: str | None, by: str, **options: Any) -> None:
        entries = selectors.list_entries(
            customer_id=customer, since=_start_of(since) if since else None,
            until=_start_of(until + timedelta(days=1)) if until else None)
        asked = " ".join(f"{name} {value}" for name, value in (
            ("customer", customer), ("since", since), ("until", until)) if value is not None)
        exported_by = by or f"command line ({getpass.getuser()})"
        # (csv ends every row with a line break, so the command's output wrapper adds none)
        out = open(output, "w", newline="", encoding="utf-8") if output else self.stdout
        try:
            count = services.export_access_log(
                entries=entries.iterator(), out=out, customer_id=customer,
                exported_by=exported_by, detail=asked or "all")
        finally:
            if output:
                out.close()
        self.stderr.write(f"{count} entries exported.")
