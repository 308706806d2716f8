"""`manage.py import_customers FILE.csv`: load persons, employers and employment periods.

The CSV format is described in contactcenter.customers.customer_import.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from contactcenter.customers import customer_import


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of the format description."""


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # rendered as text when shown"Create or update persons, employers and employment periods from a CSV "
                        "file, and write a report of the rejected lines.")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=_HelpFormatter,
                                     epilog=customer_import.__doc__, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The CSV file to import."))
        parser.add_argument("--report", type=Path,
                            help=_("Where to write the rejected lines (default: "
                                   "<name>.rejected.csv next to the file)."))
        parser.add_argument("--batch-size", type=int, default=customer_import.BATCH_SIZE,
                            help=_("Lines written per transaction."))
        parser.add_argument("--no-progress", action="store_true",
                            help=_("Do not show the progress bar."))

    def handle(self, *args: Any, file: Path, report: Path | None, batch_size: int,
               no_progress: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        if batch_size < 1:
            raise CommandError(_("The batch size must be at least 1."))
        report = report or customer_import.default_report_path(file)
        with tqdm(total=customer_import.count_lines(file), unit=" rows", file=sys.stderr,
                  disable=no_progress, mininterval=0.5) as bar:
            try:
                result = customer_import.import_customers(path=file, batch_size=batch_size,
                                                    on_progress=bar.update)
            except customer_import.ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        customer_import.write_report(path=report, rejections=result.rejections)

        out = self.stdout
        out.write(_("Rows read: %(count)d") % {"count": result.read})
        out.write(_("Created: %(count)d") % {"count": result.created})
        out.write(_("Updated: %(count)d") % {"count": result.updated})
        out.write(_("Unchanged: %(count)d") % {"count": result.unchanged})
        out.write(_("Rejected: %(count)d") % {"count": result.rejected})
        out.write(_("Elapsed: %(seconds).1f s (%(rate).0f rows/s)")
                  % {"seconds": result.elapsed, "rate": result.rows_per_second})
        out.write(_("Report of rejected rows: %(path)s") % {"path": report.resolve()})
