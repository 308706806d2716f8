"""The time axis of a chart over a period: by day up to MAX_DAYS days, by week (from
Monday) up to MAX_WEEKS weeks, else by month; with labels in the active language."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

MAX_DAYS = 62
MAX_WEEKS = 26
# A month's short name as the charts' labels write it ("janv. 2026", "يناير 2026").
SHORT_MONTHS = (
    pgettext_lazy("month, short", "Jan"), pgettext_lazy("month, short", "Feb"),
    pgettext_lazy("month, short", "Mar"), pgettext_lazy("month, short", "Apr"),
    pgettext_lazy("month, short", "May"), pgettext_lazy("month, short", "Jun"),
    pgettext_lazy("month, short", "Jul"), pgettext_lazy("month, short", "Aug"),
    pgettext_lazy("month, short", "Sep"), pgettext_lazy("month, short", "Oct"),
    pgettext_lazy("month, short", "Nov"), pgettext_lazy("month, short", "Dec"),
)


def month_label(day: date) -> str:
    return pgettext("month and year", "%(month)s %(year)d") % {
        "month": SHORT_MONTHS[day.month - 1], "year": day.year}


@dataclass(frozen=True)
class TimeAxis:
    grain: str  # "day", "week" or "month"
    starts: list[date]  # each step's first day (within the period for the first one)
    labels: list[str]

    def index(self, day: date) -> int:
        """The step a day of the period falls in."""
        return bisect_right(self.starts, day) - 1

    @property
    def name(self) -> str:
        return {"day": _("Day"), "week": _("Week starting"), "month": _("Month")}[self.grain]


def next_month(day: date) -> date:
    """The first day of the month after the day's."""
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def axis_for(start: date, end: date) -> TimeAxis:
    days = (end - start).days + 1
    starts: list[date] = []
    if days <= MAX_DAYS:
        starts = [start + timedelta(days=n) for n in range(days)]
        return TimeAxis("day", starts, [date_format(d, "j N") for d in starts])
    if days <= MAX_WEEKS * 7 + 7:
        monday = start - timedelta(days=start.weekday())
        while monday <= end:
            starts.append(max(monday, start))
            monday += timedelta(days=7)
        return TimeAxis("week", starts, [date_format(d, "j N") for d in starts])
    month = start.replace(day=1)
    labels: list[str] = []
    while month <= end:
        first, last = max(month, start), min(next_month(month) - timedelta(days=1), end)
        starts.append(first)
        labels.append(_month_label(month, first, last))
        month = next_month(month)
    return TimeAxis("month", starts, labels)


def _month_label(month: date, first: date, last: date) -> str:
    """"mars 2026"; a month cut by the period says which days ("1–3 déc. 2026"), so
    that its smaller figures are not read as a fall."""
    name = month_label(month)
    if first.day == 1 and next_month(last) == last + timedelta(days=1):
        return name
    return f"{first.day}–{last.day} {name}"
