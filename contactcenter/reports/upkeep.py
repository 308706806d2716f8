"""Keeping the complaints' figures up to date: each change of a complaint is applied as the
difference between what it adds now and what it added before (its ComplaintFact), so a run
touches only the rows of the complaints that changed, and running it twice changes nothing.

The periodic job `update_figures` reads the complaints changed since its last run (with a
margin for transactions still open then); `rebuild_figures` starts again from every
complaint. Both are called through contactcenter.reports.services."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple
from datetime import datetime, timedelta

from django.db import connection, transaction

from contactcenter.locks import lock_key
from contactcenter.reports import buckets
from contactcenter.reports import facts as facts_
from contactcenter.reports.facts import Fact, Key, Measures
from contactcenter.reports.models import ComplaintFact, ComplaintStats, UpkeepMark
from contactcenter.reports.models.complaint_stats import (
    ALL_CATEGORIES,
    ALL_CHANNELS,
    COUNTS,
    HISTOGRAMS,
    KEY,
    NATIONAL,
    SUMS,
)
from tickets import reporting

MARK = "complaints"
LOCK = "reports:complaint-figures"
# A change is seen by the run after the one that started when its transaction was still
# open, as long as it committed within this margin.
MARGIN = timedelta(minutes=5)
CHUNK = 1000
_FACT_FIELDS = [field for field in Fact.__dataclass_fields__]


def apply_changes(ticket_ids: Iterable[int]) -> int:
    """Bring the figures of these complaints up to date; returns how many changed."""
    ids = sorted(set(ticket_ids))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        changed += _apply_chunk(ids[start:start + CHUNK])
    return changed


@transaction.atomic
def _apply_chunk(ids: Sequence[int]) -> int:
    lock_key(LOCK)
    new = {c.id: facts_.fact_of(c) for c in reporting.complaints_for_report(ids)}
    old = {row.ticket_id: Fact.from_row(row)
           for row in ComplaintFact.objects.filter(ticket_id__in=list(ids))}
    deltas: dict[Key, Measures] = defaultdict(facts_.zero)
    changed: list[int] = []
    for pk in ids:
        before, after = old.get(pk), new.get(pk)
        if before == after:
            continue
        changed.append(pk)
        for fact, sign in ((before, -1), (after, 1)):
            if fact is not None:
                for key, measures in facts_.contributions(fact):
                    facts_.add(deltas[key], measures, sign)
    if not changed:
        return 0
    _add_to_stats({key: d for key, d in deltas.items() if not facts_.is_zero(d)})
    gone = [pk for pk in changed if pk not in new]
    ComplaintFact.objects.filter(ticket_id__in=gone).delete()
    ComplaintFact.objects.bulk_create(
        [ComplaintFact(ticket_id=pk, **new[pk].as_row()) for pk in changed if pk in new],
        update_conflicts=True, unique_fields=["ticket_id"], update_fields=_FACT_FIELDS)
    return len(changed)


def _add_to_stats(deltas: dict[Key, Measures]) -> None:
    """Add each delta to its row, creating the rows that do not exist yet: the deltas are
    copied into a temporary table, then added in one statement."""
    if not deltas:
        return
    table = ComplaintStats._meta.db_table
    measures = list(COUNTS + SUMS + HISTOGRAMS)
    columns = ", ".join(list(KEY) + measures)
    updates = [f"{name} = {table}.{name} + EXCLUDED.{name}" for name in COUNTS + SUMS]
    updates += [f"{name} = (SELECT array_agg(a + b ORDER BY n) FROM unnest({table}.{name}, "
                f"EXCLUDED.{name}) WITH ORDINALITY AS x(a, b, n))" for name in HISTOGRAMS]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS figures_delta ON COMMIT DROP AS "
                       f"SELECT {columns} FROM {table} WITH NO DATA")
        with cursor.copy(f"COPY figures_delta ({columns}) FROM STDIN") as copy:
            for key, delta in deltas.items():
                copy.write_row((*key, *(delta[name] for name in measures)))
        # (in one order for every writer: no deadlock between two runs)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM figures_delta "
                       f"ORDER BY {', '.join(KEY)} ON CONFLICT ({', '.join(KEY)}) "
                       f"DO UPDATE SET " + ", ".join(updates))
        cursor.execute("TRUNCATE figures_delta")


def update_figures(*, now: datetime) -> int:
    """The periodic job: apply the complaints changed since the last run. The first run
    builds every figure."""
    mark = UpkeepMark.objects.filter(name=MARK).first()
    if mark is None:
        return rebuild_figures(now=now)
    changed = apply_changes(reporting.complaints_changed_since(mark.moment - MARGIN))
    UpkeepMark.objects.filter(name=MARK, moment__lt=now).update(moment=now)
    return changed


def rebuild_figures(*, now: datetime) -> int:
    """Forget every figure and count every complaint again, in one transaction (readers see
    the old figures until it commits; the periodic job waits): each complaint's fact is
    worked out and copied in, then the figures are summed from the facts in one statement
    (what apply_changes would add, complaint by complaint, in a fraction of the time)."""
    fact_table = ComplaintFact._meta.db_table
    counted = 0
    with transaction.atomic():
        lock_key(LOCK)
        ComplaintStats.objects.all().delete()
        ComplaintFact.objects.all().delete()
        UpkeepMark.objects.update_or_create(name=MARK, defaults={"moment": now})
        with connection.cursor() as cursor:
            for ids in reporting.all_complaint_ids(chunk=CHUNK * 10):
                # (worked out before the copy: a calendar may have to be read first)
                rows = [(complaint.id, *astuple(facts_.fact_of(complaint)))
                        for complaint in reporting.complaints_for_report(ids)]
                with cursor.copy(f"COPY {fact_table} (ticket_id, {', '.join(_FACT_FIELDS)}) "
                                 f"FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                counted += len(rows)
            cursor.execute(_sum_of_facts())
            # (the planner's statistics of the new rows, for the reads that follow)
            cursor.execute(f"ANALYZE {fact_table}, {ComplaintStats._meta.db_table}")
    return counted


def _sum_of_facts() -> str:
    """The figures of every fact, summed in SQL as facts_.contributions() adds them: the
    opening's measures on the day it was opened, the resolution's on the day it was
    resolved, each on the day's and the month's rows, by agency, by region and for the
    whole fund, the last two also over every category and channel."""
    fact_table = ComplaintFact._meta.db_table
    bucket = ("CASE WHEN {value} IS NOT NULL "
              "THEN greatest(width_bucket({value}, ARRAY[{edges}]::float8[]) - 1, 0) END")
    hours = ", ".join(str(edge) for edge in buckets.HOUR_EDGES)
    days = ", ".join(str(edge) for edge in buckets.DAY_EDGES)
    opening = {
        "received": "1", "open_now": "f.is_open::int",
        "escalated_1": "(f.sla_level >= 1)::int", "escalated_2": "(f.sla_level >= 2)::int",
        "escalated_3": "(f.sla_level >= 3)::int",
        "first_responded": "(f.first_response_hours IS NOT NULL)::int",
        "first_response_hours_sum": "coalesce(f.first_response_hours, 0)",
        "first_response_hours": bucket.format(value="f.first_response_hours", edges=hours),
    }
    resolution = {
        "resolved": "1", "within_sla": "coalesce(f.within_sla, false)::int",
        "reopened": "f.reopened::int", "told_every_step": "f.told_every_step::int",
        "resolution_hours_sum": "coalesce(f.resolution_hours, 0)",
        "resolution_days_sum": "coalesce(f.resolution_days, 0)",
        "resolution_hours": bucket.format(value="f.resolution_hours", edges=hours),
        "resolution_days": bucket.format(value="f.resolution_days", edges=days),
        **{outcome: f"(f.outcome = '{outcome}')::int" for outcome in facts_.OUTCOMES},
    }
    slice_ = "f.region_id, f.agency_id, f.queue_id, f.category_id, f.audience, f.channel"
    measures = COUNTS + SUMS + HISTOGRAMS

    def part(day: str, values: dict[str, str], where: str) -> str:
        # (a histogram's column holds the bucket index, NULL for no duration)
        columns = ", ".join(f"{values.get(name, 'NULL' if name in HISTOGRAMS else '0')} "
                            f"AS {name}" for name in measures)
        return f"SELECT {day} AS day, {slice_}, {columns} FROM {fact_table} f {where}"

    totals = [f"sum(c.{name})" for name in COUNTS + SUMS]
    totals += ["ARRAY[" + ", ".join(f"count(*) FILTER (WHERE c.{name} = {index})"
                                    for index in range(buckets.SIZE)) + "]"
               for name in HISTOGRAMS]
    table = ComplaintStats._meta.db_table
    return (
        f"INSERT INTO {table} ({', '.join(KEY)}, {', '.join(measures)}) "
        f"SELECT g.grain, CASE WHEN g.grain = 'd' THEN c.day "
        f"ELSE date_trunc('month', c.day)::date END, l.by_agency, "
        f"CASE WHEN l.national THEN {NATIONAL} ELSE c.region_id END, "
        f"CASE WHEN l.by_agency THEN c.agency_id ELSE 0 END, "
        f"CASE WHEN l.by_agency THEN c.queue_id ELSE 0 END, "
        f"CASE WHEN l.every_slice THEN {ALL_CATEGORIES} ELSE c.category_id END, "
        f"c.audience, CASE WHEN l.every_slice THEN '{ALL_CHANNELS}' ELSE c.channel END, "
        f"{', '.join(totals)} "
        f"FROM ({part('f.created_on', opening, '')} UNION ALL "
        f"{part('f.resolved_on', resolution, 'WHERE f.resolved_on IS NOT NULL')}) AS c "
        f"CROSS JOIN (VALUES ('d'), ('m')) AS g(grain) "
        f"CROSS JOIN (VALUES (true, false, false), (false, false, false), "
        f"(false, true, false), (false, false, true), (false, true, true)) "
        f"AS l(by_agency, national, every_slice) "
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 "
        # (written in the order the reads pick rows in: a period's rows share pages, and
        # the rows over every category and channel come first)
        f"ORDER BY 1, 3, 7, 2")


def stored_figures() -> dict[Key, Measures]:
    """Every row of the figures that is not all zeros, by key."""
    stored: dict[Key, Measures] = {}
    for row in ComplaintStats.objects.values_list(*KEY, *COUNTS, *SUMS, *HISTOGRAMS):
        key: Key = row[:len(KEY)]
        measures = dict(zip(COUNTS + SUMS + HISTOGRAMS, row[len(KEY):], strict=True))
        if not facts_.is_zero(measures):
            stored[key] = measures
    return stored


def recounted_figures() -> dict[Key, Measures]:
    """The figures counted again from every complaint, without writing anything: what
    stored_figures() must equal."""
    totals: dict[Key, Measures] = defaultdict(facts_.zero)
    for ids in reporting.all_complaint_ids(chunk=CHUNK * 10):
        for complaint in reporting.complaints_for_report(ids):
            for key, measures in facts_.contributions(facts_.fact_of(complaint)):
                facts_.add(totals[key], measures, 1)
    return {key: measures for key, measures in totals.items() if not facts_.is_zero(measures)}


def same_measures(one: Measures | None, other: Measures | None) -> bool:
    """Whether two rows of figures hold the same measures (sums of hours to a millionth)."""
    if one is None or other is None:
        return one is other
    for name, value in one.items():
        theirs = other[name]
        if isinstance(value, float) and isinstance(theirs, float | int):
            if abs(value - theirs) >= 1e-6:
                return False
        elif value != theirs:
            return False
    return True
