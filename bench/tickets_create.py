#!/usr/bin/env python3
"""Benchmark of opening complaints through the service, in one process and in several.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/tickets_create.py

In a scratch database `bench_tickets_create`: 3 regions, 12 agencies each with a front-office
queue of 5 agents, 2 headquarters directions each with a queue of 4 back-office handlers,
10 categories (3 routed to headquarters) and 10,000 customers (90 % with a mobile number).
Each complaint goes through `tickets.services.open_complaint` with a category, so it is
triaged, given to the next agent of its queue by round robin (the cap is lifted so that
every opening takes that whole path), and its outbox rows (SMS, board update) are
written; SMS_GATEWAY is "fake" and no task queue is used, so delivery is not measured.
Each run opens `--count` complaints (after a warm-up of 100), first in one process, then
split between `--processes` processes in parallel (each its own connection), and prints
complaints per second and the CPU time each complaint cost in Python and in its
PostgreSQL backend (read from /proc: less sensitive than the rate to what else runs on
the machine, though not immune).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_tickets_create"
CUSTOMERS = 10_000
WARM_UP = 100


@dataclass
class Work:
    opened: int
    python_seconds: float  # CPU time of the Python process(es)
    database_seconds: float  # CPU time of their PostgreSQL backends

    def __add__(self, other: Work) -> Work:
        return Work(self.opened + other.opened, self.python_seconds + other.python_seconds,
                    self.database_seconds + other.database_seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="complaints per run")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--show-queries", action="store_true",
                        help="print the SQL of one opening and stop")
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of the single-process run to FILE")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)  # no broker: deliveries are not measured here
    os.environ["SMS_GATEWAY"] = "fake"
    # Every opening goes the whole way (triage and assignment): in steady state agents
    # close complaints as fast as they get them, so the cap rarely stops the round robin.
    os.environ["TICKET_ASSIGNMENT_CAP"] = "1000000"
    with scratch_database(SCRATCH):
        if args.show_queries:
            return _show_queries()
        return _run(count=args.count, processes=args.processes, profile=args.profile)


def _show_queries() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _populate()
    _open_many(WARM_UP, seed=0)
    with CaptureQueriesContext(connection) as queries:
        _open_many(1, seed=1)
    for number, query in enumerate(queries.captured_queries, 1):
        print(f"{number:>3} {query['time']:>6} {query['sql'][:300]}")
    return 0


def _run(*, count: int, processes: int, profile: str | None) -> int:
    from django.db import connections

    _populate()
    _open_many(WARM_UP, seed=0)
    print(f"{'processes':>9} {'complaints':>10} {'seconds':>8} {'per second':>10} "
          f"{'assigned':>8} {'outbox rows':>11} {'CPU ms each: python':>20} {'postgres':>8}")
    before = _totals()
    started = time.perf_counter()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        work = profiler.runcall(_open_many, count, 1)
        profiler.dump_stats(profile)
    else:
        work = _open_many(count, seed=1)
    _report(1, work, time.perf_counter() - started, before)

    shares = [count // processes + (i < count % processes) for i in range(processes)]
    before = _totals()
    connections.close_all()  # the children must not share the parent's connections
    for connection in connections.all():
        connection.close_pool()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.starmap(_open_many, [(n, 10 + i) for i, n in enumerate(shares)])
    _report(processes, sum(parts, Work(0, 0.0, 0.0)), time.perf_counter() - started, before)
    return 0


def _report(processes: int, work: Work, seconds: float, before: tuple[int, int, int]) -> None:
    tickets, assigned, outbox = (a - b for a, b in zip(_totals(), before, strict=True))
    assert tickets == work.opened, (tickets, work.opened)
    print(f"{processes:>9} {work.opened:>10,} {seconds:>8.1f} {work.opened / seconds:>10.0f} "
          f"{assigned:>8,} {outbox:>11,} {1000 * work.python_seconds / work.opened:>20.1f} "
          f"{1000 * work.database_seconds / work.opened:>8.1f}", flush=True)


def _totals() -> tuple[int, int, int]:
    # Django is set up on the scratch database once the script runs.
    from tickets.models import OutboxMessage, Ticket

    return (Ticket.objects.count(), Ticket.objects.filter(assignee__isnull=False).count(),
            OutboxMessage.objects.count())


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # PostgreSQL on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def opener(seed: int) -> Callable[[int], object]:
    """A function opening complaint number n for a random customer, by an agent of their
    agency, in a random category (the cast read once)."""
    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import Customer
    from contactcenter.org.models import Agent
    from tickets import services
    from tickets.models import Category

    rng = random.Random(seed)
    customers = list(Customer.objects.select_related("agency").order_by("pk"))
    categories = list(Category.objects.select_related("default_queue").order_by("pk"))
    openers: dict[int, list[Agent]] = {}
    for agent in Agent.objects.filter(role=Agent.Role.FRONT_OFFICE).select_related("user"):
        openers.setdefault(agent.agency_id, []).append(agent)

    def open_one(n: int) -> object:
        customer = rng.choice(customers)
        return services.open_complaint(
            customer=customer, channel=rng.choice(["phone", "counter", "sms", "web"]),
            by=rng.choice(openers[customer.agency_id]), category=rng.choice(categories),
            description=f"Réclamation {seed}-{n}: prestation non versée depuis deux mois")

    return open_one


def _open_many(count: int, seed: int) -> Work:
    """Open `count` complaints for random customers, by an agent of their agency."""
    from django.db import connections

    open_one = opener(seed)
    python, database = time.process_time(), _backend_cpu()
    for n in range(count):
        open_one(n)
    work = Work(count, time.process_time() - python, _backend_cpu() - database)
    connections.close_all()
    return work


def _populate() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import ContactPoint, Customer
    from contactcenter.org.models import Agency, Agent, Direction, Queue, Region
    from tickets.models import Category

    rng = random.Random(42)
    User = get_user_model()
    regions = Region.objects.bulk_create(
        Region(code=f"DR{r}", name_fr=f"Région {r}", name_ar=f"جهة {r}") for r in range(3))
    agencies = Agency.objects.bulk_create(
        Agency(code=f"AG{a:02d}", name_fr=f"Agence {a}", name_ar=f"وكالة {a}",
               region=regions[a % 3]) for a in range(12))
    directions = Direction.objects.bulk_create(
        Direction(code=f"DIR{d}", name_fr=f"Direction {d}", name_ar=f"مديرية {d}",
                  kind=Direction.Kind.BACK_OFFICE) for d in range(2))
    queues = Queue.objects.bulk_create(
        [Queue(code=f"Q-{a.code}", name_fr=f"Accueil {a.code}", name_ar="استقبال", agency=a)
         for a in agencies]
        + [Queue(code=f"Q-{d.code}", name_fr=f"File {d.code}", name_ar="طابور", direction=d)
           for d in directions])
    people = [(Agent.Role.FRONT_OFFICE, q.agency, None, q) for q in queues[:12]
              for _ in range(5)]
    people += [(Agent.Role.BACK_OFFICE, None, q.direction, q) for q in queues[12:]
               for _ in range(4)]
    users = User.objects.bulk_create(
        User(username=f"agent{i}", first_name="Agent", last_name=str(i), password="!")
        for i in range(len(people)))
    agents = Agent.objects.bulk_create(
        Agent(user=user, role=role, agency=agency, direction=direction)
        for user, (role, agency, direction, _queue) in zip(users, people, strict=True))
    Agent.queues.through.objects.bulk_create(
        Agent.queues.through(agent=agent, queue=person[3])
        for agent, person in zip(agents, people, strict=True))
    Category.objects.bulk_create(
        Category(code=f"cat{c}", audience=Category.Audience.INSURED, label_fr=f"Motif {c}",
                 label_ar=f"سبب {c}", default_queue=queues[12 + c % 2] if c < 3 else None)
        for c in range(10))
    customers = Customer.objects.bulk_create(
        (Customer(kind=Customer.Kind.PERSON, roles=[Customer.Role.INSURED],
                  first_name="Client", last_name=f"Numéro {n}",
                  immatriculation=f"{300000000 + n}", agency=rng.choice(agencies),
                  preferred_language=rng.choice(["fr", "ar"]),
                  name_search=f"client numero {n}") for n in range(CUSTOMERS)),
        batch_size=2000)
    ContactPoint.objects.bulk_create(
        (ContactPoint(customer=c, kind=ContactPoint.Kind.MOBILE, is_primary=True,
                      value=f"+2126{10000000 + c.pk}") for c in customers
         if rng.random() < 0.9), batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    raise SystemExit(main())
