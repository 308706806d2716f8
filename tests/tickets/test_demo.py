from __future__ import annotations

import pytest
from django.core.management import call_command

from sla import demo as sla_demo
from tickets.models import State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_the_demo_has_complaints_in_every_stage_each_with_its_history() -> None:
    call_command("seed_demo", persons=300, employers=30, complaints=60, verbosity=0)
    tickets = list(Ticket.objects.all())
    assert len(tickets) == 60 + len(sla_demo.WATCH_AGES)
    states = {t.state for t in tickets}
    assert {State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED} <= states
    assert Ticket.objects.filter(agency__code="CASA-ANFA", assignee__user__username="guichet"
                                 ).exists()
    for ticket in tickets:
        last = TicketEvent.objects.filter(ticket=ticket, kind="transition").last()
        assert last is not None and last.to_state == ticket.state
        assert ticket.customer.interactions.filter(ticket=ticket).exists()

    call_command("seed_demo", persons=300, employers=30, complaints=60, verbosity=0)
    assert Ticket.objects.count() == 60 + len(sla_demo.WATCH_AGES)
