"""Loading working calendars and choosing policies."""

from __future__ import annotations

from datetime import date, time, timedelta

import holidays as public_holidays
from django.conf import settings
from django.db.models import Q
from hijridate import Gregorian, Hijri

from contactcenter import process_cache
from contactcenter.org import selectors as org_selectors
from sla.calendar import BusinessCalendar, SpecialPeriod
from sla.models import Calendar, HolidayOverride, SlaPolicy
from sla.models import SpecialPeriod as SpecialPeriodRow

CACHE_SECONDS = 300  # calendars
POLICY_CACHE_SECONDS = 60


def _parse_hours(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def ramadans(year: int) -> list[tuple[date, date]]:
    """Computed first and last days of each Ramadan starting in this Gregorian year (two
    in some years, as in 2030)."""
    found = []
    hijri_year = Gregorian(year, 12, 31).to_hijri().year
    for candidate in (hijri_year - 1, hijri_year):
        first = Hijri(candidate, 9, 1).to_gregorian()
        if first.year == year:
            after = Hijri(candidate, 10, 1).to_gregorian()
            found.append((date(first.year, first.month, first.day),
                          date(after.year, after.month, after.day) - timedelta(days=1)))
    return found


def calendar_row_for(*, agency_id: int | None, region_id: int | None,
                     call_centre: bool = False) -> Calendar | None:
    """The call centre's calendar for its complaints (when it has one); else the agency's,
    else its region's, else the national one."""
    rows = {(row.agency_id, row.region_id, row.is_call_centre): row for row in
            Calendar.objects.filter(
                Q(agency_id=agency_id) | Q(region_id=region_id)
                | Q(agency__isnull=True, region__isnull=True))}
    return ((rows.get((None, None, True)) if call_centre else None)
            or (rows.get((agency_id, None, False)) if agency_id else None)
            or (rows.get((None, region_id, False)) if region_id else None)
            or rows.get((None, None, False)))


def business_calendar(*, agency_id: int | None, region_id: int | None, today: date,
                      call_centre: bool = False) -> BusinessCalendar:
    """The working calendar of an agency (falling back to its region's, then the national
    one, then the built-in default), or of the call centre; cached per process for a few
    minutes."""
    return process_cache.cached(
        "sla", (agency_id, region_id, call_centre, today.year), CACHE_SECONDS,
        lambda: build_calendar(calendar_row_for(agency_id=agency_id, region_id=region_id,
                                                call_centre=call_centre),
                               years=range(today.year - 1, today.year + 3)))


def call_centre_queue_ids() -> frozenset[int]:
    """The queues of the call centre, whose complaints run on its calendar."""
    return process_cache.cached("org", "call-centre-queues", CACHE_SECONDS, lambda: frozenset(
        org_selectors.call_centre_queues().values_list("pk", flat=True)))


def build_calendar(row: Calendar | None, *, years: range) -> BusinessCalendar:
    """A BusinessCalendar from a calendar row (None: the built-in default of settings)."""
    default_hours = tuple(_parse_hours(text) for text in settings.SLA_DEFAULT_HOURS)
    hours: dict[int, list[tuple[time, time]]] = {}
    if row is not None and row.hours.exists():
        for item in row.hours.all():
            hours.setdefault(item.weekday, []).append((item.start, item.end))
    else:
        hours = {weekday: list(default_hours) for weekday in range(5)}

    days_off = set(public_holidays.country_holidays(settings.SLA_HOLIDAY_COUNTRY,
                                                    years=list(years)))
    overrides = HolidayOverride.objects.filter(
        Q(calendar__isnull=True) | Q(calendar=row) if row else Q(calendar__isnull=True))
    for override in overrides.order_by("calendar_id"):  # national first, own ones win
        if override.action == HolidayOverride.Action.ADD:
            days_off.add(override.date)
        else:
            days_off.discard(override.date)

    explicit = SpecialPeriodRow.objects.filter(
        Q(calendar__isnull=True) | Q(calendar=row) if row else Q(calendar__isnull=True))
    periods = [SpecialPeriod(start=p.start_date, end=p.end_date,
                             hours={d: ((p.start, p.end),) for d in hours})
               for p in explicit.order_by("-calendar_id", "start_date")]
    ramadan_hours = ((row.ramadan_start, row.ramadan_end)
                     if row and row.ramadan_start and row.ramadan_end
                     else _parse_hours(settings.SLA_RAMADAN_HOURS))
    for year in years:
        for first, last in ramadans(year):
            periods.append(SpecialPeriod(start=first, end=last,
                                         hours={d: (ramadan_hours,) for d in hours}))
    return BusinessCalendar(time_zone=row.time_zone if row else settings.TIME_ZONE,
                            hours=hours, holidays=days_off, special_periods=periods)


def active_policies() -> list[SlaPolicy]:
    """Every active policy with its levels, cached per process for a minute: each opening
    and each transition chooses one, and they change rarely."""
    return process_cache.cached("sla", "policies", POLICY_CACHE_SECONDS, lambda: list(
        SlaPolicy.objects.filter(is_active=True).prefetch_related("levels").order_by("pk")))


def policy_by_id(pk: int | None) -> SlaPolicy | None:
    """A policy with its levels (from the cache, even one no longer active)."""
    if pk is None:
        return None
    for policy in active_policies():
        if policy.pk == pk:
            return policy
    return process_cache.cached("sla", ("policy", pk), POLICY_CACHE_SECONDS, lambda: (
        SlaPolicy.objects.prefetch_related("levels").filter(pk=pk).first()))


def policy_for(*, category_id: int | None, priority: str, channel: str,
               segment: str) -> SlaPolicy | None:
    """The most specific active policy matching the complaint (category weighs most)."""
    candidates = [p for p in active_policies()
                  if p.category_id in (None, category_id) and p.priority in ("", priority)
                  and p.channel in ("", channel) and p.segment in ("", segment)]
    return max(candidates, key=lambda p: (p.specificity, -p.pk), default=None)


def calendar_owner(*, agency_id: int | None, region_id: int | None,
                   call_centre: bool = False) -> tuple[str, int | None] | None:
    """Whose calendar business_calendar() runs on: ("call_centre" | "agency" | "region" |
    "national", the agency's or region's id), None for the built-in default; cached per
    process as the calendars are. Pages name it in their language from this (a calendar's
    own name is an administrator's label in one language)."""
    def read() -> tuple[str, int | None] | None:
        row = calendar_row_for(agency_id=agency_id, region_id=region_id,
                               call_centre=call_centre)
        if row is None:
            return None
        if row.is_call_centre:
            return ("call_centre", None)
        if row.agency_id is not None:
            return ("agency", row.agency_id)
        if row.region_id is not None:
            return ("region", row.region_id)
        return ("national", None)
    return process_cache.cached("sla", ("owner", agency_id, region_id, call_centre),
                                CACHE_SECONDS, read)
