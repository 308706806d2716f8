"""Business-time arithmetic: worked examples on the Moroccan calendar, then properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla.calendar import BusinessCalendar, NoWorkingTime, SpecialPeriod

CASA = ZoneInfo("Africa/Casablanca")
OFFICE = ((time(8, 30), time(12, 30)), (time(14, 0), time(16, 30)))
RAMADAN_2026 = SpecialPeriod(start=date(2026, 2, 18), end=date(2026, 3, 19),
                             hours={d: ((time(9, 0), time(15, 0)),) for d in range(5)})
HOLIDAYS = {date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 14), date(2026, 3, 20),
            date(2026, 3, 21), date(2026, 5, 1)}


def _calendar() -> BusinessCalendar:
    return BusinessCalendar(time_zone="Africa/Casablanca", hours={d: OFFICE for d in range(5)},
                            holidays=HOLIDAYS, special_periods=[RAMADAN_2026])


CAL = _calendar()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CASA)


def test_a_day_of_work_runs_over_the_lunch_break_and_the_night() -> None:
    # Monday 12 Jan 2026, 16:00: 30 minutes left today, then Tuesday morning.
    assert CAL.add(local(2026, 1, 12, 16, 0), timedelta(hours=1)) == local(2026, 1, 13, 9, 0)
    assert CAL.add(local(2026, 1, 12, 12, 0), timedelta(hours=1)) == local(2026, 1, 12, 14, 30)


def test_weekends_and_holidays_do_not_count() -> None:
    # Friday 9 Jan 16:00 + 1 h: Sat, Sun off, Mon 12 Jan is a working day.
    assert CAL.add(local(2026, 1, 9, 16, 0), timedelta(hours=1)) == local(2026, 1, 12, 9, 0)
    # Wednesday 13 Jan 16:00 + 1 h: Thursday 14 Jan is the Amazigh new year.
    assert CAL.add(local(2026, 1, 13, 16, 0), timedelta(hours=1)) == local(2026, 1, 15, 9, 0)


def test_ramadan_hours_and_the_utc_offset_change() -> None:
    # Morocco leaves UTC+1 for UTC+0 during Ramadan 2026; hours are 9:00-15:00 local.
    before = local(2026, 2, 13, 16, 0)  # Friday before Ramadan, UTC+1
    assert before.utcoffset() == timedelta(hours=1)
    deadline = CAL.add(before, timedelta(hours=2))
    assert deadline == local(2026, 2, 16, 10, 0)  # Monday, still UTC+1, normal hours
    in_ramadan = CAL.add(local(2026, 2, 18, 14, 0), timedelta(hours=2))
    assert in_ramadan == local(2026, 2, 19, 10, 0)
    assert in_ramadan.astimezone(CASA).utcoffset() == timedelta(0)
    assert CAL.between(local(2026, 2, 18, 9, 0), local(2026, 2, 19, 9, 0)) == timedelta(hours=6)


def test_between_counts_only_working_time() -> None:
    assert CAL.between(local(2026, 1, 9, 8, 0), local(2026, 1, 12, 18, 0)) == \
        timedelta(hours=13)
    assert CAL.between(local(2026, 1, 12, 18, 0), local(2026, 1, 9, 8, 0)) == \
        -timedelta(hours=13)


def test_a_calendar_without_working_time_says_so() -> None:
    empty = BusinessCalendar(time_zone="Africa/Casablanca", hours={})
    with pytest.raises(NoWorkingTime):
        empty.add(local(2026, 1, 1, 9), timedelta(minutes=1))


def test_bad_hours_and_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        BusinessCalendar(time_zone="UTC", hours={0: ((time(12), time(8)),)})
    with pytest.raises(ValueError):
        CAL.add(datetime(2026, 1, 12, 9), timedelta(hours=1))


moments = st.datetimes(min_value=datetime(2025, 6, 1), max_value=datetime(2027, 6, 1),
                       timezones=st.just(UTC))
durations = st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=20))


@settings(max_examples=300, deadline=None)
@given(start=moments, duration=durations)
def test_add_lands_in_working_time_and_between_gives_back_the_duration(start, duration) -> None:
    end = CAL.add(start, duration)
    assert end > start
    assert CAL.is_working(end)
    assert CAL.between(start, end) == duration


@settings(max_examples=300, deadline=None)
@given(start=moments, first=durations, second=durations)
def test_add_is_monotonic_and_composes(start, first, second) -> None:
    shorter, longer = sorted([first, second])
    assert CAL.add(start, shorter) <= CAL.add(start, longer)
    assert CAL.add(CAL.add(start, first), second) == CAL.add(start, first + second)


@settings(max_examples=200, deadline=None)
@given(start=moments, later=moments, duration=durations)
def test_a_later_start_never_gives_an_earlier_deadline(start, later, duration) -> None:
    early, late = sorted([start, later])
    assert CAL.add(early, duration) <= CAL.add(late, duration)


@settings(max_examples=200, deadline=None)
@given(start=moments, duration=durations)
def test_subtract_undoes_add(start, duration) -> None:
    end = CAL.add(start, duration)
    back = CAL.subtract(end, duration)
    assert start <= back  # the latest moment from which the same work ends at `end`
    assert CAL.between(back, end) == duration
    assert CAL.add(back, duration) == end
