"""Business-time arithmetic on a working calendar. Pure functions of their inputs: no
database, no clock.

A calendar has working hours per weekday in its own time zone, holidays, and special
periods (Ramadan) with their own hours. Working spans are computed in local time and
turned into UTC before any arithmetic, so durations stay exact across the UTC offset
changes of Africa/Casablanca (UTC+1, UTC+0 during Ramadan).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[time, time]
ZERO = timedelta(0)
# How far add() looks for working time before deciding the calendar has none.
HORIZON_DAYS = 3 * 366


class NoWorkingTime(ValueError):
    """The calendar has no working time within the horizon (e.g. every day a holiday)."""


@dataclass(frozen=True)
class SpecialPeriod:
    """Days from `start` to `end` (inclusive) with their own hours, e.g. Ramadan."""

    start: date
    end: date
    hours: Mapping[int, tuple[Interval, ...]]  # weekday (0 = Monday) -> intervals

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("Business-time arithmetic needs aware datetimes.")
    return moment.astimezone(UTC)


class BusinessCalendar:
    """Working time of one place. Build it once per calendar and reuse it: spans of each
    day are computed once."""

    def __init__(self, *, time_zone: str, hours: Mapping[int, Iterable[Interval]],
                 holidays: Iterable[date] = (),
                 special_periods: Iterable[SpecialPeriod] = ()) -> None:
        self.tz = ZoneInfo(time_zone)
        self.hours = {day: tuple(sorted(intervals)) for day, intervals in hours.items()}
        for intervals in self.hours.values():
            for start, end in intervals:
                if not start < end:
                    raise ValueError(f"Working hours must end after they start: {start}-{end}")
        self.holidays = frozenset(holidays)
        self.special_periods = tuple(special_periods)
        self._spans: dict[date, tuple[tuple[datetime, datetime], ...]] = {}

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """Local working hours of a day (none on holidays)."""
        if day in self.holidays:
            return ()
        for period in self.special_periods:
            if period.covers(day):
                return tuple(sorted(period.hours.get(day.weekday(), ())))
        return self.hours.get(day.weekday(), ())

    def spans_on(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's working spans as UTC datetimes."""
        spans = self._spans.get(day)
        if spans is None:
            spans = tuple((self._utc(day, start), self._utc(day, end))
                          for start, end in self.intervals_on(day))
            self._spans[day] = spans
        return spans

    def _utc(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz).astimezone(UTC)

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _spans_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        day = self._local_date(moment) - timedelta(days=1)  # a span may start the day before
        for offset in range(HORIZON_DAYS):
            yield from self.spans_on(day + timedelta(days=offset))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when `duration` of working time has passed since `start`.
        Raises NoWorkingTime if the calendar has none within the horizon."""
        if duration < ZERO:
            raise ValueError("Use a positive duration.")
        moment = _as_utc(start)
        if duration == ZERO:
            return moment
        remaining = duration
        for span_start, span_end in self._spans_from(moment):
            if span_end <= moment:
                continue
            begin = max(span_start, moment)
            available = span_end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise NoWorkingTime(f"No working time within {HORIZON_DAYS} days of {start}.")

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of working time before `end` (the inverse of add)."""
        if duration < ZERO:
            raise ValueError("Use a positive duration.")
        moment = _as_utc(end)
        if duration == ZERO:
            return moment
        remaining = duration
        day = self._local_date(moment) + timedelta(days=1)
        for offset in range(HORIZON_DAYS):
            for span_start, span_end in reversed(self.spans_on(day - timedelta(days=offset))):
                if span_start >= moment:
                    continue
                finish = min(span_end, moment)
                available = finish - span_start
                if remaining <= available:
                    return finish - remaining
                remaining -= available
        raise NoWorkingTime(f"No working time within {HORIZON_DAYS} days before {end}.")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end` (negative if `end` comes first)."""
        if end < start:
            return -self.between(end, start)
        start, end = _as_utc(start), _as_utc(end)
        total = ZERO
        day = self._local_date(start) - timedelta(days=1)
        last = self._local_date(end)
        while day <= last:
            for span_start, span_end in self.spans_on(day):
                overlap = min(span_end, end) - max(span_start, start)
                if overlap > ZERO:
                    total += overlap
            day += timedelta(days=1)
        return total

    def is_working(self, moment: datetime) -> bool:
        """Whether `moment` lies in working time (span ends included)."""
        moment = _as_utc(moment)
        day = self._local_date(moment)
        return any(start <= moment <= end
                   for offset in (-1, 0)
                   for start, end in self.spans_on(day + timedelta(days=offset)))
