"""Reads of the visitor line: the line itself, what the calling screen and the hall display
show, and the wait estimate."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.counter.models import REASON_LETTERS, HourlyLineStats, Reason, Visit
from contactcenter.org.models import Agency, Agent
from contactcenter.org.selectors import agencies

# The mean service time when an agency has served nobody yet in the recent weeks.
DEFAULT_SERVICE_SECONDS = 6 * 60
# How far back the mean service time looks (the hourly figures of those days).
RECENT_DAYS = 28
# A desk counts as serving if it called someone in the last half hour.
DESK_ACTIVE_WINDOW = timedelta(minutes=30)
# What the hall display lists: the number called last, big, and those before it.
DISPLAY_CALLS = 6


def line_group(agency_id: int) -> str:
    """The channel-layer group of an agency's hall displays and calling screens."""
    return f"counter.{agency_id}"


def agency_by_code(code: str) -> Agency | None:
    return agencies().filter(code=code).first()


def last_sequence(agency_id: int, *, day: date, reason: str) -> int:
    """The last number of `reason` handed out at the agency that day (0 before the first)."""
    found = (Visit.objects.filter(agency_id=agency_id, day=day, reason=reason)
             .aggregate(last=Max("sequence"))["last"])
    return int(found or 0)


def numbers_sent_to(mobile: str, *, day: date) -> int:
    """How many numbers were sent by SMS to this mobile (E.164) that day, at any agency."""
    return Visit.objects.filter(mobile=mobile, day=day).count()


def waiting_line(agency_id: int, *, day: date) -> QuerySet[Visit]:
    """The agency's visitors waiting that day, first come first."""
    return (Visit.objects.filter(agency_id=agency_id, day=day, state=Visit.State.WAITING)
            .order_by("taken_at", "pk"))


def called_by(agent: Agent) -> QuerySet[Visit]:
    """The visitors the agent has called and not yet served or marked absent."""
    if agent.agency_id is None:
        return Visit.objects.none()
    return Visit.objects.filter(agent=agent, agency_id=agent.agency_id,
                                state=Visit.State.CALLED).order_by("last_called_at", "pk")


def visit_for_agent(agent: Agent, pk: int) -> Visit:
    """A visit of the agent's agency; Visit.DoesNotExist otherwise (another agency's)."""
    if agent.agency_id is None:
        raise Visit.DoesNotExist("The agent works at no agency.")
    return Visit.objects.get(pk=pk, agency_id=agent.agency_id)


def absent_visits(agency_id: int, *, day: date) -> list[Visit]:
    """Who was called and did not come that day, most recent first (to call back)."""
    return list(Visit.objects.filter(agency_id=agency_id, day=day, state=Visit.State.ABSENT)
                .order_by("-absent_at", "-pk")[:20])


# --- Wait estimate ------------------------------------------------------------------------------

@dataclass(frozen=True)
class WaitEstimate:
    ahead: int  # visitors waiting before this one
    minutes: int  # rounded up (to 5 minutes past 10)

    @property
    def text(self) -> str:
        if not self.ahead:
            return _("You are next.")
        return ngettext("%(ahead)s person before you: about %(minutes)s min",
                        "%(ahead)s people before you: about %(minutes)s min",
                        self.ahead) % {"ahead": self.ahead, "minutes": self.minutes}


def service_means(agency_id: int, *, today: date) -> dict[str, float]:
    """Mean service seconds per reason at the agency over the RECENT_DAYS before `today`
    and today (from the hourly figures), with key "" for every reason together; a reason
    nobody was served for is missing."""
    rows = (HourlyLineStats.objects
            .filter(agency_id=agency_id, date__gte=today - timedelta(days=RECENT_DAYS),
                    date__lte=today, served__gt=0)
            .values("reason").annotate(seconds=Sum("total_service_seconds"),
                                       served=Sum("served")))
    means = {row["reason"]: row["seconds"] / row["served"] for row in rows}
    served = sum(row["served"] for row in rows)
    if served:
        means[""] = sum(row["seconds"] for row in rows) / served
    return means


def desks_at_work(agency_id: int, *, now: datetime) -> int:
    """Desks that called a visitor in the last DESK_ACTIVE_WINDOW (at least 1)."""
    desks = (Visit.objects.filter(agency_id=agency_id,
                                  last_called_at__gte=now - DESK_ACTIVE_WINDOW)
             .exclude(desk=None).values("desk").distinct().count())
    return max(1, desks)


def wait_estimate(visit: Visit, *, now: datetime) -> WaitEstimate:
    """People ahead of `visit` × the recent mean service time of each one's reason at the
    agency (the agency's mean when a reason has none, DEFAULT_SERVICE_SECONDS when the
    agency has none) ÷ the desks serving now."""
    ahead_by_reason = dict(
        waiting_line(visit.agency_id, day=visit.day)
        .filter(Q(taken_at__lt=visit.taken_at) | Q(taken_at=visit.taken_at, pk__lt=visit.pk))
        .order_by().values_list("reason").annotate(n=Count("pk")))
    return estimate_for(visit.agency_id, ahead_by_reason=ahead_by_reason, now=now)


