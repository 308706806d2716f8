"""Names shown on the reports' charts: time steps, categories, regions and agencies, in the
active language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contactcenter.i18n import localized
from contactcenter.org import selectors as org_selectors
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.stats import time_step
from tickets import selectors as ticket_selectors


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def time_buckets(filters: ReportFilters) -> list[date]:
    """The first day of each time step of the period (a week starts on Monday, as
    PostgreSQL's weeks do), so that empty steps show as zero."""
    step = time_step(filters)
    if step == "day":
        return [filters.start + timedelta(days=n) for n in range(filters.days)]
    first = _monday(filters.start) if step == "week" else filters.start.replace(day=1)
    buckets = []
    current = first
    while current <= filters.end:
        buckets.append(current)
        current = current + timedelta(days=7) if step == "week" else _next_month(current)
    return buckets


def time_label(day: date, step: str) -> str:
    if step == "day":
        return date_format(day, "j M")
    if step == "week":
        return _("week of %(day)s") % {"day": date_format(day, "j M")}
    return date_format(day, "M Y")


def time_labels(filters: ReportFilters) -> Iterator[tuple[date, str]]:
    step = time_step(filters)
    return ((day, time_label(day, step)) for day in time_buckets(filters))


def category_names() -> dict[int, str]:
    return {category.pk: category.label for category in ticket_selectors.all_categories().all()}


def region_names() -> dict[int, str]:
    return {region.pk: localized(fr=region.name_fr, ar=region.name_ar)
            for region in org_selectors.regions()}


def agency_names() -> dict[int, str]:
    return {agency.pk: localized(fr=agency.name_fr, ar=agency.name_ar)
            for agency in org_selectors.agencies()}
