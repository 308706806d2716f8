"""The satisfaction figures against answers counted by hand (tests/reports/
satisfaction_data.py): the daily rows, each chart, the scope and the filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from contactcenter.org.selectors import Scope
from contactcenter.reports import satisfaction_figures as figures
from contactcenter.reports import services, stats
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.models import ComplaintStats, ContactStats, SatisfactionStats
from contactcenter.reports.models.complaint_stats import (
    ALL_CATEGORIES,
    ALL_CHANNELS,
    NATIONAL,
)
from tests.reports.satisfaction_data import june, make_answers


@pytest.fixture
def answers(agency_a, agency_b):
    made = make_answers(agency_a, agency_b)
    services.update_satisfaction_figures()
    return made


def _filters(**extra) -> ReportFilters:
    return ReportFilters(start=june(1), end=june(30), **extra)


def _chart(slug: str, filters: ReportFilters):
    return next(c for c in figures.satisfaction_charts(filters) if c.slug == slug)


@pytest.mark.django_db
def test_each_day_and_slice_counts_its_scores(answers, agency_a, agency_b) -> None:
    rows = {(r.day, r.agency_id, r.audience, r.channel): (r.answers, r.score_5, r.commented)
            for r in SatisfactionStats.objects.all()}
    assert rows == {
        (june(1), agency_a.pk, "insured", "sms"): (2, 1, 1),
        (june(2), agency_a.pk, "employer", "web"): (1, 0, 1),
        (june(2), agency_b.pk, "pensioner", "sms"): (1, 0, 0),
        # No complaint: the customer's agency and audience.
        (june(3), agency_b.pk, "pensioner", "chat"): (1, 0, 1),
        # Neither complaint nor customer: counted nowhere but in the whole fund.
        (june(3), 0, "", "chat"): (1, 1, 0),
    }
    assert SatisfactionStats.objects.get(agency_id=agency_b.pk, channel="sms").region_id \
        == agency_b.region_id


@pytest.mark.django_db
def test_mean_and_share_satisfied_by_day(answers) -> None:
    filters = ReportFilters(start=june(1), end=june(3))
    mean = _chart("satisfaction-mean", filters)
    share = _chart("satisfaction-share", filters)
    assert len(mean.labels) == 3  # by day
    # 1 June: 5 and 4; 2 June: 2 and 3; 3 June: 1 and 5.
    assert mean.series[0].values == [4.5, 2.5, 3.0]
    assert share.series[0].values == [100.0, 0.0, 50.0]


@pytest.mark.django_db
def test_by_audience_beside_the_study(answers) -> None:
    chart = _chart("satisfaction-audience", _filters())
    now, study = chart.series
    # Employers: one 2; insured: 5 and 4; pensioners: 3 and 1.
    assert now.values == [0.0, 100.0, 0.0]
    assert study.values == [45.0, 64.0, 51.0]


@pytest.mark.django_db
def test_by_channel_splits_each_channels_answers(answers) -> None:
    chart = _chart("satisfaction-channel", _filters())
    assert chart.labels == ["SMS", "Chat web", "Web"]
    one, two, three, four, five = (series.values for series in chart.series)
    # SMS: 5, 4, 3; chat: 1, 5; web: 2.
    assert five == [33.3, 50.0, 0.0]
    assert four == three == [33.3, 0.0, 0.0]
    assert one == [0.0, 50.0, 0.0]
    assert two == [0.0, 0.0, 100.0]


@pytest.mark.django_db
def test_regions_are_ranked_from_the_most_satisfied(answers, region_a, agency_b) -> None:
    chart = _chart("satisfaction-region", _filters())
    # Region A: 5, 4, 2 → 2 of 3; region B: 3, 1 → none.
    assert chart.labels == [region_a.name, agency_b.region.name]
    assert chart.series[0].values == [66.7, 0.0]


@pytest.mark.django_db
def test_scope_keeps_only_what_the_agent_may_see(answers, agency_a, region_a) -> None:
    agency_scope = Scope(agency_ids=frozenset({agency_a.pk}))
    assert figures.total(_filters(scope=agency_scope)).counts == (0, 1, 0, 1, 1)
    region_scope = Scope(region_ids=frozenset({region_a.pk}))
    assert figures.total(_filters(scope=region_scope)).answers == 3
    assert figures.total(_filters()).answers == 6
    assert figures.total(_filters(scope=Scope())).answers == 0


@pytest.mark.django_db
def test_filters_slice_the_answers(answers, agency_b) -> None:
    assert figures.total(_filters(audience="pensioner")).counts == (1, 0, 1, 0, 0)
    assert figures.total(_filters(channel="chat")).answers == 2
    assert figures.total(_filters(agency_id=agency_b.pk)).answers == 2
    category = answers["tickets"][2].category_id
    assert figures.total(_filters(category_id=category)).mean == 2.0
    plain = _chart("satisfaction-mean", _filters()).note
    assert _chart("satisfaction-mean", _filters(queue_id=1)).note != plain


@pytest.mark.django_db
def test_response_share_reads_resolved_complaints_and_ended_chats(answers, agency_a) -> None:
    # 8 complaints resolved on 1 June, in the figures' rows of every grain and level.
    slice_ = {"category_id": 0, "audience": "insured", "channel": "phone"}
    every_slice = {"category_id": ALL_CATEGORIES, "audience": "insured",
                   "channel": ALL_CHANNELS}
    for grain in ("d", "m"):
        for by_agency, region, agency, columns in (
                (True, agency_a.region_id, agency_a.pk, slice_),
                (False, agency_a.region_id, 0, slice_), (False, NATIONAL, 0, slice_),
                (False, agency_a.region_id, 0, every_slice),
                (False, NATIONAL, 0, every_slice)):
            ComplaintStats.objects.create(grain=grain, day=june(1), by_agency=by_agency,
                                          region_id=region, agency_id=agency, queue_id=0,
                                          resolved=8, **columns)
    ContactStats.objects.create(day=june(3), channel="chat", region_id=0, agency_id=0,
                                queue_id=7, ended=4)
    share = figures.response_share(_filters())
    # Complaints: 4 answers (sms and web) for 8 resolved; chats: 2 answers, 4 ended.
    assert (share.complaint_answers, share.resolved, share.complaints) == (4, 8, 50.0)
    assert (share.chat_answers, share.chats_ended, share.chats) == (2, 4, 50.0)
    chart = _chart("satisfaction-response", ReportFilters(start=june(1), end=june(3)))
    assert chart.series[0].values == [25.0, None, None]
    assert chart.series[1].values == [None, None, 50.0]


@pytest.mark.django_db
def test_a_long_period_is_read_by_week_then_by_month(answers) -> None:
    weeks = _chart("satisfaction-mean", ReportFilters(start=june(1), end=date_after(90)))
    # 1 June 2026 is a Monday: 90 days are 13 weeks less 2 days.
    assert len(weeks.labels) == 13 and weeks.series[0].values[0] == 3.33
    months = _chart("satisfaction-mean", replace(_filters(), start=june(1),
                                                 end=date_after(365)))
    assert months.labels[0] == "juin 2026" and months.series[0].values[0] == 3.33


def date_after(days: int):
    from datetime import timedelta
    return june(1) + timedelta(days=days - 1)


@pytest.mark.django_db
@pytest.mark.parametrize("start, end", [(june(1), june(3)), (june(1) - timedelta(days=160),
                                                               june(1) + timedelta(days=200))])
def test_the_rows_by_region_give_the_same_charts_as_the_day_rows(
        answers, monkeypatch, start, end) -> None:
    """By day over a few days, by month (June's month rows) over a year: a page's single
    reading of the rows by region draws what every chart read alone from the day rows does."""
    filters = ReportFilters(start=start, end=end)
    with stats.one_reading():
        from_rollups = [(c.slug, c.labels, c.series) for c in figures.satisfaction_charts(filters)]
    monkeypatch.setattr(figures, "_by_region", lambda filters: False)
    from_days = [(c.slug, c.labels, c.series) for c in figures.satisfaction_charts(filters)]
    assert from_rollups == from_days
    assert any(any(v for v in s.values) for _slug, _labels, series in from_days for s in series)
