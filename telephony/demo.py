"""The calls of the demo's last year, for the managers' reports: each day's calls to the
fund's number (most on weekdays, mornings and Mondays), the callers put through to the call
centre's queue who waited for an agent, and those who hung up first (abandoned: put through,
never taken). Waits and abandonment fall as the call centre finds its feet: at the start of
the year callers wait about four minutes and a quarter give up; today under a minute and one
in twelve.

Written in bulk (COPY), deterministic for a given day, once: nothing is added when calls
older than two days exist.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from contactcenter.bulk import copy_insert
from contactcenter.org.models import Agent, Direction, Queue
from telephony.models import Call

SEED = "2026:calls"
DAYS = 365
# Calls on each weekday (Monday first), before the day's own variation.
DAY_CALLS = (95, 75, 68, 64, 58, 20, 8)
HOUR_WEIGHTS = {8: 1.2, 9: 2.0, 10: 2.0, 11: 1.6, 12: 1.0, 13: 0.8, 14: 1.2, 15: 1.0,
                16: 0.6, 17: 0.3}
MENU_ONLY_SHARE = 0.3  # heard their complaint's status in the voice menu, or left


def calls_exist(*, now: datetime) -> bool:
    return Call.objects.filter(started_at__lt=now - timedelta(days=2)).exists()


def ease(progress: float) -> float:
    return 1 - (1 - min(max(progress, 0.0), 1.0)) ** 1.5


@transaction.atomic
def seed_calls(*, days: int = DAYS, now: datetime | None = None) -> int:
    """Write the calls of the last `days` days (not today's); none without the call centre's
    queue or when they exist already. Returns how many."""
    now = now or timezone.now()
    queue = (Queue.objects.filter(direction__kind=Direction.Kind.CALL_CENTRE)
             .order_by("pk").first())
    agents = list(Agent.objects.filter(role=Agent.Role.CALL_CENTRE).order_by("pk")
                  .values_list("pk", flat=True))
    if days <= 0 or queue is None or not agents or calls_exist(now=now):
        return 0
    today = timezone.localdate(now)
    rng = random.Random(f"{SEED}:{today.isoformat()}")
    rows: list[dict[str, Any]] = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        progress = 1 - back / days
        count = round(DAY_CALLS[day.weekday()] * (0.8 + 0.4 * progress) * rng.uniform(.85, 1.15))
        rows += (_call(rng, day, progress, queue.pk, agents) for _ in range(count))
    copy_insert(Call, rows)
    return len(rows)


def _call(rng: random.Random, day: date, progress: float, queue_id: int,
          agents: list[int]) -> dict[str, Any]:
    hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
    started = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)),
                               tzinfo=timezone.get_current_timezone())
    row: dict[str, Any] = {
        "carrier_id": f"CA{rng.getrandbits(128):032x}",
        "from_number": f"+2126{rng.randint(10_000_000, 99_999_999)}",
        "started_at": started, "processed_at": started + timedelta(seconds=1),
        "language": rng.choice(["fr", "ar", "ar"]), "status": Call.Status.COMPLETED}
    menu = timedelta(seconds=rng.randint(20, 90))
    draw = rng.random()
    if draw < 0.03:
        row.update(status=rng.choice([Call.Status.BUSY, Call.Status.FAILED,
                                      Call.Status.NO_ANSWER]), language="", duration=0,
                   ended_at=started)
        return row
    if draw < 0.03 + MENU_ONLY_SHARE:
        row.update(ended_at=started + menu, duration=int(menu.total_seconds()))
        return row
    enqueued = started + menu
    wait_median = 240 - 190 * ease(progress)
    abandon = 0.25 - 0.17 * ease(progress)
    row.update(queue_id=queue_id, enqueued_at=enqueued)
    if rng.random() < abandon:
        waited = timedelta(seconds=wait_median * 1.3 * math.exp(rng.gauss(0, 0.6)))
        ended = enqueued + waited
    else:
        waited = timedelta(seconds=max(5.0, wait_median * math.exp(rng.gauss(0, 0.7))))
        taken = enqueued + waited
        ended = taken + timedelta(seconds=max(40.0, rng.gauss(300, 120)))
        row.update(taken_by_id=rng.choice(agents), taken_at=taken)
    row.update(ended_at=ended, duration=int((ended - started).total_seconds()))
    return row
