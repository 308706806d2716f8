#!/usr/bin/env python3
"""Benchmark of the knowledge base's search (knowledge.search.search_articles).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/knowledge_search.py

In a scratch database `bench_knowledge_search`: the demo articles (knowledge.demo, with
their complaint categories) and generated ones (knowledge.generated: the fund's subjects,
situations and cities shuffled, in French and Arabic, a fifth internal) up to `--articles`
(default 10,000), written with their search columns as the services write them. Then a
mix of at least 200 searches, each timed `--repeat` times after one warm-up call: the
demo's relevance queries, and queries built from the generated vocabulary in French
(with accents, without, one letter missing or doubled), in Arabic (with and without
diacritics), single common words (which match hundreds of articles), a complaint's first
twelve words (as the desk searches them for suggestions), for the public and for staff,
with and without a complaint category. Prints p50, p95 and max in milliseconds
per kind and overall, and how many relevance queries find their article in the top 3 at
this size. Target: p95 at most 30 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_knowledge_search"
TARGET_P95_MS = 30
_FATHA, _KASRA, _DAMMA, _SHADDA = "\u064e", "\u0650", "\u064f", "\u0651"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=320)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", metavar="QUERY", help="EXPLAIN ANALYZE of one query")
    args = parser.parse_args()
    with scratch_database(SCRATCH):
        return _run(articles=args.articles, queries=args.queries, repeat=args.repeat,
                    explain=args.explain)


def _run(*, articles: int, queries: int, repeat: int, explain: str | None) -> int:
    # Django is set up on the scratch database once the script runs.
    from django.db import connection

    # Imported once Django is set up on the scratch database.
    from knowledge.models import Article

    started = time.perf_counter()
    categories = _populate(articles)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{Article.objects.count():,} articles written in "
          f"{time.perf_counter() - started:.0f} s")
    mix = _mix(queries, categories)
    timings: dict[str, list[float]] = {}
    empty = 0
    for kind, query, language, options in mix:
        found, spent = _time(query, language, options, repeat)
        empty += not found
        timings.setdefault(kind, []).extend(spent)
    every = [ms for spent in timings.values() for ms in spent]
    print(f"{len(mix)} searches × {repeat}; {empty} found nothing")
    print(f"{'kind':>22} {'searches':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, spent in [*sorted(timings.items()), ("all", every)]:
        print(f"{kind:>22} {len(spent) // repeat:>9} {statistics.median(spent):>8.1f} "
              f"{_p95(spent):>8.1f} {max(spent):>8.1f}")
    _relevance()
    if explain:
        _explain(explain)
    p95 = _p95(every)
    print(f"p95 {p95:.1f} ms: {'within' if p95 <= TARGET_P95_MS else 'OVER'} the target "
          f"of {TARGET_P95_MS} ms")
    return 0 if p95 <= TARGET_P95_MS else 1


def _populate(articles: int) -> list[int]:
    """The demo articles with their categories, then generated ones; the category ids."""
    # Imported once Django is set up on the scratch database.
    from contactcenter.org.demo_data import CATEGORIES
    from knowledge.demo import seed_articles
    from knowledge.generated import publish_generated
    from tests import factories

    ids = [factories.CategoryFactory(code=spec.code, audience=spec.audience,
                                     label_fr=spec.label_fr, label_ar=spec.label_ar).pk
           for spec in CATEGORIES]
    demo = seed_articles()
    publish_generated(max(0, articles - demo))
    return ids


def _mix(count: int, categories: list[int]) -> list[tuple[str, str, str, dict[str, object]]]:
    """(kind, query, language, options) for `count` searches at least, the relevance
    queries first; the same mix for the same code."""
    # Imported once Django is set up on the scratch database.
    from knowledge.demo_articles import RELEVANCE_QUERIES
    from knowledge.generated import PLACES, SITUATIONS, SUBJECTS

    rng = random.Random(15)
    mix: list[tuple[str, str, str, dict[str, object]]] = [
        ("relevance queries", query, language, {"include_internal": True})
        for query, language, _slug in RELEVANCE_QUERIES]
    makers = [
        ("french", lambda: f"{rng.choice(SUBJECTS)[0]} {rng.choice(SITUATIONS)[0]}", "fr"),
        ("french, no accents", lambda: _bare(rng.choice(SUBJECTS)[0]), "fr"),
        ("french, typo", lambda: _typo(rng, rng.choice(SUBJECTS)[0]), "fr"),
        ("french, one word", lambda: rng.choice(SUBJECTS)[0].split()[0], "fr"),
        ("arabic", lambda: f"{rng.choice(SUBJECTS)[1]} {rng.choice(SITUATIONS)[1]}", "ar"),
        ("arabic, diacritics", lambda: _diacritics(rng, rng.choice(SUBJECTS)[1]), "ar"),
        ("city and subject", lambda: f"{rng.choice(PLACES)[0]} {rng.choice(SUBJECTS)[0]}",
         "fr"),
        ("nothing to find", lambda: rng.choice(["xylophone", "girafe bleue", "قطار سريع",
                                                "zzkq wwp"]), "fr"),
        ("complaint text", lambda: _complaint(rng), "fr"),
    ]
    while len(mix) < count:
        kind, make, language = makers[len(mix) % len(makers)]
        options: dict[str, object] = {"include_internal": rng.random() < 0.5}
        if rng.random() < 0.3:
            options["category_id"] = rng.choice(categories)
        mix.append((kind, make(), language, options))
    return mix


def _complaint(rng: random.Random) -> str:
    """A complaint's first words, as the desk searches them for suggestions."""
    # Imported once Django is set up on the scratch database.
    from knowledge.generated import FILLER, SITUATIONS, SUBJECTS

    return (f"Bonjour, mon dossier {rng.choice(SUBJECTS)[0]} : {rng.choice(SITUATIONS)[0]}, "
            f"{rng.choice(FILLER)[0]}")


