#!/usr/bin/env python3
"""Benchmark of the managers' figures at 1,000,000 complaints: building the daily aggregates,
keeping them up to date, and reading them for the dashboard and the summary API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/reports.py [--size 1000000] [--changes 300] [--requests 50]

In a scratch database `bench_reports`, the data set of bench/reports_data.py (12 regions,
40 agencies, 22 categories in 3 audiences, 7 channels, complaints over two years with their
steps, step SMS and survey answers, bulk-inserted). Then:

1. services.rebuild_figures(): its time, and the rows of ComplaintFact and ComplaintStats.
2. The upkeep: `--changes` real changes through the tickets services (complaints opened,
   triaged, assigned, started, resolved, reopened; the escalation sweep; carriers' delivery
   reports), then services.update_figures(): ms per changed complaint and per event. Also
   update_figures() when nothing changed (the idle cost of each minute's run), and right
   after the changes (the next run reads them again within its margin, changes nothing).
3. The dashboard and the summary: p50/p95 over `--requests` calls each, every call with
   another period (or category, channel) so that no cache could serve it, as headquarters
   (last 12 months, two years, last 30 days, one category, one channel), the manager of a
   region and an agency supervisor (last 12 months). Through Django's test client when
   /reports/ and /api/v1/reports/summary/ resolve, else contactcenter.reports.figures'
   dashboard() and summary() called directly. Targets: dashboard p95 <= 200 ms, summary
   p95 <= 100 ms.

`--keep` keeps the scratch database (and reuses it when it holds complaints already: the
data and the rebuild are then skipped). `--explain` prints EXPLAIN ANALYZE of the slowest
call's queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch database,
# by scratch_database() once the script has started.
SCRATCH = "bench_reports"
DASHBOARD_TARGET, SUMMARY_TARGET = 200.0, 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="complaints")
    parser.add_argument("--changes", type=int, default=300,
                        help="complaints changed through the services before the upkeep")
    parser.add_argument("--requests", type=int, default=50, help="calls per case")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch database, reuse it if it has data")
    parser.add_argument("--database", default=SCRATCH,
                        help="the scratch database's name (starting with bench_reports)")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the figures even when reusing the kept database")
    parser.add_argument("--data-only", action="store_true",
                        help="stop once the data is in (with --keep: build it once)")
    parser.add_argument("--no-jit", action="store_true",
                        help="the reads with PostgreSQL's JIT compilation off")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE the queries of the slowest call")
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of rebuild_figures() to FILE, of the upkeep "
                             "after the changes to FILE.upkeep")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)  # in-memory layers: nothing here talks to Redis
    os.environ["SMS_GATEWAY"] = "fake"
    if not args.database.startswith(SCRATCH):
        parser.error(f"the scratch database's name must start with {SCRATCH}")
    with scratch_database(args.database, keep=args.keep):
        return _run(args)


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _run(args: argparse.Namespace) -> int:
    import reports_data as data
    from django.db import connection

    print(f"load average at start: {_load()}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket")
        present = cursor.fetchone()[0]
    if present:
        print(f"reusing the {present:,} complaints already there")
        people = _people()
    else:
        started = time.perf_counter()
        people = data.organisation()
        data.customers()
        print(f"organisation and customers: {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        data.complaints(args.size, report=lambda line: print(line, flush=True))
        print(f"{args.size:,} complaints and their steps: "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    if args.data_only:
        return 0
    if not present or args.rebuild or not _has_figures():
        _rebuild(args.profile)
    if not present or args.rebuild or not _has_day_figures():
        _rebuild_day_tables()
    _table_sizes()
    ok = _upkeep(people, changes=args.changes, profile=args.profile)
    print(f"\nload average before the reads: {_load()}", flush=True)
    import reads

    if args.no_jit:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        print("(PostgreSQL's JIT compilation off for the reads)")
    ok = reads.measure(people, requests=args.requests, explain=args.explain) and ok
    print(f"\nload average at the end: {_load()}")
    return 0 if ok else 1


def _people() -> dict[str, object]:
    from contactcenter.org.models import Agent

    return {name: Agent.objects.get(user__username=name)
            for name in ("admin", "regional", "supervisor")}


def _has_figures() -> bool:
    from contactcenter.reports.models import ComplaintStats

    return ComplaintStats.objects.exists()


def _has_day_figures() -> bool:
    from contactcenter.reports.models import SatisfactionRollup

    return SatisfactionRollup.objects.exists()


def _rebuild_day_tables() -> None:
    """The satisfaction answers' and the contacts' daily tables, counted again."""
    from contactcenter.reports import services

    for name, rebuild in (("satisfaction", services.rebuild_satisfaction_figures),
                          ("contact", services.rebuild_contact_figures)):
        started = time.perf_counter()
        days = rebuild()
        print(f"rebuild_{name}_figures(): {days:,} days in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    _vacuum("reports_satisfactionstats", "reports_satisfactionrollup", "reports_contactstats")


def _rebuild(profile: str | None) -> None:
    from contactcenter.reports import services

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    counted = services.rebuild_figures()
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    print(f"\nrebuild_figures(): {counted:,} complaints in {elapsed:.0f} s, "
          f"{elapsed * 1000 / max(counted, 1):.2f} ms a complaint", flush=True)
    _vacuum("reports_complaintstats", "reports_complaintfact")


def _vacuum(*tables: str) -> None:
    """What autovacuum does within minutes of a rebuild: clear the old rows, which the
    reads' index scans would otherwise still visit."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"VACUUM ANALYZE {', '.join(tables)}: {time.perf_counter() - started:.0f} s",
          flush=True)


