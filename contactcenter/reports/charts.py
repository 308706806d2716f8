"""What every chart of the managers' dashboard is made of: plain, serialisable values (no
query, no model), built by contactcenter.reports.figures and shown by the dashboard's page,
its tables and the charts' CSV and Excel files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

KINDS = ("line", "bar", "stacked-bar", "horizontal-bar")
# A chart's slug names its files' URLs (/reports/charts/<slug>.csv): Django's slug.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# What a missing value (a month without a complaint to measure) reads as in a table.
NO_VALUE = "–"


@dataclass(frozen=True)
class Series:
    """One line or one colour of bars: a value per label of the chart, None where nothing
    could be measured."""

    label: str
    values: list[float | None]


@dataclass(frozen=True)
class Baseline:
    """A reference value drawn across the chart as a dashed line (the study's 3 months)."""

    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    """A chart's title, kind, labels (the x axis: days, months, categories, regions...) and
    series, in the language active when it was built. `unit` names the values ("%",
    "jours"), `note` says in one sentence how they are counted."""

    slug: str
    title: str
    kind: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    baseline: Baseline | None = None
    note: str = ""
    # What the labels are ("Mois", "Région"), the table's first heading.
    axis: str = ""
    # Whether the labels run in time (days, weeks, months: drawn right to left in Arabic);
    # None: a line chart does, bars do not.
    in_time: bool | None = None

    def __post_init__(self) -> None:
        if not SLUG.fullmatch(self.slug):
            raise ValueError(f"A chart's slug is letters, digits, - and _: {self.slug!r}.")
        if self.kind not in KINDS:
            raise ValueError(f"Unknown chart kind {self.kind!r}: one of {', '.join(KINDS)}.")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(f"Series {series.label!r} of chart {self.slug!r} has "
                                 f"{len(series.values)} values for {len(self.labels)} labels.")

    def headers(self) -> list[str]:
        """The table's header: the labels' column, then a column per series (and the
        baseline's)."""
        columns = [self._unit_suffixed(series.label) for series in self.series]
        if self.baseline is not None:
            columns.append(self._unit_suffixed(self.baseline.label))
        return [self.axis or (_("Period") if self.runs_in_time else _("Item")), *columns]

    @property
    def runs_in_time(self) -> bool:
        return self.kind == "line" if self.in_time is None else self.in_time

    def rows(self) -> list[list[str | float | None]]:
        """A row per label: the label, then the raw values (the files' cells)."""
        baseline = [] if self.baseline is None else [self.baseline.value]
        return [[label, *(series.values[index] for series in self.series), *baseline]
                for index, label in enumerate(self.labels)]

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows, the numbers written for the active language ("1 234,5")."""
        return self.headers(), [[str(row[0]), *(formatted(value) for value in row[1:])]
                                for row in self.rows()]

    def to_json(self) -> dict[str, Any]:
        """What the page's script draws (json_script): texts already translated, values as
        numbers (null where missing)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "labels": list(self.labels),
            "series": [{"label": series.label, "values": list(series.values)}
                       for series in self.series],
            "unit": self.unit,
            "baseline": (None if self.baseline is None
                         else {"label": self.baseline.label, "value": self.baseline.value}),
            "note": self.note,
            "axis": self.axis,
            "in_time": self.runs_in_time,
        }

    def _unit_suffixed(self, label: str) -> str:
        return f"{label} ({self.unit})" if self.unit else label


def formatted(value: str | float | None) -> str:
    """A value as a table shows it: whole numbers without decimals, others with one, the
    active language's separators; NO_VALUE when missing."""
    if value is None:
        return NO_VALUE
    if isinstance(value, str):
        return value
    places = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=places, force_grouping=True)
