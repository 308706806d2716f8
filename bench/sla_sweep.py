#!/usr/bin/env python3
"""Benchmark of the escalation sweep over many open complaints, few of them due.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/sla_sweep.py

In a scratch database `bench_sla_sweep`: 12 regions, 60 agencies with a queue, an agent and
a supervisor each, 2,000 customers, then N open complaints on the national default policy
(75 %, 100 %, 150 % of 40 business hours), written by one `INSERT ... SELECT FROM
generate_series`. 1 % of them have their next level (75 %) due in the hour before NOW; the
others are due from one hour to 30 days after it. For each size it times
`tickets.escalation.sweep(now=...)`:

- with nothing due (a sweep at NOW - 2 h: the time of finding nothing),
- with the 1 % due (the sweep at NOW fires one level on each),
- again at NOW (nothing left to fire: a rerun is cheap and fires nothing twice).

Outbox rows are written but not delivered (the background work runs in-process: no Redis,
no task published per row). The working calendar is loaded before timing (each process
keeps it for 5 minutes).

After the sweeps it also times the SLA board's reads
(contactcenter.board.selectors.board_for: the counts and
the list of slipping complaints) for an administrator, a regional manager and an agency
supervisor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_sla_sweep"
NOW = datetime(2026, 4, 15, 12, 0, tzinfo=ZoneInfo("Africa/Casablanca"))  # a Wednesday
REGIONS, AGENCIES_PER_REGION, CUSTOMERS = 12, 5, 2_000
TARGET_SECONDS = 2.0
_OPEN = "state IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting', 'referred')"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--due-percent", type=float, default=1.0)
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of the sweep of the due complaints to FILE")
    args = parser.parse_args()
    # In-process background mode: no Celery task per outbox row on a shared Redis.
    os.environ.pop("REDIS_URL", None)
    with scratch_database(SCRATCH):
        return _run(sizes=args.sizes, due_percent=args.due_percent, profile=args.profile)


def _run(*, sizes: list[int], due_percent: float, profile: str | None) -> int:
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from sla import selectors

    _populate_organisation()
    agency = _first_agency()
    selectors.business_calendar(agency_id=agency[0], region_id=agency[1], today=NOW.date())
    ok = True
    boards: list[tuple[int, list[tuple[str, int, float]]]] = []
    print(f"{'open':>10} {'due':>8} {'sweep':>16} {'examined':>9} {'levels':>7} "
          f"{'queries':>8} {'seconds':>8}")
    for size in sizes:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE tickets_ticket CASCADE")
        due = _insert_complaints(size, due_percent=due_percent)
        for label, moment, expected in (("nothing due", NOW - timedelta(hours=2), 0),
                                        (f"{due_percent:g} % due", NOW, due),
                                        ("rerun", NOW, 0)):
            result, queries, seconds = _timed_sweep(moment, profile if expected else None)
            print(f"{size:>10,} {expected:>8,} {label:>16} {result.examined:>9,} "
                  f"{result.levels_fired:>7,} {queries:>8,} {seconds:>8.2f}", flush=True)
            ok &= result.levels_fired == expected
            if expected and size >= 1_000_000:
                ok &= seconds < TARGET_SECONDS
        boards.append((size, _time_boards()))
    _print_boards(boards)
    print("OK" if ok else f"NOT OK: a level fired wrongly or the target ({TARGET_SECONDS} s) "
          "was missed")
    return 0 if ok else 1


def _time_boards(runs: int = 5) -> list[tuple[str, int, float]]:
    """The SLA board's reads (counts and slipping list) as three managers see them, after
    the sweep: (who, queries, median ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Django is set up on the scratch database once the script runs.
    from contactcenter.board.selectors import Drill, board_for, drill_from
    from contactcenter.org.models import Agent

    admin = Agent.objects.get(role=Agent.Role.ADMINISTRATOR)
    manager = Agent.objects.filter(role=Agent.Role.REGIONAL_MANAGER).order_by("pk").first()
    supervisor = Agent.objects.filter(role=Agent.Role.SUPERVISOR).order_by("pk").first()
    cases = [("administrator, national by region", admin, {}),
             ("regional manager, region by agency", manager,
              {"region": str(manager.region_id)}),
             ("supervisor, agency by queue", supervisor, {"agency": str(supervisor.agency_id)})]
    results = []
    for label, agent, params in cases:
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                drill = drill_from(params) if params else Drill()
                board = board_for(agent=agent, drill=drill, now=NOW)
                timings.append((time.perf_counter() - started) * 1000)
            assert board.total.open > 0
        results.append((label, len(queries), statistics.median(timings)))
    return results


def _print_boards(boards: list[tuple[int, list[tuple[str, int, float]]]]) -> None:
    print(f"{'open':>10} {'board':>36} {'queries':>8} {'ms':>8}")
    for size, rows in boards:
        for label, queries, ms in rows:
            print(f"{size:>10,} {label:>36} {queries:>8} {ms:>8.1f}")


def _timed_sweep(moment: datetime, profile: str | None = None) -> tuple[object, int, float]:
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from tickets import escalation

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counter["queries"] += 1
        return execute(sql, params, many, context)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = profiler.runcall(escalation.sweep, now=moment) if profiler else \
            escalation.sweep(now=moment)
        seconds = time.perf_counter() - started
    if profiler:
        profiler.dump_stats(profile)
    return result, counter["queries"], seconds


def _populate_organisation() -> None:
    from django.contrib.auth import get_user_model

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import Customer
    from contactcenter.org.models import Agency, Agent, Queue, Region

    User = get_user_model()
    regions = Region.objects.bulk_create(
        Region(code=f"DR{n:02d}", name_fr=f"Région {n}", name_ar=f"جهة {n}")
        for n in range(REGIONS))
    agencies = Agency.objects.bulk_create(
        Agency(code=f"AG{r:02d}{n}", name_fr=f"Agence {r}-{n}", name_ar=f"وكالة {r}-{n}",
               region=region)
        for r, region in enumerate(regions) for n in range(AGENCIES_PER_REGION))
    Queue.objects.bulk_create(
        Queue(code=f"Q{agency.code}", name_fr=f"File {agency.code}",
              name_ar=f"طابور {agency.code}", agency=agency) for agency in agencies)
    users = User.objects.bulk_create(
        [User(username=f"agent-{a.code}") for a in agencies]
        + [User(username=f"sup-{a.code}") for a in agencies]
        + [User(username=f"dr-{r.code}") for r in regions])
    by_name = {user.username: user for user in users}
    Agent.objects.bulk_create(
        [Agent(user=by_name[f"agent-{a.code}"], role=Agent.Role.FRONT_OFFICE, agency=a)
         for a in agencies]
        + [Agent(user=by_name[f"sup-{a.code}"], role=Agent.Role.SUPERVISOR, agency=a)
           for a in agencies]
        + [Agent(user=by_name[f"dr-{r.code}"], role=Agent.Role.REGIONAL_MANAGER, region=r)
           for r in regions]
        + [Agent(user=User.objects.create(username="admin"), role=Agent.Role.ADMINISTRATOR)])
    Customer.objects.bulk_create(
        Customer(kind=Customer.Kind.PERSON, roles=[Customer.Role.INSURED], first_name="Fatima",
                 last_name=f"Benali{n}", immatriculation=f"{100000000 + n}",
                 agency=agencies[n % len(agencies)], name_search=f"fatima benali{n}")
        for n in range(CUSTOMERS))


def _first_agency() -> tuple[int, int]:
    # Django is set up on the scratch database once the script runs.
    from contactcenter.org.models import Agency

    return Agency.objects.order_by("pk").values_list("pk", "region_id").first()  # type: ignore[return-value]


def _insert_complaints(size: int, *, due_percent: float) -> int:
    """`size` complaints in progress; every (100 / due_percent)-th one due. Returns how many
    are due at NOW."""
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from sla.models import SlaPolicy

    policy = SlaPolicy.objects.get(category__isnull=True, priority="", channel="", segment="")
    every = max(1, round(100 / due_percent)) if due_percent > 0 else size + 1
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH agencies AS (
                SELECT row_number() OVER (ORDER BY a.id) - 1 AS n, a.id AS agency_id,
                       q.id AS queue_id, ag.id AS agent_id
                FROM org_agency a
                JOIN org_queue q ON q.agency_id = a.id
                JOIN org_agent ag ON ag.agency_id = a.id AND ag.role = 'front_office'
            ), customers AS (
                SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM customers_customer
            ), counts AS (
                SELECT (SELECT count(*) FROM agencies) AS agencies,
                       (SELECT count(*) FROM customers) AS customers
            )
            INSERT INTO tickets_ticket (
                reference, channel, state, description, created_at, updated_at, agency_id,
                queue_id, assignee_id, assigned_at, customer_id, priority, explanation, outcome,
                rule, waiting_for, version, sla_policy_id, sla_elapsed, sla_running_since,
                sla_period, sla_level, sla_breached, next_escalation_at, resolution_due,
                first_response_due, first_responded_at)
            SELECT
                'B' || lpad(g::text, 9, '0'), 'phone', 'in_progress', 'AF non payées',
                %(now)s - interval '5 days', %(now)s - interval '1 minute', a.agency_id,
                a.queue_id, a.agent_id, %(now)s - interval '5 days', c.id, 'normal', '', '',
                '', '', 1, %(policy)s,
                CASE WHEN g %% %(every)s = 0 THEN interval '31 hours'
                     ELSE (g %% 29) * interval '1 hour' END,
                %(now)s - interval '1 minute', 0, 0, false,
                CASE WHEN g %% %(every)s = 0
                     THEN %(now)s - (g %% 3600) * interval '1 second'
                     ELSE %(now)s + interval '1 hour'
                          + ((g::bigint * 7919) %% (30 * 86400)) * interval '1 second' END,
                %(now)s + interval '2 days' + (g %% 86400) * interval '1 second',
                %(now)s - interval '4 days', %(now)s - interval '4 days'
            FROM generate_series(1, %(size)s::int) AS g
            CROSS JOIN counts
            JOIN agencies a ON a.n = g %% counts.agencies
            JOIN customers c ON c.n = g %% counts.customers
        """, {"now": NOW, "policy": policy.pk, "every": every, "size": size})
        cursor.execute("VACUUM ANALYZE tickets_ticket")
    print(f"-- {size:,} open complaints written in {time.perf_counter() - started:.1f} s")
    return size // every


if __name__ == "__main__":
    raise SystemExit(main())
