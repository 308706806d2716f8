"""The demo visitor line of the home agency (where `guichet` works): two weeks of history and
a handful of visitors waiting today.

The history goes through the real services, in time order, so that its hourly figures are
the ones the services keep: each working day's visitors arrive by the hour (more in the
morning) and by the day (most on Monday, as the study found: visitors crowd agencies at the
start of the week), are called at the agency's desks first come first served, then served
or, now and then, marked absent. The history is made once (none is added when the agency
has visits before today); the waiting visitors once a day. Deterministic for a given day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from contactcenter.counter import services
from contactcenter.counter.models import Reason, Visit
from contactcenter.org.models import Agency, Agent

HOME_AGENCY = "CASA-ANFA"
SEED = 2026
WORKING_DAYS = 10
# Visitors on each weekday (Monday first): the start of the week is the busiest.
DAY_VISITORS = (118, 88, 70, 64, 52)
# Share of the day's arrivals in each hour, from 08:30 to 16:30.
HOUR_WEIGHTS = {8: .5, 9: 1.7, 10: 1.6, 11: 1.2, 12: .7, 13: .5, 14: .9, 15: .7, 16: .2}
REASON_WEIGHTS = {Reason.COMPLAINT: 2, Reason.INFORMATION: 4, Reason.DOCUMENT: 3,
                  Reason.BENEFIT_CLAIM: 2}
# Mean minutes at the desk per reason.
SERVICE_MINUTES = {Reason.COMPLAINT: 12.0, Reason.INFORMATION: 5.0, Reason.DOCUMENT: 4.0,
                   Reason.BENEFIT_CLAIM: 9.0}
DESKS = 2
ABSENT_SHARE = .06
ABSENT_AFTER = timedelta(minutes=3)
WAITING_TODAY = 6


@dataclass(order=True)
class _Event:
    at: datetime
    rank: int  # at the same moment: ends, then arrivals, then calls
    action: str
    data: Any = None


def seed_visitor_line(*, now: datetime | None = None) -> int:
    """The home agency's line: its history (once) and today's waiting visitors (once a
    day). Returns how many visits were added; none without the agency or its front office."""
    now = now or timezone.now()
    agency = Agency.objects.filter(code=HOME_AGENCY).first()
    if agency is None:
        return 0
    agents = _desk_agents(agency)
    if not agents:
        return 0
    today = timezone.localdate(now)
    added = 0
    with transaction.atomic():
        if not Visit.objects.filter(agency=agency, day__lt=today).exists():
            added += _history(agency, agents, today=today)
        if not Visit.objects.filter(agency=agency, day=today).exists():
            added += _waiting_today(agency, now=now)
    return added


def _desk_agents(agency: Agency) -> list[Agent]:
    """The agency's front office at its DESKS desks, `guichet` at desk 1."""
    agents = list(Agent.objects.filter(agency=agency, role=Agent.Role.FRONT_OFFICE)
                  .select_related("user").order_by("pk"))
    agents.sort(key=lambda agent: agent.user.username != "guichet")
    return agents[:DESKS]


def _working_days_before(today: date, count: int) -> list[date]:
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def _history(agency: Agency, agents: list[Agent], *, today: date) -> int:
    rng = random.Random(f"{SEED}:line:{today.isoformat()}")
    tz = timezone.get_current_timezone()
    events: list[_Event] = []
    for day in _working_days_before(today, WORKING_DAYS):
        count = round(DAY_VISITORS[day.weekday()] * rng.uniform(.9, 1.1))
        opening = datetime.combine(day, time(8, 30), tzinfo=tz)
        arrivals = sorted(_arrival(rng, day, tz) for _ in range(count))
        desks_free = [opening] * len(agents)
        for arrival in arrivals:
            reason = rng.choices(list(REASON_WEIGHTS), weights=list(REASON_WEIGHTS.values()))[0]
            desk = min(range(len(agents)), key=lambda index: desks_free[index])
            called = max(arrival, desks_free[desk]) + timedelta(seconds=rng.randint(5, 40))
            absent = rng.random() < ABSENT_SHARE
            length = (ABSENT_AFTER if absent else timedelta(
                minutes=max(1.0, rng.gauss(SERVICE_MINUTES[reason],
                                           SERVICE_MINUTES[reason] / 3))))
            desks_free[desk] = called + length
            events.append(_Event(arrival, 1, "take", reason))
            events.append(_Event(called, 2, "call", desk))
            events.append(_Event(called + length, 0, "absent" if absent else "served", desk))
    at_desk: dict[int, Visit] = {}
    for event in sorted(events):
        if event.action == "take":
            services.take_number(agency=agency, reason=event.data, now=event.at)
        elif event.action == "call":
            visit = services.call_next(agent=agents[event.data], desk=event.data + 1,
                                       now=event.at)
            if visit is not None:
                at_desk[event.data] = visit
        elif event.data in at_desk:
            visit = at_desk.pop(event.data)
            end = services.mark_absent if event.action == "absent" else services.mark_served
            end(visit=visit, by=agents[event.data], now=event.at)
    return sum(1 for event in events if event.action == "take")


def _arrival(rng: random.Random, day: date, tz: Any) -> datetime:
    hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
    minute = rng.randint(30, 59) if hour in (8, 16) else rng.randint(0, 59)
    if hour == 16:
        minute = rng.randint(0, 29)
    return datetime.combine(day, time(hour, minute, rng.randint(0, 59)), tzinfo=tz)


def _waiting_today(agency: Agency, *, now: datetime) -> int:
    """A handful of visitors who took a number in the last half hour (none at the desks:
    the demo agent calls the first)."""
    rng = random.Random(f"{SEED}:today:{timezone.localdate(now).isoformat()}")
    reasons = [Reason.INFORMATION, Reason.COMPLAINT, Reason.DOCUMENT, Reason.BENEFIT_CLAIM,
               Reason.INFORMATION, Reason.DOCUMENT][:WAITING_TODAY]
    start = now - timedelta(minutes=25)
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(start, midnight + timedelta(seconds=1))
    step = (now - start) / (len(reasons) + 1)
    for index, reason in enumerate(reasons):
        taken = start + step * (index + 1) - timedelta(seconds=rng.randint(0, 20))
        services.take_number(agency=agency, reason=reason, now=max(taken, start))
    return len(reasons)
