#!/usr/bin/env python3
"""Benchmark of the desk's customer search, and the measure of names across scripts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/customer_search.py

In a scratch database `bench_customer_search`:

1. Names across scripts: the list of tests/customers/names_across_scripts.py (45 people,
   one record in Arabic script and one in their first Latin spelling each), searched by each
   Latin spelling and by the Arabic name through `tickets.customer_scope.search_customers`.
   Recall: the share of searches whose person is on the first page; precision: the share of
   list records on those pages that are the person searched.
2. Speed: `--customers` records (default 1,000,000) named from the demo's first and family
   names (15 % in Arabic script), each with a mobile, in 30 agencies; the search timed for
   names in either script, a typo, a phone and an identifier, as a call-centre agent (every
   record) and as a front-office agent (one agency).
"""

from __future__ import annotations

import argparse
import statistics
import time

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_customer_search"
AGENCIES = 30
QUERIES = ["Mohammed Bennani", "محمد بناني", "Mohamed Benani", "Fatima Zahra El Idrissi",
           "فاطمة الزهراء الإدريسي", "Zerouali", "benalli", "Abdelkader Ait Taleb"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE of the cross-script query")
    parser.add_argument("--without-scripts", action="store_true", help=(
        "time the search without the match across scripts (the search as it was), to "
        "compare"))
    args = parser.parse_args()
    with scratch_database(SCRATCH):
        if args.without_scripts:
            _without_scripts()
        return _run(customers=args.customers, requests=args.requests, explain=args.explain)


def _without_scripts() -> None:
    # Django is set up on the scratch database once the script runs.
    from django.db.models import Q

    from contactcenter.customers import selectors

    selectors.name_matches = lambda name: Q(pk__in=[])  # type: ignore[assignment]  # the search before names across scripts


def _run(*, customers: int, requests: int, explain: bool) -> int:
    # Django is set up on the scratch database once the script runs.
    from contactcenter.org.models import Agent, Direction
    from tests import factories

    agencies = [factories.AgencyFactory(code=f"AG-{n:02d}") for n in range(AGENCIES)]
    call_centre = factories.AgentFactory(
        role=Agent.Role.CALL_CENTRE, agency=None,
        direction=factories.DirectionFactory(kind=Direction.Kind.CALL_CENTRE))
    counter = factories.AgentFactory(role=Agent.Role.FRONT_OFFICE, agency=agencies[0])
    recall, precision, searches = _names_across_scripts(call_centre, agencies[0])
    print(f"names across scripts: {searches} searches, recall {recall:.1%}, "
          f"precision {precision:.1%}")
    started = time.perf_counter()
    phone, cin = _populate(customers, agencies)
    print(f"{customers:,} customers written in {time.perf_counter() - started:.0f} s")
    print(f"{'agent':>12} {'query':>26} {'found':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for label, agent in (("call centre", call_centre), ("front office", counter)):
        for query in [*QUERIES, phone, cin]:
            found, timings = _time(agent, query, requests)
            p95 = statistics.quantiles(timings, n=20)[18]
            print(f"{label:>12} {query:>26} {found:>6} {statistics.median(timings):>8.1f} "
                  f"{p95:>8.1f}")
    if explain:
        _explain(call_centre, "محمد بناني")
        _explain(call_centre, "Mohammed Bennani")
    return 0


def _names_across_scripts(agent, agency) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    # Django is set up on the scratch database once the script runs.
    from tests import factories
    from tests.customers.names_across_scripts import NAMES
    from tickets.customer_scope import search_customers

    def person(name: str):  # type: ignore[no-untyped-def]
        first, _space, last = name.partition(" ")
        return factories.CustomerFactory(agency=agency, first_name=first, last_name=last)

    people = {arabic: (person(arabic), person(spellings[0])) for arabic, spellings in NAMES}
    listed = {record.pk: arabic for arabic, pair in people.items() for record in pair}
    searches = found = relevant = shown = 0
    for arabic, spellings in NAMES:
        arabic_record, latin_record = people[arabic]
        for query, wanted in [*((spelling, arabic_record) for spelling in spellings),
                              (arabic, latin_record)]:
            page = [c.pk for c in search_customers(agent=agent, query=query)]
            searches += 1
            found += wanted.pk in page
            on_page = [listed[pk] for pk in page if pk in listed]
            shown += len(on_page)
            relevant += sum(1 for name in on_page if name == arabic)
    return found / searches, relevant / shown, searches


def _populate(customers: int, agencies) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    # Django is set up on the scratch database once the script runs.
    from django.db import connection

    from contactcenter.customers.text import fold
    from contactcenter.customers.transliteration import name_keys
    from contactcenter.org.demo_data import FEMALE_NAMES, LAST_NAMES, MALE_NAMES

    names = []
    for script in (0, 1):  # Latin, then Arabic script
        for first in [*MALE_NAMES, *FEMALE_NAMES]:
            for last in LAST_NAMES:
                full = f"{first[script]} {last[script]}"
                names.append((len(names), script, first[script], last[script], fold(full),
                              " ".join(name_keys(full))))
    latin = sum(1 for row in names if row[1] == 0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_name (k int PRIMARY KEY, script int, first text, "
                       "last text, folded text, keys text)")
        cursor.executemany("INSERT INTO bench_name VALUES (%s, %s, %s, %s, %s, %s)", names)
        cursor.execute("""
            INSERT INTO customers_customer (kind, roles, first_name, last_name, company_name,
                birth_date, immatriculation, cin, preferred_language, to_identify, name_search,
                name_keys, created_at, updated_at, agency_id)
            SELECT 'person', '{insured}', n.first, n.last, '',
                   date '1950-01-01' + (g::bigint * 7919 %% 20000)::int, (300000000 + g)::text,
                   'BZ' || lpad(g::text, 6, '0'), 'fr', false, n.folded,
                   string_to_array(n.keys, ' '), now(), now(), a.id
            FROM generate_series(0, %s - 1) AS g
            JOIN bench_name n ON n.k = CASE WHEN g %% 100 < 15
                THEN %s + (g::bigint * 104729) %% %s ELSE (g::bigint * 104729) %% %s END
            JOIN org_agency a ON a.code = 'AG-' || lpad((g / 7 %% %s)::text, 2, '0')
        """, [customers, latin, len(names) - latin, latin, AGENCIES])
        cursor.execute("""
            INSERT INTO customers_contactpoint (customer_id, kind, value, is_primary, created_at)
            SELECT id, 'mobile', '+2126' || lpad((id %% 100000000)::text, 8, '0'), true, now()
            FROM customers_customer WHERE cin LIKE 'BZ%%'""", [])
        cursor.execute("ANALYZE")
        cursor.execute("SELECT c.cin, p.value FROM customers_customer c JOIN "
                       "customers_contactpoint p ON p.customer_id = c.id "
                       "WHERE c.cin LIKE 'BZ%%' ORDER BY c.id LIMIT 1 OFFSET %s",
                       [customers // 2])
        cin, e164 = cursor.fetchone()
    national = "0" + e164[4:]  # as people write it: 06 12 34 56 78
    return " ".join(national[n:n + 2] for n in range(0, 10, 2)), cin


def _time(agent, query: str, requests: int) -> tuple[int, list[float]]:  # type: ignore[no-untyped-def]
    # Django is set up on the scratch database once the script runs.
    from tickets.customer_scope import search_customers

    found = len(list(search_customers(agent=agent, query=query)))
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        list(search_customers(agent=agent, query=query))
        timings.append((time.perf_counter() - started) * 1000)
    return found, timings


def _explain(agent, query: str) -> None:  # type: ignore[no-untyped-def]
    # Django is set up on the scratch database once the script runs.
    from django.db import connection

    from tickets.customer_scope import search_customers

    sql, params = search_customers(agent=agent, query=query).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    raise SystemExit(main())
