"""A chart's table as a CSV or Excel file, written by the complaints exports' writers: the
labels as texts, the values as numbers (whole numbers without decimals), missing ones empty.
Aggregates only, no personal data: these files are not logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import get_language

from contactcenter.reports.charts import Chart
from contactcenter.reports.columns import Cell
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.writers import csv_chunks, xlsx_chunks

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ChartLayout:
    """The writers' view of a chart's table (contactcenter.reports.writers.Layout)."""

    headers: list[str]
    arabic: bool

    def cells(self, row: tuple[Any, ...]) -> list[Cell]:
        label, *values = row
        return [str(label), *(_number(value) for value in values)]


def _number(value: float | None) -> Cell:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def chart_file(chart: Chart, filters: ReportFilters, format: str) -> HttpResponse:
    """The whole file in one answer: a chart has a few hundred rows at most."""
    layout = ChartLayout(headers=chart.headers(),
                         arabic=(get_language() or "").startswith("ar"))
    rows = [tuple(row) for row in chart.rows()]
    chunks = (csv_chunks(rows, layout) if format == "csv"
              else xlsx_chunks(rows, layout, sheet_name=_sheet_name(chart.title)))
    response = HttpResponse(b"".join(block for block, _count in chunks),
                            content_type=CONTENT_TYPES[format])
    name = f"{chart.slug}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _sheet_name(title: str) -> str:
    """Excel refuses these characters in a sheet's name, and more than 31 of them."""
    cleaned = "".join(" " if character in "[]:*?/\\" else character for character in title)
    return cleaned.strip()[:31] or "Chart"
