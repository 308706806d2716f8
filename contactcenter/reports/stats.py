"""Reads of the complaints' figures (ComplaintStats) for a report's filters: sums of measures,
grouped as a chart needs, reading as few rows as the question allows.

Rows are chosen so that no complaint is counted twice: a month's row where the whole month
lies in the period and no chart asks for days or weeks, day rows for the rest; the rows of
the whole fund unless a region is asked for, by region unless an agency or a queue is (in
the filters, the scope or the grouping); over every category and channel unless one of them
is."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from contactcenter.reports.buckets import SIZE
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.models import ComplaintStats
from contactcenter.reports.models.complaint_stats import ALL_CATEGORIES, HISTOGRAMS, NATIONAL
from contactcenter.reports.stats_filters import fields_q
from contactcenter.reports.time_axis import next_month

GROUPS = {"day", "week", "month", "channel", "category_id", "region_id", "agency_id",
          "audience"}
Row = dict[str, Any]
# The sums read so far by the current reading (one_reading), by filters and grouping.
_reading: ContextVar[dict[tuple[Any, ...], list[Row]] | None] = (
    ContextVar("reports_reading", default=None))


def period_q(start: date, end: date, *, months_allowed: bool) -> Q:
    """The rows covering start..end once: whole months as month rows when allowed."""
    if months_allowed:
        first_month = start if start.day == 1 else next_month(start)
        after = end + timedelta(days=1)
        months_end = after if after.day == 1 else end.replace(day=1)  # (excluded)
        if first_month < months_end:
            condition = Q(grain="m", day__gte=first_month, day__lt=months_end)
            if start < first_month:
                condition |= Q(grain="d", day__gte=start, day__lt=first_month)
            if months_end <= end:
                condition |= Q(grain="d", day__gte=months_end, day__lte=end)
            return condition
    return Q(grain="d", day__range=(start, end))


class Level(NamedTuple):
    """Which rows answer: the whole fund's ("national"), the regions' or the agencies';
    the first two also over every category and channel."""

    place: str
    every_slice: bool = False


def scoped_to_agencies(filters: ReportFilters) -> bool:
    """Whether the agent may see some agencies or queues only (not whole regions)."""
    scope = filters.scope
    return not scope.everything and bool(scope.agency_ids or scope.queue_ids)


def _level(filters: ReportFilters, groups: Sequence[str]) -> Level:
    """The fewest rows that answer."""
    if (filters.agency_id or filters.queue_id or "agency_id" in groups
            or scoped_to_agencies(filters)):
        return Level("agency")
    place = ("region" if filters.region_id or "region_id" in groups
             or not filters.scope.everything else "national")
    return Level(place, every_slice=not (filters.category_id or filters.channel
                                         or {"category_id", "channel"} & set(groups)))


# The slice's columns of the rows by agency, of the rows by region, and of the rows over
# every category and channel.
BY_AGENCY = ("region_id", "agency_id", "queue_id", "category_id", "channel", "audience")
BY_REGION = ("region_id", "category_id", "channel", "audience")
EVERY_SLICE = ("region_id", "audience")


def slice_q(filters: ReportFilters, *, level: Level) -> Q:
    """The filters and the scope as conditions on the figures' rows of that level."""
    if level.place == "agency":
        return Q(by_agency=True) & fields_q(filters, columns=BY_AGENCY)
    condition = Q(by_agency=False, agency_id=0) & (
        Q(region_id=NATIONAL) if level.place == "national" else ~Q(region_id=NATIONAL))
    if level.every_slice:
        return (condition & Q(category_id=ALL_CATEGORIES)
                & fields_q(filters, columns=EVERY_SLICE))
    return condition & ~Q(category_id=ALL_CATEGORIES) & fields_q(filters, columns=BY_REGION)


def _aggregates(measures: Sequence[str]) -> dict[str, Sum]:
    """The sums to ask for, by alias ("total_" and the measure, its bucket for histograms:
    an alias may not be a field's name)."""
    sums: dict[str, Sum] = {}
    for name in measures:
        if name in HISTOGRAMS:
            sums.update({f"total_{name}_{index}": Sum(f"{name}__{index}")
                         for index in range(SIZE)})
        else:
            sums[f"total_{name}"] = Sum(name)
    return sums


def _measures(row: Row, groups: Sequence[str], measures: Sequence[str]) -> Row:
    """The groups' values and the measures' sums of a result row (0 for a missing sum),
    each histogram's buckets gathered back into one list."""
    result = {group: row[group] for group in groups}
    for name in measures:
        if name in HISTOGRAMS:
            result[name] = [row[f"total_{name}_{index}"] or 0 for index in range(SIZE)]
        else:
            result[name] = row[f"total_{name}"] or 0
    return result


def sums(filters: ReportFilters, measures: Sequence[str], *, by: Sequence[str] = ()
         ) -> list[Row]:
    """The measures added up over the period and slice, one row per group of `by` (names in
    GROUPS; "day", "week" and "month" group by the time step), ordered by the groups.
    Within one_reading(), the same question is read once."""
    return remembered((filters, tuple(by), tuple(measures)),
                      lambda: _sums(filters, measures, by=by))


def reading() -> bool:
    """Whether a page's reading (one_reading) is under way."""
    return _reading.get() is not None


def remembered(key: tuple[Any, ...], read: Callable[[], list[Row]]) -> list[Row]:
    """What `read` gives, read once per key within one_reading(), every time outside it."""
    memo = _reading.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


@contextmanager
def one_reading() -> Iterator[None]:
    """Within it, the charts asking for the same grouping share one query (a page draws
    several charts from the same sums)."""
    token = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(token)


def _sums(filters: ReportFilters, measures: Sequence[str], *, by: Sequence[str] = ()
         ) -> list[Row]:
    """The measures added up over the period and slice, one row per group of `by`."""
    unknown = set(by) - GROUPS
    if unknown:
        raise ValueError(f"cannot group by {sorted(unknown)}")
    level = _level(filters, by)
    months_allowed = not ({"day", "week"} & set(by))
    rows = ComplaintStats.objects.filter(
        period_q(filters.start, filters.end, months_allowed=months_allowed)
        & slice_q(filters, level=level))
    names: list[str] = []
    for group in by:
        if group == "week":
            rows = rows.annotate(week=TruncWeek("day"))
        elif group == "month":
            rows = rows.annotate(month=TruncMonth("day"))
        names.append(group)
    if not names:
        return [_measures(rows.aggregate(**_aggregates(measures)), (), measures)]
    result = rows.values(*names).annotate(**_aggregates(measures)).order_by(*names)
    return [_measures(row, names, measures) for row in result]


def sums_zero(measures: Sequence[str]) -> Row:
    """A row of these measures where nothing was counted."""
    return {name: [0] * SIZE if name in HISTOGRAMS else 0 for name in measures}


def open_by_day(filters: ReportFilters) -> list[tuple[date, int]]:
    """The complaints open now, by the day they were opened, within the slice (the period
    does not apply: the backlog is today's)."""
    rows = (ComplaintStats.objects.filter(slice_q(filters, level=_level(filters, ())),
                                          grain="d")
            .exclude(open_now=0).values("day").annotate(n=Sum("open_now")).order_by("day"))
    return [(row["day"], row["n"]) for row in rows if row["n"]]
