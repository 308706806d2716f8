"""tickets.demo_history: two years of complaints that tell the managers' story, written in
bulk, coherent with the workflow, and written once."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db.models import F, Q

from contactcenter import demo
from tickets import demo_history
from tickets import demo_story as story
from tickets.models import (
    OPEN_STATES,
    Category,
    OutboxMessage,
    State,
    SurveyAnswer,
    Ticket,
    TicketEvent,
)

pytestmark = pytest.mark.django_db

NOW = datetime.fromisoformat("2026-06-15T10:00:00+00:00")
SIZE = 3000
START = NOW - timedelta(days=story.HISTORY_DAYS)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def history() -> demo_history.Seeded:
    demo.seed_demo(persons=300, employers=40)
    started = time.monotonic()
    seeded = demo_history.seed_history(count=SIZE, now=NOW)
    print(f"History of {SIZE} complaints written in {time.monotonic() - started:.1f} s")
    return seeded


def _quarter(ticket_created: datetime) -> int:
    return min(7, int((ticket_created - START) / (timedelta(days=story.HISTORY_DAYS) / 8)))


def _days(ticket: Ticket) -> float:
    assert ticket.resolved_at is not None
    return (ticket.resolved_at - ticket.created_at) / timedelta(days=1)


def test_history_tells_the_managers_story(history: demo_history.Seeded) -> None:
    assert history.complaints == SIZE and history.events and history.sms and history.answers
    tickets = list(Ticket.objects.select_related("agency__region", "category"))
    resolved = [t for t in tickets if t.resolved_at]
    by_quarter: dict[int, list[Ticket]] = defaultdict(list)
    for ticket in resolved:
        by_quarter[_quarter(ticket.created_at)].append(ticket)
    first, last = by_quarter[0], by_quarter[7]
    # Delays fall: the median more than three times shorter, more within the service level.
    assert statistics.median(map(_days, first)) > 3 * statistics.median(map(_days, last))
    within = [sum(not t.sla_breached for t in by_quarter[q]) / len(by_quarter[q])
              for q in (0, 7)]
    assert within[0] < 0.45 and within[1] > 0.7
    # The lagging region stays slower than the country.
    lagging = [_days(t) for t in resolved if t.agency.region.code == story.LAGGING_REGION]
    assert lagging and statistics.median(lagging) > 1.5 * statistics.median(map(_days, resolved))
    # One category is rejected far more often than the others.
    answered = [t for t in resolved if t.outcome]
    chosen = [t.outcome == "rejected" for t in answered
              if t.category.code == story.REJECTED_CATEGORY]
    others = [t.outcome == "rejected" for t in answered
              if t.category.code != story.REJECTED_CATEGORY]
    assert chosen and sum(chosen) / len(chosen) > 3 * sum(others) / len(others)
    # Every region, channel and audience has complaints.
    assert {t.agency.region.code for t in tickets} >= {story.LAGGING_REGION, "DR-CASABLANCA"}
    assert len({t.channel for t in tickets}) == 7
    assert {t.category_id for t in tickets} == set(Category.objects.values_list("pk", flat=True))


def test_more_customers_are_told_of_every_step_and_more_satisfied(
        history: demo_history.Seeded) -> None:
    told: dict[int, bool] = {}
    for ticket_id, status, delivery in OutboxMessage.objects.filter(
            kind=OutboxMessage.Kind.SMS, is_answer=False).values_list(
            "ticket_id", "status", "delivery_status"):
        ok = status == OutboxMessage.Status.SENT and delivery == "delivered"
        told[ticket_id] = told.get(ticket_id, True) and ok
    created = dict(Ticket.objects.values_list("pk", "created_at"))
    shares = []
    for quarter in (0, 7):
        flags = [ok for pk, ok in told.items() if _quarter(created[pk]) == quarter]
        shares.append(sum(flags) / len(flags))
    assert shares[0] < 0.62 and shares[1] > 0.8
    scores: dict[int, list[int]] = defaultdict(list)
    for answered, score in SurveyAnswer.objects.values_list("answered_at", "score"):
        scores[_quarter(answered)].append(score)
    assert statistics.mean(scores[7]) - statistics.mean(scores[1]) > 0.6
    assert SurveyAnswer.objects.exclude(comment="").values("comment").distinct().count() > 15


def test_history_rows_follow_the_workflow(history: demo_history.Seeded) -> None:
    assert not Ticket.objects.filter(state=State.RESOLVED, explanation="").exists()
    assert not Ticket.objects.filter(state__in=OPEN_STATES, resolved_at__isnull=False).exclude(
        id__in=TicketEvent.objects.filter(action="reopen").values("ticket_id")).exists()
    assert not Ticket.objects.filter(resolved_at__lte=F("created_at")).exists()
    assert not Ticket.objects.filter(Q(first_responded_at__lt=F("created_at"))
                                     | Q(first_responded_at__gt=F("resolved_at"))
                                     ).exists()
    assert not Ticket.objects.filter(outcome="rejected", rule="").exists()
    assert not Ticket.objects.filter(state=State.CLOSED, closed_at__isnull=True).exists()
    # No escalation is left for the sweep: the next level is in the future.
    assert not Ticket.objects.filter(next_escalation_at__lte=NOW).exists()
    assert Ticket.objects.filter(sla_breached=True, sla_level__gte=2).exists()
    reopened = TicketEvent.objects.filter(action="reopen").values("ticket_id").distinct()
    assert 0.01 < reopened.count() / SIZE < 0.06
    # Each transition continues from the state the previous one left.
    for ticket in Ticket.objects.order_by("?")[:200]:
        state = State.NEW
        for event in ticket.events.filter(kind=TicketEvent.Kind.TRANSITION).order_by("at", "id"):
            assert event.from_state == state, (ticket.reference, event.action)
            state = event.to_state
        assert state == ticket.state
    # The backlog has open complaints of every age.
    ages = [(NOW - created).days for created in Ticket.objects.filter(
        state__in=OPEN_STATES).values_list("created_at", flat=True)]
    assert min(ages) <= 7 and any(8 <= a <= 30 for a in ages) and max(ages) > 90


def test_seeding_the_history_again_adds_nothing(history: demo_history.Seeded) -> None:
    counts = (Ticket.objects.count(), TicketEvent.objects.count(),
              OutboxMessage.objects.count(), SurveyAnswer.objects.count())

    again = demo_history.seed_history(count=SIZE, now=NOW)

    assert again == demo_history.Seeded()
    assert counts == (Ticket.objects.count(), TicketEvent.objects.count(),
                      OutboxMessage.objects.count(), SurveyAnswer.objects.count())


def test_a_count_out_of_range_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValueError, match="historical complaints"):
        demo_history.seed_history(count=-1, now=NOW)
    assert not Ticket.objects.exists()
