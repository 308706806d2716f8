"""Demo service levels: the call centre's calendar and the callback policy, on which the
quick start's complaints close to their deadlines (tickets.demo.watch_deadlines) move along
the live board within minutes.

The demo call centre answers around the clock, so its clocks run whenever the demo is
started; a callback is due within two business hours (first response within 30 minutes),
with escalation levels at 75 % (warn the assignee), 100 % (breach, notify the supervisor)
and 150 % (notify the regional manager, raise the priority).
"""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction

from sla.models import Calendar, EscalationLevel, SlaPolicy, WorkingHours

CALLBACK_RESOLUTION = timedelta(hours=2)
CALL_CENTRE_HOURS = (time(0), time(23, 59, 59))


@transaction.atomic
def seed_service_levels(*, callback_category_id: int | None) -> None:
    """The call centre's calendar and the callback policy (created once, kept after). The
    policy applies to the callback requests' complaint category, given by its id (tickets
    owns it); None, when it does not exist, leaves the policy out."""
    calendar, created = Calendar.objects.get_or_create(
        is_call_centre=True, defaults={"name": "Centre d'appels (24 h/24, 7 j/7)",
                                       "ramadan_start": CALL_CENTRE_HOURS[0],
                                       "ramadan_end": CALL_CENTRE_HOURS[1]})
    if created:
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=calendar, weekday=day, start=CALL_CENTRE_HOURS[0],
                         end=CALL_CENTRE_HOURS[1]) for day in range(7))
    if callback_category_id is None:
        return
    policy, created = SlaPolicy.objects.get_or_create(
        category_id=callback_category_id, priority="", channel="", segment="",
        defaults={"name": "Rappel par un conseiller", "first_response": timedelta(minutes=30),
                  "resolution": CALLBACK_RESOLUTION})
    if created:
        EscalationLevel.objects.bulk_create([
            EscalationLevel(policy=policy, percent=75, warn_assignee=True),
            EscalationLevel(policy=policy, percent=100, breach=True, notify_supervisor=True),
            EscalationLevel(policy=policy, percent=150, notify_regional_manager=True,
                            raise_priority=True)])
