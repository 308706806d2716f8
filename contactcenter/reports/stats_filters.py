"""The report's filters applied to the reports' day-by-day tables (integer ids, 0 for
none): the period and the scope always, the slice where the table has it."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from contactcenter.org.selectors import Scope
from contactcenter.reports.filters import ReportFilters


def scope_q(scope: Scope, *, has_queue: bool = True) -> Q:
    """Rows inside what the agent may see (their region, agencies, queues)."""
    if scope.everything:
        return Q()
    condition = Q(pk__in=[])
    if scope.region_ids:
        condition |= Q(region_id__in=scope.region_ids)
    if scope.agency_ids:
        condition |= Q(agency_id__in=scope.agency_ids)
    if has_queue and scope.queue_ids:
        condition |= Q(queue_id__in=scope.queue_ids)
    return condition


def slice_q(filters: ReportFilters, *, columns: Collection[str]) -> Q:
    """The period, the scope and the filters asked for that the table has (`columns`)."""
    return Q(day__gte=filters.start, day__lte=filters.end) & fields_q(filters, columns=columns)


def fields_q(filters: ReportFilters, *, columns: Collection[str]) -> Q:
    """The scope and the filters asked for that the table has (`columns`), not the
    period."""
    condition = scope_q(filters.scope, has_queue="queue_id" in columns)
    for name, value in (("region_id", filters.region_id), ("agency_id", filters.agency_id),
                        ("queue_id", filters.queue_id), ("category_id", filters.category_id),
                        ("channel", filters.channel or None),
                        ("audience", filters.audience or None)):
        if value is not None and name in columns:
            condition &= Q(**{name: value})
    return condition


def unused(filters: ReportFilters, *, columns: Collection[str]) -> list[str]:
    """The names of the filters asked for that the table cannot apply."""
    asked = {"queue_id": filters.queue_id, "category_id": filters.category_id,
             "channel": filters.channel, "audience": filters.audience}
    return [name for name, value in asked.items() if value and name not in columns]
