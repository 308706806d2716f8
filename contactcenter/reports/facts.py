"""What one complaint adds to the figures: its fact (where it belongs, how long it took, how
it ended) and the measures that fact adds to each row of ComplaintStats. Pure functions, but
for the working calendar a fact's business hours are counted on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from contactcenter.reports import buckets
from contactcenter.reports.models.complaint_stats import (
    ALL_CATEGORIES,
    ALL_CHANNELS,
    COUNTS,
    HISTOGRAMS,
    MEASURES,
    NATIONAL,
    SUMS,
)
from sla import selectors as sla_selectors
from tickets.reporting import ComplaintForReport

_FUND_ZONE = ZoneInfo(settings.TIME_ZONE)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
OUTCOMES = ("accepted", "partly_accepted", "rejected", "no_action")


@dataclass(frozen=True)
class Fact:
    """The fields of ComplaintFact (0 for a missing id, as there)."""

    created_on: date
    resolved_on: date | None
    region_id: int
    agency_id: int
    queue_id: int
    category_id: int
    audience: str
    channel: str
    is_open: bool
    sla_level: int
    first_response_hours: float | None
    resolution_hours: float | None
    resolution_days: float | None
    within_sla: bool | None
    outcome: str
    reopened: bool
    told_every_step: bool

    def as_row(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: object) -> Fact:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def local_day(moment: datetime) -> date:
    return moment.astimezone(_FUND_ZONE).date()


def business_hours(complaint: ComplaintForReport, start: datetime, end: datetime) -> float:
    """Working hours from `start` to `end` on the complaint's calendar (the call centre's for
    its queues, else its agency's)."""
    calendar = sla_selectors.business_calendar(
        agency_id=complaint.agency_id, region_id=complaint.region_id, today=local_day(start),
        call_centre=complaint.queue_id in sla_selectors.call_centre_queue_ids())
    return calendar.between(start, end) / _HOUR


def fact_of(complaint: ComplaintForReport) -> Fact:
    resolved = complaint.resolved_at if not complaint.is_open else None
    first = complaint.first_responded_at
    within = None
    if resolved is not None:
        within = not complaint.sla_breached and (
            complaint.resolution_due is None or resolved <= complaint.resolution_due)
    return Fact(
        created_on=local_day(complaint.created_at),
        resolved_on=local_day(resolved) if resolved else None,
        region_id=complaint.region_id or 0, agency_id=complaint.agency_id or 0,
        queue_id=complaint.queue_id or 0, category_id=complaint.category_id or 0,
        audience=complaint.audience, channel=complaint.channel, is_open=complaint.is_open,
        sla_level=complaint.sla_level,
        first_response_hours=(business_hours(complaint, complaint.created_at, first)
                              if first else None),
        resolution_hours=(business_hours(complaint, complaint.created_at, resolved)
                          if resolved else None),
        resolution_days=(resolved - complaint.created_at) / _DAY if resolved else None,
        within_sla=within,
        outcome=complaint.outcome if resolved else "",
        reopened=complaint.reopenings > 0,
        told_every_step=(complaint.step_notices > 0
                         and complaint.step_notices_delivered == complaint.step_notices),
    )


Key = tuple[str, date, bool, int, int, int, int, str, str]
Measures = dict[str, float | list[int]]


def _month(day: date) -> date:
    return day.replace(day=1)


def _keys(fact: Fact, day: date) -> Iterator[Key]:
    """The rows a measure of `day` goes to: the day's and the month's, by agency, by region
    and for the whole fund (region NATIONAL); the last two also over every category and
    channel (ALL_CATEGORIES, ALL_CHANNELS)."""
    for grain, start in (("d", day), ("m", _month(day))):
        yield (grain, start, True, fact.region_id, fact.agency_id, fact.queue_id,
               fact.category_id, fact.audience, fact.channel)
        for region in (fact.region_id, NATIONAL):
            yield (grain, start, False, region, 0, 0, fact.category_id, fact.audience,
                   fact.channel)
            yield (grain, start, False, region, 0, 0, ALL_CATEGORIES, fact.audience,
                   ALL_CHANNELS)


def opening_measures(fact: Fact) -> Measures:
    """What counts on the day the complaint was opened."""
    hours = fact.first_response_hours
    return {
        "received": 1, "open_now": int(fact.is_open),
        "escalated_1": int(fact.sla_level >= 1), "escalated_2": int(fact.sla_level >= 2),
        "escalated_3": int(fact.sla_level >= 3),
        "first_responded": int(hours is not None),
        "first_response_hours_sum": hours or 0.0,
        "first_response_hours": buckets.one_in(hours, buckets.HOUR_EDGES),
    }


def resolution_measures(fact: Fact) -> Measures:
    """What counts on the day the complaint was resolved."""
    measures: Measures = {
        "resolved": 1, "within_sla": int(bool(fact.within_sla)),
        "reopened": int(fact.reopened), "told_every_step": int(fact.told_every_step),
        "resolution_hours_sum": fact.resolution_hours or 0.0,
        "resolution_days_sum": fact.resolution_days or 0.0,
        "resolution_hours": buckets.one_in(fact.resolution_hours, buckets.HOUR_EDGES),
        "resolution_days": buckets.one_in(fact.resolution_days, buckets.DAY_EDGES),
    }
    if fact.outcome in OUTCOMES:
        measures[fact.outcome] = 1
    return measures


def contributions(fact: Fact) -> Iterator[tuple[Key, Measures]]:
    """Each row this fact adds to, with what it adds."""
    opening = opening_measures(fact)
    for key in _keys(fact, fact.created_on):
        yield key, opening
    if fact.resolved_on is not None:
        resolution = resolution_measures(fact)
        for key in _keys(fact, fact.resolved_on):
            yield key, resolution


def zero() -> Measures:
    measures: Measures = {name: 0 for name in COUNTS}
    measures.update({name: 0.0 for name in SUMS})
    measures.update({name: [0] * buckets.SIZE for name in HISTOGRAMS})
    return measures


def add(total: Measures, part: Measures, sign: int) -> None:
    """total += sign × part, measure by measure."""
    for name, value in part.items():
        if isinstance(value, list):
            current = total[name]
            assert isinstance(current, list)
            total[name] = [a + sign * b for a, b in zip(current, value, strict=True)]
        else:
            current_number = total[name]
            assert not isinstance(current_number, list)
            total[name] = current_number + sign * value


def is_zero(measures: Measures) -> bool:
    return all((not any(value)) if isinstance(value, list) else abs(value) < 1e-9
               for value in measures.values())


assert set(zero()) == set(MEASURES)
