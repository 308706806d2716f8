"""Reads of the complaints' figures (ComplaintStats) for a report's filters: sums of measures,
grouped as a chart needs, reading as few rows as the question allows.

Rows are chosen so that no complaint is counted twice: a month's row where the whole month
lies in the period and no chart asks for days or weeks, day rows for the rest; rows by region
unless an agency or a queue is asked for (in the filters, the scope or the grouping)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from contactcenter.reports.buckets import SIZE
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.models import ComplaintStats
from contactcenter.reports.models.complaint_stats import HISTOGRAMS

# The time step of a chart over the period: days up to a month, weeks up to a quarter.
DAYS_UP_TO = 31
WEEKS_UP_TO = 92
GROUPS = {"day", "week", "month", "channel", "category_id", "region_id", "agency_id",
          "audience"}
Row = dict[str, Any]


def time_step(filters: ReportFilters) -> str:
    if filters.days <= DAYS_UP_TO:
        return "day"
    if filters.days <= WEEKS_UP_TO:
        return "week"
    return "month"


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _period_q(start: date, end: date, *, months_allowed: bool) -> Q:
    """The rows covering start..end once: whole months as month rows when allowed."""
    if months_allowed:
        first_month = start if start.day == 1 else _next_month(start)
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


def _by_agency(filters: ReportFilters, groups: Sequence[str]) -> bool:
    scope = filters.scope
    return bool(filters.agency_id or filters.queue_id or "agency_id" in groups
                or (not scope.everything and (scope.agency_ids or scope.queue_ids)))


def slice_q(filters: ReportFilters, *, by_agency: bool) -> Q:
    """The filters and the scope as conditions on the figures' rows."""
    condition = Q(by_agency=by_agency)
    scope = filters.scope
    if not scope.everything:
        allowed = Q(pk__in=[])
        if scope.region_ids:
            allowed |= Q(region_id__in=scope.region_ids)
        if by_agency and scope.agency_ids:
            allowed |= Q(agency_id__in=scope.agency_ids)
        if by_agency and scope.queue_ids:
            allowed |= Q(queue_id__in=scope.queue_ids)
        condition &= allowed
    for field, value in (("region_id", filters.region_id), ("agency_id", filters.agency_id),
                         ("queue_id", filters.queue_id), ("category_id", filters.category_id),
                         ("channel", filters.channel), ("audience", filters.audience)):
        if value:
            condition &= Q(**{field: value})
    return condition


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
    GROUPS; "day", "week" and "month" group by the time step), ordered by the groups."""
    unknown = set(by) - GROUPS
    if unknown:
        raise ValueError(f"cannot group by {sorted(unknown)}")
    by_agency = _by_agency(filters, by)
    months_allowed = not ({"day", "week"} & set(by))
    rows = ComplaintStats.objects.filter(
        _period_q(filters.start, filters.end, months_allowed=months_allowed)
        & slice_q(filters, by_agency=by_agency))
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
    by_agency = _by_agency(filters, ())
    rows = (ComplaintStats.objects.filter(slice_q(filters, by_agency=by_agency), grain="d")
            .exclude(open_now=0).values("day").annotate(n=Sum("open_now")).order_by("day"))
    return [(row["day"], row["n"]) for row in rows if row["n"]]