def _table_sizes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("tickets_ticket", "tickets_ticketevent", "tickets_outboxmessage",
                      "tickets_surveyanswer", "reports_complaintfact", "reports_complaintstats",
                      "reports_satisfactionstats", "reports_satisfactionrollup"):
            cursor.execute(f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) "
                           f"FROM {table}")
            rows, size = cursor.fetchone()
            print(f"  {table:<24} {rows:>11,} rows {size:>9}")
        cursor.execute("SELECT grain, by_agency, region_id = -1, category_id = -1, count(*) "
                       "FROM reports_complaintstats GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
        print("  ComplaintStats rows by grain and level: " + ", ".join(
            f"{grain} {'agency' if by_agency else 'fund' if fund else 'region'}"
            f"{' (every slice)' if every else ''} {n:,}"
            for grain, by_agency, fund, every, n in cursor.fetchall()))


# --- The upkeep ---------------------------------------------------------------------------------

@dataclass
class Timed:
    ms: float
    changed: int


def _timed_update() -> Timed:
    from contactcenter.reports import services

    started = time.perf_counter()
    changed = services.update_figures()
    return Timed((time.perf_counter() - started) * 1000, changed)


def _upkeep(people: dict[str, object], *, changes: int, profile: str | None) -> bool:
    from django.utils import timezone

    from tickets.models import OutboxMessage, TicketEvent

    print("\nUpkeep", flush=True)
    _timed_update()  # catches up with whatever the rebuild's margin holds
    idle = [_timed_update().ms for _ in range(5)]
    print(f"  update_figures(), nothing changed: median {statistics.median(idle):.1f} ms "
          f"(of {', '.join(f'{ms:.0f}' for ms in idle)})", flush=True)
    began = timezone.now()
    started = time.perf_counter()
    touched, by_kind = _make_changes(people, changes)
    print(f"  {touched} complaints changed through the services in "
          f"{time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{kind} {n}" for kind, n in by_kind.items()), flush=True)
    events = TicketEvent.objects.filter(at__gte=began).count()
    reports = OutboxMessage.objects.filter(delivery_updated_at__gte=began).count()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    run = _timed_update()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(f"{profile}.upkeep")
    print(f"  update_figures() after them: {run.ms:.0f} ms, {run.changed} complaints changed, "
          f"{events} steps and {reports} delivery reports recorded: "
          f"{run.ms / max(run.changed, 1):.2f} ms a changed complaint, "
          f"{run.ms / max(events + reports, 1):.2f} ms an event", flush=True)
    again = _timed_update()
    print(f"  update_figures() again (the same changes within its margin): {again.ms:.0f} ms, "
          f"{again.changed} changed", flush=True)
    return True


def _make_changes(people: dict[str, object], changes: int) -> tuple[int, dict[str, int]]:
    """About `changes` complaints changed: a fifth opened, the rest moved one step on
    (triage, assign, start, resolve, reopen), plus the escalations due within the next
    hour and delivery reports turning undelivered SMS into delivered."""
    from collections import Counter
    from datetime import timedelta

    from django.utils import timezone

    from contactcenter.customers.models import Customer
    from contactcenter.org.models import Agent
    from tickets import escalation, outbox, services
    from tickets.models import Category, OutboxMessage, Ticket

    done: Counter[str] = Counter()
    touched: set[int] = set()
    supervisor = people["supervisor"]
    categories = list(Category.objects.order_by("pk"))
    customers = list(Customer.objects.order_by("pk")[:changes])
    for n in range(changes // 5):
        customer = customers[n]
        agent = Agent.objects.filter(agency_id=customer.agency_id,
                                     role=Agent.Role.FRONT_OFFICE).first()
        ticket = services.open_complaint(customer=customer, channel="phone", by=agent,
                                         category=categories[n % len(categories)],
                                         description=f"Réclamation de mesure {n}")
        touched.add(ticket.pk)
        done["opened"] += 1
    share = (changes - changes // 5) // 5

    def some(state: str) -> list[Ticket]:
        recent = timezone.now() - timedelta(days=20)  # (reopened within 30 days only)
        return list(Ticket.objects.filter(state=state, created_at__gte=recent)
                    .exclude(pk__in=touched)
                    .select_related("queue", "agency", "assignee").order_by("-pk")[:share])

    for ticket in some("new"):
        services.triage_ticket(ticket=ticket, by=supervisor,
                               category=categories[ticket.pk % len(categories)])
        touched.add(ticket.pk)
        done["triaged"] += 1
    for ticket in some("triaged"):
        agent = ticket.queue.agents.first() if ticket.queue else None
        if agent is not None:
            services.assign_ticket(ticket=ticket, by=supervisor, agent=agent)
            touched.add(ticket.pk)
            done["assigned"] += 1
    for ticket in some("assigned"):
        services.start_ticket(ticket=ticket, by=ticket.assignee)
        touched.add(ticket.pk)
        done["started"] += 1
    for ticket in some("in_progress"):
        services.resolve_ticket(ticket=ticket, by=ticket.assignee, outcome="accepted",
                                explanation="Versement effectué")
        touched.add(ticket.pk)
        done["resolved"] += 1
    for ticket in some("resolved"):
        services.reopen_ticket(ticket=ticket, by=ticket.assignee, reason="Toujours rien reçu")
        touched.add(ticket.pk)
        done["reopened"] += 1
    swept = escalation.sweep(now=timezone.now() + timedelta(hours=1))
    done["escalated (sweep)"] = swept.escalated
    for carrier_id in (OutboxMessage.objects.filter(delivery_status="undelivered")
                       .order_by("-pk").values_list("carrier_id", flat=True)[:changes // 10]):
        done["delivery reports"] += int(outbox.record_delivery_status(
            carrier_id=carrier_id, status="delivered"))
    return len(touched) + done["escalated (sweep)"] + done["delivery reports"], dict(done)


if __name__ == "__main__":
    raise SystemExit(main())
