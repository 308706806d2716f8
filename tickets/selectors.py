"""Reads of complaints, and which complaints an agent may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from contactcenter.org.models import Agent
from contactcenter.org.selectors import scope_of
from tickets.models import Ticket


def tickets_for_agent(agent: Agent) -> QuerySet[Ticket]:
    """Complaints of the agent's agency, region or queues; all for national staff."""
    return Ticket.objects.filter(scope_of(agent).q(agency="agency", queue="queue"))


def get_ticket_for_agent(*, agent: Agent, reference: str) -> Ticket:
    """One complaint the agent may see, or Http404 (the same answer as for no complaint)."""
    try:
        return (tickets_for_agent(agent)
                .select_related("customer", "category", "agency", "queue")
                .get(reference=reference))
    except Ticket.DoesNotExist:
        raise Http404("No such complaint.") from None
