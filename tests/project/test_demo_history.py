"""contactcenter.demo's history: each app writes its own part once, and the managers'
aggregates are rebuilt after it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from contactcenter import demo
from contactcenter.chat.models import Conversation
from contactcenter.counter.models import HourlyLineStats, Visit
from contactcenter.reports.models import ComplaintStats, ContactStats, SatisfactionStats
from contactcenter.reports.models.complaint_stats import ALL_CATEGORIES, NATIONAL
from telephony.models import Call
from tickets.models import SurveyAnswer, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> tuple[int, ...]:
    return (Ticket.objects.count(), Call.objects.count(), Conversation.objects.count(),
            Visit.objects.count(), HourlyLineStats.objects.count(),
            SurveyAnswer.objects.count())


def test_history_of_every_app_is_written_once_then_aggregated() -> None:
    demo.seed_all(persons=100, employers=10, complaints=0, history=0, activity_days=0)

    first = demo.seed_history_all(history=500, activity_days=60)
    print(f"History (500 complaints, 60 days of activity) written in {first.seconds:.1f} s")
    counts = _counts()
    second = demo.seed_history_all(history=500, activity_days=60)

    assert first.complaints == 500 and first.calls and first.chats and first.visits
    assert Call.objects.filter(enqueued_at__isnull=False, taken_at__isnull=True).exists()
    assert Conversation.objects.filter(accepted_at__isnull=True).exists()
    assert SurveyAnswer.objects.filter(channel="chat", ticket__isnull=True).exists()
    assert (second.complaints, second.calls, second.chats, second.visits) == (0, 0, 0, 0)
    assert _counts() == counts
    # The managers' figures count all of it.
    for every_slice in (False, True):
        assert sum(ComplaintStats.objects.filter(grain="m", by_agency=False,
                                                 region_id=NATIONAL).filter(
            Q(category_id=ALL_CATEGORIES) if every_slice else ~Q(category_id=ALL_CATEGORIES))
            .values_list("received", flat=True)) == Ticket.objects.count()
    assert SatisfactionStats.objects.exists() and ContactStats.objects.exists()
    # The hourly figures add up to the visits they count.
    assert sum(HourlyLineStats.objects.values_list("visitors", flat=True)) == Visit.objects.count()
    # The home agency's history runs on to its recent weeks, without a gap (but weekends).
    days = sorted(set(Visit.objects.filter(agency__code="CASA-ANFA")
                      .values_list("day", flat=True)))
    assert len(days) > 30 and max((b - a).days for a, b in zip(days, days[1:], strict=False)) <= 3


def test_calls_wait_less_and_are_abandoned_less_over_the_year() -> None:
    demo.seed_all(persons=50, employers=5, complaints=0, history=0, activity_days=0)
    demo.seed_history_all(history=0, activity_days=365)
    calls = list(Call.objects.filter(enqueued_at__isnull=False).order_by("started_at")
                 .values_list("enqueued_at", "taken_at"))
    quarter = len(calls) // 4

    def abandoned(part: list[Any]) -> float:
        return sum(taken is None for _queued, taken in part) / len(part)

    def waited(part: list[Any]) -> float:
        waits = sorted((taken - queued).total_seconds() for queued, taken in part if taken)
        return waits[len(waits) // 2]

    assert abandoned(calls[:quarter]) > 1.5 * abandoned(calls[-quarter:])
    assert waited(calls[:quarter]) > 2 * waited(calls[-quarter:])
