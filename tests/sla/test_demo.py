"""sla.demo: the call centre's calendar and the callback policy."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from sla import demo
from sla.models import Calendar, EscalationLevel, SlaPolicy, WorkingHours

pytestmark = pytest.mark.django_db


def test_service_levels_without_the_callback_category_are_the_calendar_alone() -> None:
    policies = SlaPolicy.objects.count()

    demo.seed_service_levels(callback_category_id=None)
    demo.seed_service_levels(callback_category_id=None)

    calendar = Calendar.objects.get(is_call_centre=True)
    hours = WorkingHours.objects.filter(calendar=calendar)
    assert sorted(hours.values_list("weekday", flat=True)) == list(range(7))
    assert {(h.start, h.end) for h in hours} == {(time(0), time(23, 59, 59))}
    assert SlaPolicy.objects.count() == policies


def test_the_callback_policy_is_created_once_for_the_given_category(category) -> None:
    demo.seed_service_levels(callback_category_id=category.pk)
    demo.seed_service_levels(callback_category_id=category.pk)

    policy = SlaPolicy.objects.get(category=category)
    assert policy.resolution == demo.CALLBACK_RESOLUTION == timedelta(hours=2)
    assert policy.first_response == timedelta(minutes=30)
    assert list(EscalationLevel.objects.filter(policy=policy).order_by("percent")
                .values_list("percent", "warn_assignee", "breach", "notify_supervisor",
                             "notify_regional_manager", "raise_priority")) == [
        (75, True, False, False, False, False), (100, False, True, True, False, False),
        (150, False, False, False, True, True)]
    assert Calendar.objects.filter(is_call_centre=True).count() == 1