def estimate_for(agency_id: int, *, ahead_by_reason: dict[str, int],
                 now: datetime) -> WaitEstimate:
    ahead = sum(ahead_by_reason.values())
    if not ahead:
        return WaitEstimate(ahead=0, minutes=0)
    means = service_means(agency_id, today=timezone.localdate(now))
    fallback = means.get("", DEFAULT_SERVICE_SECONDS)
    seconds = sum(count * means.get(reason, fallback)
                  for reason, count in ahead_by_reason.items())
    seconds /= desks_at_work(agency_id, now=now)
    return WaitEstimate(ahead=ahead, minutes=rounded_minutes(seconds))


def rounded_minutes(seconds: float) -> int:
    """At least a minute; past 10 minutes, rounded up to 5 (an estimate, not a promise)."""
    minutes = max(1, math.ceil(seconds / 60))
    return minutes if minutes <= 10 else 5 * math.ceil(minutes / 5)


# --- The calling screen -------------------------------------------------------------------------

@dataclass(frozen=True)
class ReasonLine:
    reason: str
    label: str
    letter: str
    waiting: int
    longest_minutes: int  # how long the first of them has waited


def line_by_reason(agency_id: int, *, day: date, now: datetime) -> list[ReasonLine]:
    """Per reason, how many wait and since when the first one waits (one query)."""
    rows = {row["reason"]: row for row in waiting_line(agency_id, day=day).order_by()
            .values("reason").annotate(n=Count("pk"), first=Min("taken_at"))}
    lines = []
    for reason in Reason:
        row = rows.get(reason.value)
        lines.append(ReasonLine(
            reason=reason.value, label=str(reason.label), letter=REASON_LETTERS[reason],
            waiting=row["n"] if row else 0,
            longest_minutes=int((now - row["first"]).total_seconds() // 60) if row else 0))
    return lines


def waiting_visits(agency_id: int, *, day: date, limit: int = 30) -> list[Visit]:
    return list(waiting_line(agency_id, day=day)[:limit])


# --- The hall display ---------------------------------------------------------------------------

def recent_calls(agency_id: int, *, day: date, limit: int = DISPLAY_CALLS) -> list[Visit]:
    """The numbers called that day at the agency, the last call first (a recall counts as
    a new call). Numbers and desks only are shown from them."""
    return list(Visit.objects.filter(agency_id=agency_id, day=day)
                .exclude(last_called_at=None)
                .only("reason", "sequence", "desk", "last_called_at", "calls", "state")
                .order_by("-last_called_at", "-pk")[:limit])


def display_snapshot(agency_id: int, *, now: datetime) -> dict[str, Any]:
    """What a hall display shows, as sent over its WebSocket: numbers, desks and times of
    the last calls, how many wait, and the fund's UTC offset in minutes (for the display's
    clock: a browser's own time-zone data may be wrong about Morocco). No personal data."""
    local = timezone.localtime(now)
    day = local.date()
    offset = local.utcoffset()
    calls = recent_calls(agency_id, day=day)
    return {
        "type": "snapshot",
        "calls": [{"key": f"{visit.pk}.{visit.calls}", "number": visit.number,
                   "desk": visit.desk,
                   "at": visit.last_called_at.isoformat() if visit.last_called_at else None}
                  for visit in calls],
        "waiting": waiting_line(agency_id, day=day).count(),
        "utc_offset": int(offset.total_seconds() // 60) if offset else 0,
    }


# --- Figures for the reports ---------------------------------------------------------------

def line_days_since(moment: datetime, *, now: datetime) -> list[date]:
    """The days whose line may have changed since `moment`: a visit changes only on its own
    day, so every day from the moment's to today's."""
    first, last = timezone.localdate(moment), timezone.localdate(now)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def line_days() -> list[date]:
    """Every day with a visitor, in order."""
    return sorted(HourlyLineStats.objects.order_by().values_list("date", flat=True)
                  .distinct())


def line_figures(days: Iterable[date]) -> list[dict[str, Any]]:
    """Per day, region and agency, from the hourly figures (HourlyLineStats): `offered`
    (visitors who took a number), `answered` (served), `abandoned` (marked absent),
    `wait_seconds` and `waits` (from the number to the first call, of those called) and
    `wait_max`."""
    days = list(days)
    if not days:
        return []
    rows = (HourlyLineStats.objects.filter(date__in=days).order_by()
            .values("date", "agency_id", "agency__region_id")
            .annotate(offered=Sum("visitors"), answered=Sum("served"), abandoned=Sum("absent"),
                      wait_seconds=Sum("total_wait_seconds"), waits=Sum("called"),
                      wait_max=Max("max_wait_seconds")))
    return [{"day": row["date"], "region_id": row["agency__region_id"],
             "agency_id": row["agency_id"], "queue_id": 0, "offered": row["offered"],
             "answered": row["answered"], "abandoned": row["abandoned"],
             "wait_seconds": row["wait_seconds"], "waits": row["waits"],
             "wait_max": row["wait_max"]} for row in rows]
