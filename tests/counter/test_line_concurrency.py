"""Two kiosks taking numbers at once never get the same one; two agents calling at once
never get the same visitor (real transactions, one connection per thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connections

from contactcenter.counter import services
from contactcenter.counter.models import HourlyLineStats, Reason, Visit
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Africa/Casablanca"))


def _at_once(work: Callable[[int], object], count: int) -> list[object]:
    """Run work(0..count-1) in as many threads, released together."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work(index)
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_kiosks_taking_numbers_at_once_get_different_numbers(agency_a) -> None:
    visits = _at_once(lambda index: services.take_number(
        agency=agency_a, reason=Reason.COMPLAINT, now=MONDAY_9), 8)
    assert sorted(visit.sequence for visit in visits) == list(range(1, 9))  # type: ignore[attr-defined]  # Visit
    assert HourlyLineStats.objects.get().visitors == 8


def test_agents_calling_at_once_get_different_visitors(agency_a) -> None:
    for _ in range(4):
        services.take_number(agency=agency_a, reason=Reason.INFORMATION, now=MONDAY_9)
    agents = [factories.AgentFactory(agency=agency_a) for _ in range(6)]
    called = _at_once(lambda index: services.call_next(agent=agents[index], desk=index + 1,
                                                       now=MONDAY_9), 6)
    numbers = [visit.number for visit in called if visit is not None]  # type: ignore[attr-defined]  # Visit
    assert sorted(numbers) == ["I-001", "I-002", "I-003", "I-004"]
    assert Visit.objects.filter(state=Visit.State.CALLED).count() == 4
    assert HourlyLineStats.objects.get().called == 4
