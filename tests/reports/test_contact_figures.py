"""Calls, chats and counter visits: the daily rows from each source and the charts, against
figures counted by hand; the upkeep recounts the days touched and equals a full recount."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contactcenter.chat.models import Conversation
from contactcenter.counter.models import HourlyLineStats
from contactcenter.org.selectors import Scope
from contactcenter.reports import contact_figures, day_upkeep, figure_tables, services
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.models import ContactStats
from contactcenter.reports.models.contact_stats import CONTACT_KEY, CONTACT_MEASURES
from telephony.models import Call
from tests import factories
from tests.reports.satisfaction_data import at, june

SECOND = timedelta(seconds=1)


def _call(n: int, queue, *, day=1, wait: int | None, status="completed", enqueued=True):
    start = at(june(day))
    return Call.objects.create(
        carrier_id=f"CA{n}", from_number="+212600000001", status=status, started_at=start,
        ended_at=start + timedelta(minutes=9), queue=queue,
        enqueued_at=start + 20 * SECOND if enqueued else None,
        taken_at=start + (20 + wait) * SECOND if wait is not None else None)


def _chat(queue, *, day=1, wait: int | None, state="closed"):
    start = at(june(day))
    return Conversation.objects.create(
        queue=queue, state=state, created_at=start, waiting_since=start + 5 * SECOND,
        accepted_at=start + (5 + wait) * SECOND if wait is not None else None,
        closed_at=start + timedelta(minutes=15) if state == "closed" else None)


@pytest.fixture
def contacts(agency_a, agency_b):
    queue_a = factories.QueueFactory(agency=agency_a)
    centre = factories.QueueFactory(agency=None, direction=factories.DirectionFactory())
    # Calls on 1 June: two taken after 60 s and 120 s, one abandoned, one still ringing in
    # the queue (neither), one never put through (not offered). On 2 June: one taken (30 s).
    _call(1, queue_a, wait=60)
    _call(2, queue_a, wait=120)
    _call(3, queue_a, wait=None)
    _call(4, queue_a, wait=None, status="in-progress")
    _call(5, queue_a, wait=None, enqueued=False)
    _call(6, centre, wait=30, day=2)
    # Chats on 1 June in the call centre's queue: accepted after 10 s and 50 s (ended), one
    # left before any agent, one still waiting.
    _chat(centre, wait=10)
    _chat(centre, wait=50)
    _chat(centre, wait=None)
    _chat(centre, wait=None, state="waiting")
    # Counter of agency B on 1 June, two hours.
    for hour, (visitors, served, absent, called, waited, longest) in {
            9: (10, 8, 1, 9, 900, 300), 10: (5, 4, 1, 5, 1500, 600)}.items():
        HourlyLineStats.objects.create(agency=agency_b, reason="complaint", date=june(1),
                                       hour=hour, visitors=visitors, served=served,
                                       absent=absent, called=called,
                                       total_wait_seconds=waited, max_wait_seconds=longest)
    # (the first run counts every day there is)
    services.update_contact_figures(now=at(june(1)) + timedelta(minutes=20))
    return {"queue_a": queue_a, "centre": centre}


def _rows() -> dict:
    return {(r.day, r.channel, r.agency_id, r.queue_id): (r.offered, r.answered, r.abandoned,
                                                          r.ended, r.wait_seconds, r.waits,
                                                          r.wait_max)
            for r in ContactStats.objects.all()}


@pytest.mark.django_db
def test_each_source_gives_its_daily_rows(contacts, agency_a, agency_b) -> None:
    queue_a, centre = contacts["queue_a"].pk, contacts["centre"].pk
    assert _rows() == {
        (june(1), "phone", agency_a.pk, queue_a): (4, 2, 1, 0, 180, 2, 120),
        (june(2), "phone", 0, centre): (1, 1, 0, 0, 30, 1, 30),
        (june(1), "chat", 0, centre): (4, 2, 1, 2, 60, 2, 50),
        (june(1), "counter", agency_b.pk, 0): (15, 12, 2, 0, 2400, 14, 600),
    }


@pytest.mark.django_db
def test_the_charts_over_days(contacts) -> None:
    charts = {c.slug: c for c in contact_figures.contact_charts(
        ReportFilters(start=june(1), end=june(2)))}
    volumes = charts["contact-volumes"]
    assert volumes.labels[0].startswith("1") and len(volumes.labels) == 2
    assert [s.values for s in volumes.series] == [[4, 1], [4, 0], [15, 0]]
    # Mean waits in minutes: calls 90 s then 30 s, chats 30 s, counter 2400 s / 14.
    assert [s.values for s in charts["contact-wait"].series] == [
        [1.5, 0.5], [0.5, None], [2.9, None]]
    assert [s.values for s in charts["contact-longest-wait"].series] == [
        [2.0, 0.5], [0.8, None], [10.0, None]]
    assert [s.values for s in charts["contact-abandonment"].series] == [
        [25.0, 0.0], [25.0, None], [13.3, None]]


@pytest.mark.django_db
def test_scope_and_filters(contacts, agency_a, agency_b) -> None:
    def volumes(**extra):
        chart = contact_figures.contact_charts(
            ReportFilters(start=june(1), end=june(2), **extra))[0]
        return {s.label: sum(v or 0 for v in s.values) for s in chart.series}, chart.note

    mine, _note = volumes(scope=Scope(agency_ids=frozenset({agency_a.pk})))
    assert list(mine.values()) == [4, 0, 0]
    by_channel, _note = volumes(channel="counter")
    assert list(by_channel.values()) == [15]
    by_queue, note = volumes(queue_id=contacts["queue_a"].pk)
    assert list(by_queue.values()) == [4, 0]  # the counter has no queue: left out
    plain = volumes()[1]
    assert note != plain and volumes(category_id=1)[1] != plain


@pytest.mark.django_db
def test_the_upkeep_recounts_the_days_touched(contacts) -> None:
    # The caller waiting in the queue hangs up after the last run.
    call = Call.objects.get(carrier_id="CA4")
    call.status, call.ended_at = "completed", at(june(1)) + timedelta(minutes=30)
    call.save()
    assert services.update_contact_figures(now=at(june(1)) + timedelta(minutes=40)) >= 1
    kept = day_upkeep.stored_rows(figure_tables.CONTACTS, CONTACT_KEY, CONTACT_MEASURES)
    services.rebuild_contact_figures(now=at(june(1)) + timedelta(minutes=40))
    assert kept == day_upkeep.stored_rows(figure_tables.CONTACTS, CONTACT_KEY,
                                          CONTACT_MEASURES)
    phone = ContactStats.objects.get(day=june(1), channel="phone")
    assert phone.abandoned == 2