def _bare(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch))


def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    index = max(range(len(words)), key=lambda n: len(words[n]))
    word = words[index]
    at = rng.randrange(1, len(word) - 1)
    words[index] = word[:at] + word[at + 1:] if rng.random() < 0.5 else (
        word[:at] + word[at] + word[at:])
    return " ".join(words)


def _diacritics(rng: random.Random, text: str) -> str:
    return "".join(ch + (rng.choice([_FATHA, _KASRA, _DAMMA, _SHADDA, ""])
                         if "\u0621" <= ch <= "\u064a" else "") for ch in text)


def _time(query: str, language: str, options: dict[str, object],
          repeat: int) -> tuple[int, list[float]]:
    # Imported once Django is set up on the scratch database.
    from knowledge.search import search_articles

    found = len(search_articles(query, language=language, **options))  # type: ignore[arg-type]
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        search_articles(query, language=language, **options)  # type: ignore[arg-type]
        spent.append((time.perf_counter() - started) * 1000)
    return found, spent


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def _relevance() -> None:
    # Imported once Django is set up on the scratch database.
    from knowledge.demo_articles import RELEVANCE_QUERIES
    from knowledge.search import search_articles

    missed = []
    for query, language, slug in RELEVANCE_QUERIES:
        found = [hit.slug for hit in search_articles(query, language=language,
                                                     include_internal=True)]
        if slug not in found[:3]:
            missed.append(f"{query!r} ({language}) → {slug}: {found[:3]}")
    print(f"relevance at this size: {len(RELEVANCE_QUERIES) - len(missed)}"
          f"/{len(RELEVANCE_QUERIES)} queries find their article in the top 3")
    for line in missed:
        print(f"  missed {line}")


def _explain(query: str) -> None:
    from django.db import connection

    # Imported once Django is set up on the scratch database.
    from knowledge.search import search_articles

    with connection.execute_wrapper(_explaining):
        search_articles(query, language="fr", include_internal=True)


def _explaining(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
    if sql.lstrip().upper().startswith("SELECT") and "knowledge_article" in sql:
        cursor = context["cursor"]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print("\n".join(row[0] for row in cursor.fetchall()))
    return execute(sql, params, many, context)


if __name__ == "__main__":
    raise SystemExit(main())
