#!/usr/bin/env python3
"""Benchmark of deadline computation on the Moroccan business calendar.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/deadlines.py

In a scratch database `bench_deadlines` (migrated: the national default policy, 8 business
hours to a first response and 40 to resolution, levels at 75 %, 100 % and 150 %), with the
built-in national calendar (Monday to Friday 08:30-16:30, Morocco's holidays from the
`holidays` package, Ramadan hours from hijridate). `--count` moments spread over 2026 and
2027 (nights, weekends, holidays, both Ramadans and their UTC-offset changes), in one
process, after a warm-up that loads the calendar and the policy into the per-process cache:

- `BusinessCalendar.add(start, 40 h)`: one deadline;
- `sla.services.start(ticket)` on an unsaved complaint: what opening a complaint computes
  (the policy chosen, the first-response and resolution deadlines, the next escalation);
- `BusinessCalendar.between(start, end)`: business time between two moments.

Prints each as computations per second. Target: at least 10,000 deadlines per second.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_deadlines"
TARGET = 10_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    args = parser.parse_args()
    with scratch_database(SCRATCH):
        return _run(args.count)


def _run(count: int) -> int:
    from django.utils import timezone

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import Customer
    from sla import selectors, services
    from tickets.models import Ticket

    rng = random.Random(7)
    span = (datetime(2028, 1, 1, tzinfo=UTC) - datetime(2026, 1, 1, tzinfo=UTC)).total_seconds()
    moments = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.uniform(0, span))
               for _ in range(count)]
    calendar = selectors.business_calendar(agency_id=None, region_id=None,
                                           today=timezone.localdate(moments[0]))
    customer = Customer(kind=Customer.Kind.PERSON, roles=[Customer.Role.INSURED])
    tickets = [Ticket(customer=customer, channel="phone", priority="normal", created_at=moment)
               for moment in moments]
    resolution = timedelta(hours=40)
    ok = True
    print(f"{'computation':<44} {'count':>8} {'seconds':>8} {'per second':>11}")
    for label, work in [
        ("BusinessCalendar.add(start, 40 h)",
         lambda: [calendar.add(moment, resolution) for moment in moments]),
        ("sla.services.start (opening: 3 deadlines)",
         lambda: [services.start(ticket, now=ticket.created_at) for ticket in tickets]),
        ("BusinessCalendar.between(start, start + 9 d)",
         lambda: [calendar.between(moment, moment + timedelta(days=9)) for moment in moments]),
    ]:
        work()  # warm-up: every day's working spans computed once
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
        rate = count / seconds
        ok &= rate >= TARGET
        print(f"{label:<44} {count:>8,} {seconds:>8.2f} {rate:>11,.0f}", flush=True)
    print("OK" if ok else f"NOT OK: under {TARGET:,} per second")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
