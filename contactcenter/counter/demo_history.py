"""The visitor lines' last year for the managers' reports: the home agency (before its two
weeks of history made through the services, contactcenter.counter.demo) and a few agencies in
other regions, each working day's visits and the hourly figures counter.services keeps for
them (HourlyLineStats). Waits and absences fall over the year as agencies add desks and
visitors take numbers by SMS.

Written in bulk (COPY), deterministic for a given day, once per agency: an agency whose
line has visits older than RECENT_DAYS gets none.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from contactcenter.bulk import copy_insert
from contactcenter.counter.demo import (
    DAY_VISITORS,
    HOME_AGENCY,
    HOUR_WEIGHTS,
    REASON_WEIGHTS,
    SERVICE_MINUTES,
)
from contactcenter.counter.models import HourlyLineStats, Visit
from contactcenter.org.models import Agency, Agent

SEED = "2026:line-history"
DAYS = 365
# The home agency keeps its recent weeks from the services (fewer than these days): the
# history stops the day before them.
RECENT_DAYS = 21
AGENCIES = (HOME_AGENCY, "RABAT-AGDAL", "MARRAKECH-GUELIZ", "OUJDA")


def seed_line_history(*, days: int = DAYS, now: datetime | None = None,
                      agencies: tuple[str, ...] = AGENCIES) -> int:
    """Write the visits and hourly figures of the last `days` days, up to yesterday or to
    the agency's recent visits, for `agencies` (those that exist and have front-office
    agents). Returns how many visits."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    written = 0
    with transaction.atomic():
        for index, agency in enumerate(Agency.objects.filter(code__in=agencies)
                                       .order_by("code")):
            agents = list(Agent.objects.filter(agency=agency, role=Agent.Role.FRONT_OFFICE)
                          .order_by("pk").values_list("pk", flat=True))
            line = Visit.objects.filter(agency=agency)
            if (days <= 0 or not agents
                    or line.filter(day__lt=today - timedelta(days=RECENT_DAYS)).exists()):
                continue
            # Up to the day before its recent weeks (the home agency's), else yesterday.
            first_recent = line.order_by("day").values_list("day", flat=True).first() or today
            rng = random.Random(f"{SEED}:{agency.code}:{today.isoformat()}")
            visits = [visit for back in range(days, (today - first_recent).days, -1)
                      for visit in _day(rng, agency.pk, agents, today - timedelta(days=back),
                                        progress=1 - back / days, size=1.0 - 0.15 * index)]
            copy_insert(Visit, visits)
            copy_insert(HourlyLineStats, _hourly(visits))
            written += len(visits)
    return written


def _day(rng: random.Random, agency_id: int, agents: list[int], day: date, *,
         progress: float, size: float) -> list[dict[str, Any]]:
    if day.weekday() >= 5:
        return []
    ease = 1 - (1 - progress) ** 1.5
    tz = timezone.get_current_timezone()
    count = round(DAY_VISITORS[day.weekday()] * size * rng.uniform(.85, 1.15))
    wait_median = timedelta(minutes=35 - 22 * ease)
    absent_share = 0.10 - 0.06 * ease
    sequences: dict[str, int] = defaultdict(int)
    rows = []
    arrivals = sorted(_arrival(rng, day, tz) for _ in range(count))
    for taken in arrivals:
        reason = rng.choices(list(REASON_WEIGHTS), weights=list(REASON_WEIGHTS.values()))[0]
        sequences[reason] += 1
        called = taken + wait_median * math.exp(rng.gauss(0, 0.6))
        desk = rng.randrange(len(agents))
        row: dict[str, Any] = {
            "agency_id": agency_id, "day": day, "reason": reason,
            "sequence": sequences[reason], "taken_at": taken, "first_called_at": called,
            "last_called_at": called, "calls": 1, "agent_id": agents[desk], "desk": desk + 1}
        if rng.random() < absent_share:
            row.update(state=Visit.State.ABSENT, absent_at=called + timedelta(minutes=3))
        else:
            minutes = max(1.0, rng.gauss(SERVICE_MINUTES[reason], SERVICE_MINUTES[reason] / 3))
            row.update(state=Visit.State.SERVED, served_at=called + timedelta(minutes=minutes))
        rows.append(row)
    return rows


def _arrival(rng: random.Random, day: date, tz: Any) -> datetime:
    hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
    minute = (rng.randint(30, 59) if hour == 8 else rng.randint(0, 29) if hour == 16
              else rng.randint(0, 59))
    return datetime.combine(day, time(hour, minute, rng.randint(0, 59)), tzinfo=tz)


def _hourly(visits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures counter.services keeps, per agency, reason, day and hour of arrival."""
    stats: dict[tuple[Any, ...], dict[str, Any]] = {}
    for visit in visits:
        hour = timezone.localtime(visit["taken_at"]).hour
        key = (visit["agency_id"], visit["reason"], visit["day"], hour)
        row = stats.setdefault(key, {
            "agency_id": key[0], "reason": key[1], "date": key[2], "hour": hour,
            "visitors": 0, "called": 0, "served": 0, "absent": 0, "total_wait_seconds": 0,
            "max_wait_seconds": 0, "total_service_seconds": 0})
        wait = int((visit["first_called_at"] - visit["taken_at"]).total_seconds())
        row["visitors"] += 1
        row["called"] += 1
        row["total_wait_seconds"] += wait
        row["max_wait_seconds"] = max(row["max_wait_seconds"], wait)
        if visit["state"] == Visit.State.SERVED:
            row["served"] += 1
            row["total_service_seconds"] += int(
                (visit["served_at"] - visit["last_called_at"]).total_seconds())
        else:
            row["absent"] += 1
    return list(stats.values())
