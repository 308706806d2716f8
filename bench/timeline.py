#!/usr/bin/env python3
"""Benchmark of the customer page (the 360 view) and its timeline pages, with long histories.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/timeline.py

In a scratch database `bench_timeline`: 2,000 other customers with 50 interactions each
(100,000 rows), one customer with a short history (60 interactions, 5 complaints) and one
with a long one (5,000 interactions, 500 complaints). For both it times the customer page
and the timeline's "load more" deep in the history through Django's test client, and
counts the SQL queries of each. Every page shows 25 entries, so the long history must
cost the same queries and about the same time as the short one.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_timeline"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with scratch_database(SCRATCH):
        return _run(requests=args.requests)


def _run(*, requests: int) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    agent, short, long = _populate()
    client = Client()
    client.force_login(agent.user)
    ok = True
    print(f"{'history':>26} {'page':>10} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for label, customer in (("short (65 entries)", short), ("long (5,500 entries)", long)):
        cursor = _deep_cursor(customer)
        for page, url in (("customer", f"/customers/{customer.pk}/"),
                          ("load more", f"/customers/{customer.pk}/timeline/?cursor={cursor}")):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            query_count = len(queries)  # read now: the next request resets the log
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                ok &= response.status_code == 200
            p95 = statistics.quantiles(timings, n=20)[18]
            print(f"{label:>26} {page:>10} {query_count:>8} "
                  f"{statistics.median(timings):>8.1f} {p95:>8.1f}")
    return 0 if ok else 1


def _populate():  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.utils import timezone

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import Customer, Interaction
    from contactcenter.org.models import Agent
    from tests import factories
    from tickets.models import Ticket

    agency = factories.AgencyFactory()
    agent = factories.AgentFactory(role=Agent.Role.ADMINISTRATOR, agency=None)
    category = factories.CategoryFactory()
    now = timezone.now()
    others = Customer.objects.bulk_create(
        Customer(first_name="Autre", last_name=f"Client {n}", agency=agency,
                 immatriculation=f"{200000000 + n}", name_search=f"autre client {n}")
        for n in range(2000))
    Interaction.objects.bulk_create(
        (Interaction(customer=c, channel="sms", direction="in", summary="SUIVI",
                     occurred_at=now - timedelta(minutes=7 * n))
         for c in others for n in range(50)), batch_size=10_000)
    short = factories.CustomerFactory(agency=agency, first_name="Court", last_name="Historique")
    long = factories.CustomerFactory(agency=agency, first_name="Long", last_name="Historique")
    for customer, interactions, tickets in ((short, 60, 5), (long, 5000, 500)):
        Interaction.objects.bulk_create(
            (Interaction(customer=customer, channel=("phone", "sms", "counter")[n % 3],
                         direction="in", summary=f"Contact {n}", agent=agent,
                         occurred_at=now - timedelta(hours=n)) for n in range(interactions)),
            batch_size=10_000)
        Ticket.objects.bulk_create(
            Ticket(reference=f"{customer.pk:04d}{n:05d}", customer=customer, category=category,
                   channel="phone", agency=agency, created_at=now - timedelta(hours=10 * n + 5))
            for n in range(tickets))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return agent, short, long


def _deep_cursor(customer) -> str:  # type: ignore[no-untyped-def]
    """A cursor halfway through the customer's history."""
    # Django is set up on the scratch database once the script runs.
    from tickets.timeline import customer_timeline

    page = customer_timeline(customer=customer, limit=max(1, _entries(customer) // 2))
    return page.next_cursor or ""


def _entries(customer) -> int:  # type: ignore[no-untyped-def]
    return customer.interactions.count() + customer.tickets.count()


if __name__ == "__main__":
    raise SystemExit(main())
