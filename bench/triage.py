#!/usr/bin/env python3
"""Benchmark of the triage suggestions (knowledge.triage): accuracy on held-out demo
complaints, training time, and the suggestion's time per complaint.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/triage.py

1. Accuracy, without a database: `--complaints` descriptions (default 2,000) written as the
   demo writes them (tickets.demo_texts.describe: a greeting, one of the category's
   sentences with its blanks filled, a closing; one in six an SMS, half of those without
   accents or capitals), categories drawn uniformly. The classifier learns from 80 % of
   them, drawn with one random seed, and is measured on 20 % drawn with another seed.
   Top-1 and top-3 accuracy, over every category ("all") and, as the desk offers them, among
   the categories of the customer's audience ("audience"). A harder split then holds out
   one sentence of each category from training: the test texts say the matter in words the
   classifier never saw together ("unseen sentences").
2. Training time: on the 80 % above, and on `--large` examples (default 20,000, the
   training's limit, knowledge.triage.TRAINING_EXAMPLES).
3. In a scratch database `bench_triage`, the quick start's demo (seed_all: 400 complaints,
   the model trained at the end, timed there too): the suggestion for each open complaint
   (its categories and its possible duplicates, knowledge.triage.suggest_categories and
   possible_duplicates, as the complaint page asks), `--rounds` times; p50 and p95 in ms.
   Target: p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scratch import scratch_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Project code that needs Django is imported inside the functions: Django is set up, on the
# scratch database, by scratch_database().
SCRATCH = "bench_triage"
TRAIN_SEED, TEST_SEED = 2026, 7


def _specs() -> dict[str, str]:
    from contactcenter.org.demo_data import CATEGORIES

    return {spec.code: spec.audience for spec in CATEGORIES}


def _draw(count: int, seed: int, *, held_out: bool | None = None) -> list[tuple[str, str]]:
    """`count` (text, code) pairs; held_out True/False: only the held-out sentence of each
    category / only the others; None: any sentence."""
    from tickets.demo_texts import SENTENCES, describe

    rng = random.Random(seed)
    codes = sorted(_specs())
    drawn = []
    for _index in range(count):
        code = rng.choice(codes)
        sentences = SENTENCES[code]
        if held_out is True:
            sentences = sentences[-1:]
        elif held_out is False:
            sentences = sentences[:-1]
        drawn.append((describe(code, rng, sms=rng.random() < 1 / 6, sentences=sentences), code))
    return drawn


def _accuracy(model, tests: list[tuple[str, str]]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    audiences = _specs()
    hits = {"all-1": 0, "all-3": 0, "audience-1": 0, "audience-3": 0}
    for text, code in tests:
        ranked = sorted(model.probabilities(text).items(), key=lambda pair: -pair[1])
        everyone = [c for c, _p in ranked]
        fitting = [c for c in everyone if audiences[c] == audiences[code]]
        for name, order in (("all", everyone), ("audience", fitting)):
            hits[f"{name}-1"] += order[0] == code
            hits[f"{name}-3"] += code in order[:3]
    return {name: 100 * value / len(tests) for name, value in hits.items()}


def _show(label: str, figures: dict[str, float], count: int) -> None:
    print(f"{label:<18} {count:>6}  top-1 {figures['all-1']:5.1f} %  top-3 "
          f"{figures['all-3']:5.1f} %  | among the audience's: top-1 "
          f"{figures['audience-1']:5.1f} %  top-3 {figures['audience-3']:5.1f} %")


def measure_accuracy(complaints: int, large: int) -> None:
    from knowledge import triage_model

    train_count = complaints * 4 // 5
    training = _draw(train_count, TRAIN_SEED)
    started = time.perf_counter()
    model = triage_model.train(training)
    seconds = time.perf_counter() - started
    print(f"Training on {train_count} examples: {seconds:.2f} s")
    _show("held-out 20 %", _accuracy(model, _draw(complaints - train_count, TEST_SEED)),
          complaints - train_count)
    partial = triage_model.train(_draw(train_count, TRAIN_SEED, held_out=False))
    unseen = _draw(complaints - train_count, TEST_SEED, held_out=True)
    _show("unseen sentences", _accuracy(partial, unseen), len(unseen))
    started = time.perf_counter()
    triage_model.train(_draw(large, TRAIN_SEED))
    print(f"Training on {large} examples: {time.perf_counter() - started:.2f} s")


def measure_suggestions(rounds: int) -> None:
    from contactcenter.demo import seed_all
    from knowledge import triage
    from tickets import audiences
    from tickets.models import OPEN_STATES, Ticket

    started = time.perf_counter()
    seed_all(complaints=400, history=0, activity_days=0)  # without the history
    print(f"Demo seeded (with its training) in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    result = triage.train_and_store()
    print(f"Training on the demo's {result.examples} categorised complaints: "
          f"{time.perf_counter() - started:.2f} s")
    tickets = list(Ticket.objects.filter(state__in=OPEN_STATES)
                   .select_related("customer", "agency"))
    untriaged = sum(ticket.category_id is None for ticket in tickets)
    timings = []
    for _round in range(rounds):
        for ticket in tickets:
            begun = time.perf_counter()
            triage.suggest_categories(ticket.description, agency=ticket.agency,
                                      audiences_allowed=audiences.audiences_for(ticket.customer))
            triage.possible_duplicates(ticket)
            timings.append((time.perf_counter() - begun) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"Suggestion per complaint ({len(tickets)} open, {untriaged} without a category, "
          f"{rounds} rounds): p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--complaints", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-triage-"))
    with scratch_database(SCRATCH):
        measure_accuracy(options.complaints, options.large)
        measure_suggestions(options.rounds)


if __name__ == "__main__":
    main()
