"""The satisfaction figures' upkeep: after any sequence of answers and runs, the stored
rows equal a full recount; a run recounts only the days that got answers."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactcenter.reports import day_upkeep, figure_tables, services
from contactcenter.reports.models import SatisfactionRollup, SatisfactionStats, UpkeepMark
from contactcenter.reports.models.satisfaction_stats import (
    ROLLUP_KEY,
    SATISFACTION_KEY,
    SATISFACTION_MEASURES,
)
from tests import factories
from tests.reports.satisfaction_data import at, june
from tickets import services as ticket_services
from tickets.models import SurveyAnswer

TABLE = figure_tables.SATISFACTION


def _stored() -> dict:
    return day_upkeep.stored_rows(TABLE, SATISFACTION_KEY, SATISFACTION_MEASURES)


def _rollups() -> dict:
    return {row[:5]: row[5:] for row in SatisfactionRollup.objects.values_list(
        *ROLLUP_KEY, *SATISFACTION_MEASURES) if any(row[5:10])}


def _summed_by_region() -> dict:
    """The day rows added up by hand, by day and by month."""
    sums: dict = defaultdict(lambda: [0] * len(SATISFACTION_MEASURES))
    for row in SatisfactionStats.objects.values_list("day", "region_id", "audience",
                                                     "channel", *SATISFACTION_MEASURES):
        day, region, audience, channel, *counts = row
        for key in (("d", day, region, audience, channel),
                    ("m", day.replace(day=1), region, audience, channel)):
            sums[key] = [a + b for a, b in zip(sums[key], counts, strict=True)]
    return {key: tuple(counts) for key, counts in sums.items() if any(counts[:5])}


# An answer (score, channel, with a comment, about whom), a run of the job, or time going by
# (hours: the answers fall on several days, some near midnight).
answer = st.tuples(st.integers(1, 5), st.sampled_from(["sms", "web", "chat"]), st.booleans(),
                   st.integers(0, 2))
steps = st.lists(st.one_of(st.just("run"), st.integers(1, 30), answer), min_size=1,
                 max_size=14)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=steps)
def test_upkeep_equals_a_full_recount(steps, agency_a, agency_b) -> None:
    SurveyAnswer.objects.all().delete()
    SatisfactionStats.objects.all().delete()
    SatisfactionRollup.objects.all().delete()
    UpkeepMark.objects.filter(name=TABLE.mark).delete()
    customers = [factories.CustomerFactory(agency=agency_a),
                 factories.EmployerFactory(agency=agency_b)]
    tickets = [factories.TicketFactory(customer=customers[0]), None]
    clock = at(june(29))  # the answers run into July: two months' rollups
    services.update_satisfaction_figures(now=clock)
    for step in steps:
        clock += timedelta(minutes=7)
        if step == "run":
            services.update_satisfaction_figures(now=clock)
        elif isinstance(step, int):
            clock += timedelta(hours=step)
        else:
            score, channel, commented, who = step
            ticket_services.record_survey_answer(
                score=score, channel=channel, ticket=tickets[who] if who < 2 else None,
                customer=customers[who] if who < 2 else None,
                comment="mot" if commented else "", answered_at=clock)
    clock += timedelta(minutes=7)
    services.update_satisfaction_figures(now=clock)
    kept = _stored()
    assert _rollups() == _summed_by_region()
    services.rebuild_satisfaction_figures(now=clock)
    assert kept == _stored()
    assert _rollups() == _summed_by_region()
    assert sum(row[0] + row[1] + row[2] + row[3] + row[4] for row in kept.values()) == \
        SurveyAnswer.objects.count()


@pytest.mark.django_db
def test_a_run_recounts_only_the_days_with_new_answers(agency_a) -> None:
    customer = factories.CustomerFactory(agency=agency_a)
    ticket_services.record_survey_answer(score=4, channel="sms", customer=customer,
                                         answered_at=at(june(1)))
    services.update_satisfaction_figures(now=at(june(1), 12))
    asked: list = []
    original = TABLE.sources[0].figures

    def spy(days):
        asked.append(sorted(days))
        return original(days)

    source = day_upkeep.Source(where={}, changed_days=TABLE.sources[0].changed_days,
                               all_days=TABLE.sources[0].all_days, figures=spy)
    table = day_upkeep.DayTable(model=TABLE.model, mark=TABLE.mark, lock=TABLE.lock,
                                sources=(source,))
    ticket_services.record_survey_answer(score=2, channel="sms", customer=customer,
                                         answered_at=at(june(3)))
    assert day_upkeep.update(table, now=at(june(3), 12)) == 1
    assert asked == [[june(3)]]
    assert day_upkeep.update(table, now=at(june(3), 13)) == 0
    assert SatisfactionStats.objects.get(day=june(3)).score_2 == 1
    assert SatisfactionStats.objects.get(day=june(1)).score_4 == 1
