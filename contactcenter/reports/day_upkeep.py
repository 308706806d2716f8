"""Keeping day-by-day figures up to date by counting whole days again: a run asks each
source which days changed since the last run (with a margin for transactions still open
then), and replaces those days' rows (delete, then insert) in one transaction per chunk of
days. Running it twice changes nothing. Used for the satisfaction answers and for the calls,
chats and counter visits (contactcenter.reports.services calls it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models, transaction

from contactcenter.locks import lock_key
from contactcenter.reports.models import UpkeepMark

# A change is seen by the run after the one that started while its transaction was open, as
# long as it committed within this margin.
MARGIN = timedelta(minutes=5)
DAYS_PER_CHUNK = 31


@dataclass(frozen=True)
class Source:
    """Where one part of a table's rows comes from. `where` narrows the rows it owns (its
    channel), `changed_days(since, now)` names the days changed since a moment,
    `all_days()` every day it has, `figures(days)` those days' rows as dicts."""

    where: dict[str, Any]
    changed_days: Callable[[datetime, datetime], Iterable[date]]
    all_days: Callable[[], Iterable[date]]
    figures: Callable[[Sequence[date]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Rollup:
    """Rows derived from a table's day rows: `refresh(days)` sums those of these days (and
    their months) again, `clear()` forgets them all."""

    refresh: Callable[[Sequence[date]], None]
    clear: Callable[[], None]


@dataclass(frozen=True)
class DayTable:
    model: type[models.Model]
    mark: str
    lock: str
    sources: tuple[Source, ...]
    rollup: Rollup | None = None


def recount_days(table: DayTable, source: Source, days: Iterable[date]) -> int:
    """Replace the rows of these days with the source's figures; returns the rows written."""
    ordered = sorted(set(days))
    written = 0
    for start in range(0, len(ordered), DAYS_PER_CHUNK):
        chunk = ordered[start:start + DAYS_PER_CHUNK]
        with transaction.atomic():
            lock_key(table.lock)
            rows = source.figures(chunk)
            manager = table.model._default_manager
            manager.filter(day__in=chunk, **source.where).delete()
            manager.bulk_create([table.model(**source.where, **row) for row in rows])
            if table.rollup is not None:
                table.rollup.refresh(chunk)
            written += len(rows)
    return written


def update(table: DayTable, *, now: datetime) -> int:
    """The periodic job: count again the days changed since the last run (the first run
    counts every day); returns how many days were counted."""
    mark = UpkeepMark.objects.filter(name=table.mark).first()
    if mark is None:
        return rebuild(table, now=now)
    counted = 0
    for source in table.sources:
        days = set(source.changed_days(mark.moment - MARGIN, now))
        recount_days(table, source, days)
        counted += len(days)
    UpkeepMark.objects.filter(name=table.mark, moment__lt=now).update(moment=now)
    return counted


def rebuild(table: DayTable, *, now: datetime) -> int:
    """Forget every row and count every day again; returns how many days were counted."""
    with transaction.atomic():
        lock_key(table.lock)
        table.model._default_manager.all().delete()
        if table.rollup is not None:
            table.rollup.clear()
        UpkeepMark.objects.update_or_create(name=table.mark, defaults={"moment": now})
    counted = 0
    for source in table.sources:
        days = list(source.all_days())
        recount_days(table, source, days)
        counted += len(days)
    return counted


def stored_rows(table: DayTable, key: Sequence[str],
                measures: Sequence[str]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Every stored row, by key (for the checks against a full recount)."""
    return {row[:len(key)]: row[len(key):] for row in
            table.model._default_manager.values_list(*key, *measures)}
