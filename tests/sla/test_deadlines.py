"""Deadlines stored on complaints: computed at opening, paused, resumed, restarted."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from contactcenter.org.models import Direction
from sla.models import Calendar, HolidayOverride, SlaPolicy, WorkingHours
from tests import factories
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
CASA = ZoneInfo("Africa/Casablanca")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CASA)


@pytest.fixture
def policy() -> SlaPolicy:
    return SlaPolicy.objects.get(category__isnull=True, priority="", channel="", segment="")


def _open(customer, by, category, at) -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   category=category, description="AF non payées", now=at)


def test_opening_sets_the_deadlines_on_the_business_calendar(customer, agent, category,
                                                             policy) -> None:
    # Friday 9 Jan 2026 at 15:00: 1 h 30 left that day (08:30-16:30), Monday 12 is open.
    ticket = _open(customer, agent, category, local(2026, 1, 9, 15, 0))
    assert ticket.sla_policy == policy
    assert ticket.first_response_due == local(2026, 1, 12, 15, 0)  # 8 business hours
    # 40 h = 1.5 h Friday + 4 days x 8 h (Mon 12, Tue 13, Thu 15, Fri 16; 14 Jan is a
    # holiday) + 6.5 h on Monday 19.
    assert ticket.resolution_due == local(2026, 1, 19, 15, 0)
    assert ticket.next_escalation_at == local(2026, 1, 16, 13, 0)  # 75 % = 30 h


def test_a_holiday_correction_moves_the_deadline(customer, agent, category) -> None:
    HolidayOverride.objects.create(date=datetime(2026, 1, 19).date(), action="add",
                                   name="Aïd (observed)")
    ticket = _open(customer, agent, category, local(2026, 1, 9, 15, 0))
    assert ticket.resolution_due == local(2026, 1, 20, 15, 0)


def test_the_most_specific_policy_wins(customer, agent, category, policy) -> None:
    specific = SlaPolicy.objects.create(name="AF", category=category,
                                        resolution=timedelta(hours=16))
    SlaPolicy.objects.create(name="Urgent", priority="urgent", resolution=timedelta(hours=4))
    ticket = _open(customer, agent, category, local(2026, 1, 12, 9, 0))
    assert ticket.sla_policy == specific
    assert ticket.resolution_due == local(2026, 1, 15, 9, 0)  # 16 h, over the 14 Jan holiday


def test_a_policy_saved_or_deactivated_applies_at_once(customer, agent, category,
                                                      policy) -> None:
    """Policies are cached per process; saving one forgets the cache."""
    assert _open(customer, agent, category, local(2026, 1, 12, 9, 0)).sla_policy == policy
    specific = SlaPolicy.objects.create(name="AF", category=category,
                                        resolution=timedelta(hours=16))
    assert _open(customer, agent, category, local(2026, 1, 12, 9, 0)).sla_policy == specific
    specific.is_active = False
    specific.save()
    assert _open(customer, agent, category, local(2026, 1, 12, 9, 0)).sla_policy == policy


def test_waiting_for_the_customer_pauses_the_clock(customer, handler, category) -> None:
    ticket = _open(customer, handler, category, local(2026, 1, 12, 9, 0))
    services.start_ticket(ticket=ticket, by=handler, now=local(2026, 1, 12, 10, 0))
    services.ask_customer(ticket=ticket, by=handler, request="RIB",
                          now=local(2026, 1, 12, 11, 0))
    assert ticket.resolution_due is None and ticket.next_escalation_at is None
    assert ticket.sla_elapsed == timedelta(hours=2)
    # A week later the customer answers: 38 h are left from Monday 19 Jan 11:00.
    services.record_customer_reply(ticket=ticket, text="Voici mon RIB",
                                   now=local(2026, 1, 19, 11, 0))
    # 5.5 h on Monday 19, four full days, 0.5 h on Monday 26.
    assert ticket.resolution_due == local(2026, 1, 26, 9, 0)
    assert ticket.sla_elapsed == timedelta(hours=2)


def test_resolving_stops_and_reopening_restarts_the_clock(customer, handler, category,
                                                          policy) -> None:
    ticket = _open(customer, handler, category, local(2026, 1, 12, 9, 0))
    services.start_ticket(ticket=ticket, by=handler, now=local(2026, 1, 12, 9, 30))
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted", explanation="Payé",
                            now=local(2026, 1, 12, 12, 0))
    assert ticket.next_escalation_at is None and ticket.sla_running_since is None
    assert ticket.first_responded_at == local(2026, 1, 12, 9, 30)
    services.reopen_ticket(ticket=ticket, by=handler, reason="Toujours rien",
                           now=local(2026, 1, 13, 9, 0))
    assert ticket.sla_period == 1 and ticket.sla_elapsed == timedelta(0)
    # 40 h again from Tuesday 13 at 9:00 (14 Jan is a holiday): Wednesday 21 at 9:00.
    assert ticket.resolution_due == local(2026, 1, 21, 9, 0)


def test_changing_the_category_recomputes_the_deadline(customer, agent, category) -> None:
    quick = factories.CategoryFactory(code="quick")
    SlaPolicy.objects.create(name="Rapide", category=quick, resolution=timedelta(hours=8))
    ticket = services.open_complaint(customer=customer, channel="phone", by=agent,
                                     description="?", now=local(2026, 1, 12, 9, 0))
    assert ticket.resolution_due == local(2026, 1, 20, 9, 0)  # the default 40 h
    services.triage_ticket(ticket=ticket, by=agent, category=quick,
                           now=local(2026, 1, 12, 10, 0))
    assert ticket.resolution_due == local(2026, 1, 13, 9, 0)


def test_a_complaint_in_a_call_centre_queue_runs_on_the_call_centre_calendar(
        customer, agent, category) -> None:
    """The call centre works 08:00-20:00 every day; the agency Monday to Friday."""
    call_centre = factories.DirectionFactory(kind=Direction.Kind.CALL_CENTRE)
    category.default_queue = factories.QueueFactory(agency=None, direction=call_centre)
    category.save()
    calendar = Calendar.objects.create(name="Centre d'appels", is_call_centre=True)
    WorkingHours.objects.bulk_create(
        WorkingHours(calendar=calendar, weekday=day, start=time(8), end=time(20))
        for day in range(7))
    saturday = local(2026, 2, 7, 10, 0)
    # 40 h = 10 h on Saturday, 12 h on Sunday, 12 h on Monday and 6 h on Tuesday.
    assert _open(customer, agent, category, saturday).resolution_due == local(2026, 2, 10, 14)
    # Elsewhere the agency's calendar still applies: the clock starts on Monday at 08:30.
    assert _open(customer, agent, None, saturday).first_response_due == local(2026, 2, 9, 16, 30)
