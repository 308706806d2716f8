#!/usr/bin/env python3
"""Benchmark of the queue's search box (tickets/search.py) as complaints pile up.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/desk_search.py

The data of bench/desk_pages.py (its functions build it, in a scratch database
`bench_desk_search`), with descriptions that read like complaints: 20 themes (15 French,
5 Arabic; "Allocations familiales" leads 5 of them, a quarter of all complaints), each
naming one of 100 employers (SOC000 to SOC099), so that some words match a quarter of the
complaints, others one in a hundred, one in two thousand, or none. Their vectors are
written as the services write them (the text folded in Python by tickets.search).

At each size it requests the desk's queue with `q=` words, a phone, and without a search,
as a front-office agent (scope "all": their agency's complaints; and "mine") and as a
national administrator; it counts the SQL queries of one request and times `--requests`
more: p50 and p95 in milliseconds. Targets: every search's p95 at most 150 ms at the
largest size; a query count that does not grow with the table, and at most one query
more than without a search.
"""

from __future__ import annotations

import argparse
import os
import time
from urllib.parse import urlencode

import desk_pages
from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_desk_search"
EMPLOYERS = 100
THEMES = [
    "Allocations familiales non versées depuis trois mois",
    "Allocations familiales réduites après la naissance du troisième enfant",
    "Allocations familiales suspendues pour un enfant scolarisé",
    "Allocations familiales : changement de bénéficiaire non pris en compte",
    "Allocations familiales versées sur un ancien compte bancaire",
    "Pension de retraite suspendue sans explication",
    "Pension de retraite calculée sur trop peu de jours déclarés",
    "Pension d'invalidité refusée malgré le certificat médical",
    "Remboursement de frais médicaux en attente depuis deux mois",
    "Remboursement d'une hospitalisation à Casablanca",
    "Indemnités journalières de maladie non payées",
    "Indemnités de maternité versées en retard",
    "Jours de travail non déclarés par l'employeur",
    "Attestation d'affiliation introuvable sur le portail",
    "Carte d'immatriculation perdue, demande de duplicata",
    "لم أتوصل بالتعويضات العائلية منذ ثلاثة أشهر",
    "معاش التقاعد متوقف دون سبب",
    "تأخر استرجاع مصاريف العلاج",
    "المشغل لم يصرح بأيام العمل",
    "طلب شهادة الانخراط في الضمان الاجتماعي",
]
TARGET_P95_MS = 150


def _searches() -> list[desk_pages.Page]:
    def queue(label: str, who: str, **params: str) -> desk_pages.Page:
        return desk_pages.Page(label, who, "/desk/?" + urlencode(params))

    return [
        queue("no search: all", "agent", scope="all"),
        queue("no search: national", "admin", scope="all"),
        queue("common word: all", "agent", scope="all", q="allocations"),
        queue("common word: national", "admin", scope="all", q="allocations"),
        queue("common word: mine", "agent", scope="mine", q="allocations"),
        queue("two words: all", "agent", scope="all", q="pension retraite"),
        queue("1 in 100: all", "agent", scope="all", q="soc042"),
        queue("1 in 2,000: all", "agent", scope="all", q="maternité SOC042"),
        queue("1 in 2,000: national", "admin", scope="all", q="maternité SOC042"),
        queue("Arabic words: national", "admin", scope="all", q="معاش التقاعد"),
        queue("no match: national", "admin", scope="all", q="tremblement"),
        queue("phone: all", "agent", scope="all", q="06 61 00 00 01"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sizes", default="10000,1000000",
                        help="complaint counts to measure at, comma-separated, increasing")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN ANALYZE of each search's complaint query at the "
                             "largest size")
    parser.add_argument("--only", default="",
                        help="measure only the searches whose label contains this text")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)  # in-memory layers: nothing here talks to Redis
    os.environ["SMS_GATEWAY"] = "fake"
    with scratch_database(SCRATCH):
        return _run(requests=args.requests, explain=args.explain, only=args.only,
                    sizes=[int(size) for size in args.sizes.split(",")])


