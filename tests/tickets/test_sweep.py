"""The escalation sweep: through the index, each level once, safe twice at once."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from contactcenter.org.models import Agent
from tests import factories
from tests.sla.conftest import _national_policy  # noqa: F401 (autouse: the SLA policy)
from tickets import escalation, services
from tickets.models import OutboxMessage, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
CASA = ZoneInfo("Africa/Casablanca")
OPENED = datetime(2026, 1, 12, 9, 0, tzinfo=CASA)  # Monday; 40 h ends Tue 20 Jan 09:00



@pytest.fixture
def ticket(customer, handler, category, supervisor, region_a) -> Ticket:
    factories.AgentFactory(user__username="dr", role=Agent.Role.REGIONAL_MANAGER, agency=None,
                           region=region_a)
    return services.open_complaint(customer=customer, channel="counter", by=handler,
                                   category=category, description="AF", now=OPENED)


def _escalations(ticket: Ticket) -> list[str]:
    return list(TicketEvent.objects.filter(ticket=ticket, kind="escalation")
                .order_by("id").values_list("action", flat=True))


def test_each_level_fires_once_at_its_time(ticket) -> None:
    at_75 = ticket.next_escalation_at
    assert at_75 == datetime(2026, 1, 16, 15, 0, tzinfo=CASA)  # 30 h of 40
    assert escalation.sweep(now=at_75 - timedelta(minutes=1)).escalated == 0
    assert escalation.sweep(now=at_75).levels_fired == 1
    assert escalation.sweep(now=at_75 + timedelta(minutes=5)).levels_fired == 0
    assert _escalations(ticket) == ["sla_75"]
    row = Ticket.objects.get(pk=ticket.pk)
    assert row.sla_level == 1 and not row.sla_breached
    assert row.next_escalation_at == datetime(2026, 1, 20, 9, 0, tzinfo=CASA)
    notice = OutboxMessage.objects.get(kind="agent", event="sla_75")
    assert notice.payload["groups"] == [f"agent.{ticket.assignee_id}"]


def test_after_hours_of_downtime_every_due_level_fires_once(ticket, supervisor) -> None:
    late = datetime(2026, 1, 27, 12, 0, tzinfo=CASA)  # past 150 %
    result = escalation.sweep(now=late)
    assert result.levels_fired == 3 and result.escalated == 1
    assert escalation.sweep(now=late).levels_fired == 0
    assert _escalations(ticket) == ["sla_75", "sla_100", "sla_150"]
    row = Ticket.objects.get(pk=ticket.pk)
    assert row.sla_breached and row.priority == "high" and row.next_escalation_at is None
    assert row.version == ticket.version + 1
    supervisors = OutboxMessage.objects.get(event="sla_100").payload["groups"]
    assert f"agent.{supervisor.pk}" in supervisors
    regional = OutboxMessage.objects.get(event="sla_150").payload["groups"]
    assert regional == [f"agent.{Agent.objects.get(user__username='dr').pk}"]


def test_a_waiting_complaint_does_not_escalate(ticket, handler) -> None:
    services.start_ticket(ticket=ticket, by=handler, now=OPENED + timedelta(hours=1))
    services.ask_customer(ticket=ticket, by=handler, request="RIB",
                          now=OPENED + timedelta(hours=2))
    assert escalation.sweep(now=OPENED + timedelta(days=30)).levels_fired == 0
    assert _escalations(ticket) == []


def test_the_sweep_finds_due_complaints_through_the_index(ticket) -> None:
    # The sweep's own query (see tickets.escalation.escalate_batch), planned without a
    # sequential scan option so a small test table still shows which index serves it.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = (Ticket.objects.filter(next_escalation_at__lte=OPENED)
                .order_by("next_escalation_at")[:2000].explain())
        cursor.execute("SET enable_seqscan = on")
    assert "ticket_escalation_due" in plan
    assert escalation.sweep(now=OPENED).examined == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_fire_each_level_once(customer, handler, category) -> None:
    tickets = [services.open_complaint(customer=customer, channel="sms", by=handler,
                                       category=category, description=f"AF {n}", now=OPENED)
               for n in range(12)]
    late = datetime(2026, 1, 27, 12, 0, tzinfo=CASA)
    barrier = threading.Barrier(2)
    results = []

    def run() -> None:
        barrier.wait()
        results.append(escalation.sweep(now=late, batch=5))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.levels_fired for r in results) == 3 * len(tickets)
    assert TicketEvent.objects.filter(kind="escalation").count() == 3 * len(tickets)
    assert escalation.sweep(now=late).levels_fired == 0
