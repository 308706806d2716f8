"""The demo visitor line: history with Monday's crowds, a handful waiting today, made once."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from contactcenter.counter.demo import HOME_AGENCY, WAITING_TODAY, seed_visitor_line
from contactcenter.counter.models import HourlyLineStats, Visit
from contactcenter.org.demo import seed_organisation, seed_staff

pytestmark = pytest.mark.django_db
THURSDAY_10 = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))


def test_the_demo_line_has_monday_peaks_and_visitors_waiting_today() -> None:
    seed_staff(seed_organisation())
    added = seed_visitor_line(now=THURSDAY_10)
    assert added == Visit.objects.count() > 400
    assert seed_visitor_line(now=THURSDAY_10) == 0  # once
    assert {visit.agency.code for visit in Visit.objects.select_related("agency")} == {
        HOME_AGENCY}
    today = Visit.objects.filter(day=THURSDAY_10.date())
    assert today.count() == today.filter(state=Visit.State.WAITING).count() == WAITING_TODAY
    per_weekday = Counter(visit.day.weekday() for visit in Visit.objects.exclude(
        day=THURSDAY_10.date()))
    assert per_weekday[0] > per_weekday[2] > per_weekday[4]  # Monday, Wednesday, Friday
    waits = {weekday: [] for weekday in range(5)}
    for row in HourlyLineStats.objects.exclude(date=THURSDAY_10.date()).filter(called__gt=0):
        waits[row.date.weekday()].append(row.total_wait_seconds / row.called)
    assert max(waits[0]) > max(waits[4])  # Monday's line is the longest
    assert HourlyLineStats.objects.aggregate(n=Sum("visitors"))["n"] == added
    assert not Visit.objects.exclude(day=THURSDAY_10.date()).filter(
        state__in=[Visit.State.WAITING, Visit.State.CALLED]).exists()
