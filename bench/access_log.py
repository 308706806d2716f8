#!/usr/bin/env python3
"""Benchmark of the personal-data access log: what writing it adds to the pages that write
it, the cost of one entry, and the retention purge.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/access_log.py

In a scratch database `bench_access_log`:

1. The pages. The data of bench/timeline.py (2,000 customers with 50 interactions each, a
   customer with 65 history entries and one with 5,500); as an administrator, the
   customer page, its "load more" and a complaint page through Django's test client,
   `--requests` times each way, taking turns: the log skipped (`record_access` swapped
   for a no-op), written, and written with an asynchronous commit (for comparison: the
   commit does not wait for the disk). All see the same data and the same load on the
   machine. Milliseconds (p50, p95), and CPU per request of this process and
   of its PostgreSQL backend.
2. One entry. `record_access` called as a page calls it (its own transaction and commit,
   as on a GET page), on the log the pages left, then on a log of `--entries` rows spread
   over the retention and a year more (INSERT ... SELECT FROM generate_series).
3. The purge of what is past the retention (the trigger checks each deleted row), then of
   the next hour's worth, as the hourly job finds it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_access_log"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400,
                        help="requests per page and way (skipped, written, asynchronous)")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=2_000_000)
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)
    os.environ["SMS_GATEWAY"] = "fake"
    # One connection: the backend whose CPU is read is the one that served the request.
    os.environ["DATABASE_POOL_MIN"] = os.environ["DATABASE_POOL_MAX"] = "1"
    with scratch_database(SCRATCH):
        _pages(requests=args.requests)
        return _run(calls=args.calls, entries=args.entries)


def _backend_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pages(*, requests: int) -> None:
    import timeline
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    # Django is set up on the scratch database once the script runs.
    from contactcenter.audit import services
    from contactcenter.audit.models import AccessLogEntry

    setup_test_environment()
    agent, short, long = timeline._populate()
    ticket = short.tickets.order_by("pk").first()
    client = Client()
    client.force_login(agent.user)
    pages = [("customer (65 entries)", f"/customers/{short.pk}/"),
             ("customer (5,500 entries)", f"/customers/{long.pk}/"),
             ("load more (5,500, middle)",
              f"/customers/{long.pk}/timeline/?cursor={timeline._deep_cursor(long)}"),
             ("complaint page", f"/desk/tickets/{ticket.reference}/")]
    real = services.record_access

    def skipped(**kwargs: Any) -> None:
        return None

    def asynchronous(**kwargs: Any) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO off")
            real(**kwargs)

    arms = {"skipped": skipped, "written": real, "async": asynchronous}
    print(f"{'page':<26} {'log':>7} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms Python':>14} "
          f"{'CPU ms PostgreSQL':>18}")
    for label, url in pages:
        for _ in range(10):  # warm templates, caches, prepared statements
            assert client.get(url).status_code == 200, url
        timings: dict[str, list[float]] = {arm: [] for arm in arms}
        cpu = dict.fromkeys(arms, 0.0)
        backend = dict.fromkeys(arms, 0.0)
        for n in range(len(arms) * requests):
            arm = list(arms)[n % len(arms)]
            services.record_access = arms[arm]  # type: ignore[assignment]
            began_cpu, began_backend = time.process_time(), _backend_cpu()
            began = time.perf_counter()
            response = client.get(url)
            timings[arm].append((time.perf_counter() - began) * 1000)
            cpu[arm] += time.process_time() - began_cpu
            backend[arm] += _backend_cpu() - began_backend
            assert response.status_code == 200
        services.record_access = real  # type: ignore[assignment]
        for arm in arms:
            print(f"{label:<26} {arm:>7} {statistics.median(timings[arm]):>7.1f} "
                  f"{statistics.quantiles(timings[arm], n=20)[18]:>7.1f} "
                  f"{cpu[arm] / requests * 1000:>14.2f} "
                  f"{backend[arm] / requests * 1000:>18.2f}", flush=True)
    print(f"({AccessLogEntry.objects.count():,} entries written)\n")


def _time_calls(calls: int, request, agent, *,  # type: ignore[no-untyped-def]
                asynchronous: bool = False) -> tuple[float, float, float, float]:
    from django.db import connection, transaction

    # Django is set up on the scratch database once the script runs.
    from contactcenter.audit import services

    def call(n: int) -> None:
        services.record_access(request=request, channel=services.Channel.DESK,
                               kind=services.Kind.COMPLAINT, object_id=n,
                               label=f"7{n:09d}", customer_id=n % 100_000, agent=agent)

    if asynchronous:  # for comparison only: the commit does not wait for the disk
        record = call

        def call(n: int) -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO off")
                record(n)

    for _ in range(20):  # prepare the statement, warm the caches
        services.record_access(request=request, channel=services.Channel.DESK,
                               kind=services.Kind.CUSTOMER, object_id=1, customer_id=1,
                               agent=agent)
    timings = []
    cpu, backend = time.process_time(), _backend_cpu()
    for n in range(calls):
        began = time.perf_counter()
        call(n)
        timings.append((time.perf_counter() - began) * 1000)
    cpu, backend = time.process_time() - cpu, _backend_cpu() - backend
    return (statistics.median(timings), statistics.quantiles(timings, n=20)[18],
            cpu / calls * 1000, backend / calls * 1000)


def _run(*, calls: int, entries: int) -> int:
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import timezone

    # Django is set up on the scratch database once the script runs.
    from contactcenter.audit import services
    from contactcenter.audit.models import AccessLogEntry
    from tests import factories

    agent = factories.AgentFactory(user__username="guichet")
    request = RequestFactory().get("/customers/1/", REMOTE_ADDR="10.1.2.3")
    request.user = agent.user
    print(f"{'log rows':>12} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms Python':>14} "
          f"{'CPU ms PostgreSQL':>18}")
    rows = AccessLogEntry.objects.count()
    p50, p95, cpu, backend = _time_calls(calls, request, agent)
    print(f"{rows:>12,} {p50:>8.3f} {p95:>8.3f} {cpu:>14.3f} {backend:>18.3f}", flush=True)
    retention = settings.ACCESS_LOG_RETENTION_DAYS
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO audit_accesslogentry (at, user_id, username, role, address, channel,
                kind, action, object_id, label, customer_id, detail)
            SELECT now() - (g::float / %(entries)s) * %(days)s * interval '1 day',
                   1 + g %% 500, 'agent' || (g %% 500), 'front_office', '10.0.0.1', 'desk',
                   'customer', 'view', (g %% 100000)::text, '', g %% 100000, ''
            FROM generate_series(1, %(entries)s) AS g
        """, {"entries": entries, "days": retention + 365})
        cursor.execute("VACUUM ANALYZE audit_accesslogentry")
    print(f"  (+{entries:,} rows over {retention + 365} days written in "
          f"{time.perf_counter() - started:.0f} s)", flush=True)
    p50, p95, cpu, backend = _time_calls(calls, request, agent)
    print(f"{entries:>12,} {p50:>8.3f} {p95:>8.3f} {cpu:>14.3f} {backend:>18.3f}", flush=True)
    p50, p95, cpu, backend = _time_calls(calls, request, agent, asynchronous=True)
    print(f"{'(async)':>12} {p50:>8.3f} {p95:>8.3f} {cpu:>14.3f} {backend:>18.3f}  "
          "the same with SET LOCAL synchronous_commit TO off, for comparison", flush=True)
    # The first purge finds a year past the retention (the worst case: a purge after a
    # lowered retention); the hourly one then finds an hour's worth.
    started = time.perf_counter()
    deleted = services.purge_access_log()
    print(f"purge of everything past {retention} days: {deleted:,} rows in "
          f"{time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    deleted = services.purge_access_log(now=timezone.now() + timedelta(hours=1))
    print(f"the next hour's purge: {deleted:,} rows in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
