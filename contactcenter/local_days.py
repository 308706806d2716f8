"""The fund's days in the database: a day is a local (Morocco) calendar day, read from
moments stored in UTC. Used by the apps that count things per day for the reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import TruncDate

FUND_ZONE = ZoneInfo(settings.TIME_ZONE)
_DAY = timedelta(days=1)


def local_day(moment: datetime) -> date:
    """The fund's calendar day of a moment."""
    return moment.astimezone(FUND_ZONE).date()


def day_start(day: date) -> datetime:
    """The first moment of a local day (aware)."""
    return datetime.combine(day, time.min, tzinfo=FUND_ZONE)


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days grouped: [(first, last), ...], in order."""
    grouped: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if grouped and grouped[-1][1] + _DAY == day:
            grouped[-1] = (grouped[-1][0], day)
        else:
            grouped.append((day, day))
    return grouped


def within_days(field: str, days: Iterable[date]) -> Q:
    """Rows whose moment `field` falls on one of these local days: a range per run of
    consecutive days, so that an index on the field serves it (nothing for no day)."""
    condition = Q(pk__in=[])
    for first, last in runs(days):
        condition |= Q(**{f"{field}__gte": day_start(first),
                          f"{field}__lt": day_start(last + _DAY)})
    return condition


def local_date(field: str) -> TruncDate:
    """The local day of a moment, in SQL (for grouping)."""
    return TruncDate(field, tzinfo=FUND_ZONE)
