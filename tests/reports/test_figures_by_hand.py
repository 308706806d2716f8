"""Each figure of the dashboard and the summary against a small set of complaints whose
figures were worked out by hand (in the comments), and each role sees only its part."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from contactcenter.org.selectors import scope_of
from contactcenter.reports import figures, services
from contactcenter.reports.filters import ReportFilters
from tests import factories
from tickets.models import OutboxMessage, State, TicketEvent

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Africa/Casablanca")
JUNE = {"start": date(2026, 6, 1), "end": date(2026, 6, 30)}


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=LOCAL)


def _sms(ticket, *delivered: bool) -> None:
    for ok in delivered:
        OutboxMessage.objects.create(
            kind="sms", ticket=ticket, event="received", to="+212661000333",
            status=OutboxMessage.Status.SENT,
            delivery_status="delivered" if ok else "undelivered")


@pytest.fixture
def june(agency_a, agency_b, category):
    """Working hours 08:30-16:30, Monday to Friday (the built-in calendar); 8-12 June 2026
    hold no holiday."""
    resolved = {"state": State.RESOLVED, "explanation": "Réponse"}
    # T1: Mon 09:00 → first response 10:30 (1.5 h) → resolved Wed 09:00: 7.5 + 8 + 0.5 =
    # 16 business hours, 2 days; accepted, in time, both SMS delivered.
    t1 = factories.TicketFactory(agency=agency_a, category=category, channel="phone",
                                 created_at=_at(8, 9), first_responded_at=_at(8, 10, 30),
                                 resolved_at=_at(10, 9), outcome="accepted",
                                 resolution_due=_at(12, 16), **resolved)
    _sms(t1, True, True)
    # T2: Mon 10:00 → Fri 10:00: 6.5 + 8 + 8 + 8 + 1.5 = 32 h, 4 days; rejected, late,
    # one SMS undelivered.
    t2 = factories.TicketFactory(agency=agency_a, category=category, channel="sms",
                                 created_at=_at(8, 10), resolved_at=_at(12, 10),
                                 outcome="rejected", rule="Article 2", sla_breached=True,
                                 resolution_due=_at(10, 10), **resolved)
    _sms(t2, True, False)
    # T3: Tue, still open, escalated twice.
    factories.TicketFactory(agency=agency_a, category=category, channel="phone",
                            created_at=_at(9, 9), state=State.IN_PROGRESS, sla_level=2)
    # T4: Tue 09:00 → Thu 09:00: 7.5 + 8 + 0.5 = 16 h, 2 days; partly accepted, reopened
    # once before; no SMS.
    t4 = factories.TicketFactory(agency=agency_a, category=category, channel="counter",
                                 created_at=_at(9, 9), resolved_at=_at(11, 9),
                                 outcome="partly_accepted", **resolved)
    TicketEvent.objects.create(ticket=t4, kind="transition", action="reopen",
                               from_state="resolved", to_state="in_progress", at=_at(10, 12))
    # T5: in another region.
    factories.TicketFactory(agency=agency_b, category=category, channel="email",
                            created_at=_at(10, 9))
    services.rebuild_figures()
    return {"t1": t1, "t2": t2, "t4": t4}


def _national(**slice_) -> ReportFilters:
    return ReportFilters(**JUNE, **slice_)


def _chart(slug: str, filters: ReportFilters):
    with translation.override("en"):
        return figures.chart(slug, filters)


def _values(chart, label: str) -> list:
    return next(series.values for series in chart.series if series.label == label)


def test_the_summary(june, region_a) -> None:
    summary = figures.summary(_national(region_id=region_a.pk))
    assert summary["received"] == 4 and summary["resolved"] == 3
    assert summary["within_sla_percent"] == 66.7  # T1, T4 of 3
    assert summary["told_every_step_percent"] == 33.3  # T1 of 3
    # Days 2, 4, 2 in the buckets [2, 3) ×2 and [3, 5) ×1: the median (rank 1.5) lies
    # three quarters into [2, 3); the 90th percentile (rank 2.7) 70 % into [3, 5).
    assert summary["resolution_calendar_days"] == {"median": 2.8, "p90": 4.4}
    # Hours 16, 32, 16 in [16, 24) ×2 and [24, 40) ×1.
    assert summary["resolution_business_hours"] == {"median": 22.0, "p90": 35.2}
    assert figures.summary(_national())["received"] == 5


def test_the_time_series_count_each_day(june, region_a) -> None:
    filters = _national(region_id=region_a.pk)
    chart = _chart("received-resolved", filters)
    assert len(chart.labels) == 30  # a month: one point a day
    received, resolved = _values(chart, "Received"), _values(chart, "Resolved")
    assert received[7:9] == [2, 2] and sum(received) == 4  # 8 and 9 June
    assert resolved[9:12] == [1, 1, 1] and sum(resolved) == 3  # 10, 11 and 12 June
    by_channel = _chart("received-by-channel", filters)
    assert {series.label: sum(series.values) for series in by_channel.series} == {
        "Phone": 2, "SMS": 1, "Agency counter": 1}


def test_delays_outcomes_and_steps(june, region_a, category) -> None:
    filters = _national(region_id=region_a.pk)
    first = _chart("business-time-by-category", filters)
    assert first.labels == [category.label_fr]
    # One first response of 1.5 h, in [1, 2): the median is half way.
    assert _values(first, "First response, median") == [1.5]
    outcomes = _chart("outcomes", filters)
    assert [_values(outcomes, label) for label in ("Accepted", "Partly accepted", "Rejected",
                                                   "No action needed")] == [
        [33.3], [33.3], [33.3], [0.0]]
    assert sum(v for v in _values(_chart("reopened", filters), "Reopened") if v) == 100.0
    escalated = _chart("escalations", filters)
    assert [sum(_values(escalated, f"Level {n}")) for n in (1, 2, 3)] == [1, 1, 0]
    backlog = _chart("backlog", filters)
    assert sum(backlog.series[0].values) == 1  # T3


def test_each_role_sees_its_part(june, supervisor, regional_manager, administrator,
                                 region_a) -> None:
    def received(agent) -> int:
        return figures.summary(ReportFilters(**JUNE, scope=scope_of(agent)))["received"]

    assert received(administrator) == 5
    assert received(regional_manager) == 4
    assert received(supervisor) == 4  # agency A: the rows by agency
    other_region = ReportFilters(**JUNE, scope=scope_of(regional_manager),
                                 region_id=region_a.pk + 1000)
    assert figures.summary(other_region)["received"] == 0


def test_a_period_over_whole_months_reads_month_rows_and_days_around(june, region_a) -> None:
    # 15 May to 30 June: the days of May, then June's month row: the same counts.
    wide = ReportFilters(start=date(2026, 5, 15), end=date(2026, 6, 30),
                         region_id=region_a.pk)
    assert figures.summary(wide)["received"] == 4
    narrow = ReportFilters(start=date(2026, 6, 9), end=date(2026, 7, 31),
                           region_id=region_a.pk)
    assert figures.summary(narrow)["received"] == 2  # T3, T4