def _run(*, requests: int, sizes: list[int], explain: bool, only: str) -> int:
    started = time.perf_counter()
    people, _category_id = desk_pages._organisation()
    desk_pages._customers()
    desk_pages._measured_complaint(people)
    _phrases()
    print(f"organisation, customers, measured complaint: {time.perf_counter() - started:.0f} s",
          flush=True)
    pages = [page for page in _searches() if only in page.label]
    results: list[desk_pages.Result] = []
    for size in sizes:
        started = time.perf_counter()
        desk_pages._fill(size)
        _describe()
        print(f"filled to {size:,} complaints: {time.perf_counter() - started:.0f} s",
              flush=True)
        desk_pages._print_header(size)
        for page in pages:
            result = desk_pages._measure(size, page, people, requests=requests)
            results.append(result)
            print(f"{page.label:<30} {result.rows:>5} {result.queries:>8} "
                  f"{result.p50:>7.1f} {result.p95:>7.1f}", flush=True)
    if explain:
        _explain([r for r in results if r.size == sizes[-1]])
    return 0 if _summary(results, sizes) else 1


def _phrases() -> None:
    """bench_phrase: each description's text and its vector, computed once per text the
    way tickets.search computes them (folded in Python, 'french' and 'simple')."""
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from tickets.search import words_of

    rows = []
    for k in range(len(THEMES) * EMPLOYERS):
        text = f"{THEMES[k // EMPLOYERS]} (employeur SOC{k % EMPLOYERS:03d})"
        words = words_of(text)
        rows.append((k, text, words.other, words.arabic))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_phrase (k int PRIMARY KEY, description text, "
                       "other text, arabic text, vector tsvector)")
        cursor.executemany("INSERT INTO bench_phrase (k, description, other, arabic) "
                           "VALUES (%s, %s, %s, %s)", rows)
        cursor.execute("UPDATE bench_phrase SET vector = setweight(to_tsvector('french', "
                       "other) || to_tsvector('simple', arabic), 'A')")


def _describe() -> None:
    """Give the complaints added by desk_pages._fill (no vector yet) a phrase each, spread
    by id, after the description it gave them (which it looks for when filling again); the
    GIN index is built again afterwards, faster than kept up row by row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_phrase")
        phrases = cursor.fetchone()[0]
        cursor.execute("DROP INDEX ticket_search")
        cursor.execute("""
            UPDATE tickets_ticket AS t
            SET description = t.description || ' : ' || p.description, search_vector = p.vector
            FROM bench_phrase p
            WHERE t.search_vector IS NULL AND p.k = (t.id * 7919) %% %s
        """, [phrases])
        cursor.execute("CREATE INDEX ticket_search ON tickets_ticket USING gin (search_vector)")
        cursor.execute("VACUUM ANALYZE tickets_ticket")
        # As autovacuum would have by now: statistics, and the trigram index's pending
        # entries (from the bulk insert) merged, which every name search would read.
        cursor.execute("VACUUM ANALYZE customers_customer")


def _explain(results: list[desk_pages.Result]) -> None:
    """EXPLAIN ANALYZE of each query of the request that reads complaints (a search
    makes two: its first matches, then the page), with its plan's lines that matter."""
    from django.db import connection

    for r in results:
        print(f"\n{r.page.label}")
        for sql in r.sql:
            if '"tickets_ticket"' not in sql or not sql.lstrip().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            print(f"  {sql[:160]} …")
            for line in plan:
                if any(word in line for word in ("Scan", "Limit", "Sort", "Filter", "Rows",
                                                 "Cond", "Execution", "Bitmap")):
                    print(f"    {line[:200]}")


def _summary(results: list[desk_pages.Result], sizes: list[int]) -> bool:
    by = {(r.size, r.page.label): r for r in results}
    ok = True
    largest, smallest = sizes[-1], sizes[0]
    print("\nChecks")
    for r in (r for r in results if r.size == largest):
        if r.p95 > TARGET_P95_MS:
            ok = False
            print(f"  MISSED  {r.page.label}: p95 {r.p95:.0f} ms at {largest:,} "
                  f"(target {TARGET_P95_MS})")
        first = by[(smallest, r.page.label)]
        if r.queries > first.queries and first.rows:  # (no match: no page to read)
            ok = False
            print(f"  MISSED  {r.page.label}: {first.queries} queries at {smallest:,}, "
                  f"{r.queries} at {largest:,}")
    # Words take one query more than the queue without a search (the first matches, see
    # tickets.search.RANK_LIMIT); one less when nothing matches (no page to read).
    for size in sizes:
        plain = {who: by.get((size, label)) for who, label in (("agent", "no search: all"),
                                                               ("admin", "no search: national"))}
        for r in (r for r in results if r.size == size):
            base = plain[r.page.who]
            if base is not None and r.queries > base.queries + 1:
                ok = False
                print(f"  MISSED  {r.page.label}: {r.queries} queries, {base.queries} "
                      f"without a search ({size:,})")
    print("  all targets met" if ok else "  (see above)")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
