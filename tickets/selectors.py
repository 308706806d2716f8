"""Reads of complaints, and which complaints an agent may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from contactcenter.org.models import Agent
from contactcenter.org.selectors import scope_of
from tickets.models import Ticket, TicketEvent


def tickets_for_agent(agent: Agent) -> QuerySet[Ticket]:
    """Complaints of the agent's agency, region or queues; all for national staff."""
    return Ticket.objects.filter(scope_of(agent).q(agency="agency", queue="queue"))


def get_ticket_for_agent(*, agent: Agent, reference: str) -> Ticket:
    """One complaint the agent may see, or Http404 (the same answer as for no complaint)."""
    try:
        return (tickets_for_agent(agent)
                .select_related("customer", "category", "agency", "queue", "assignee__user",
                                "updated_by__user", "created_by__user", "dependant",
                                "referred_to", "merged_into")
                .get(reference=reference))
    except Ticket.DoesNotExist:
        raise Http404("No such complaint.") from None


def events_of(ticket: Ticket) -> QuerySet[TicketEvent]:
    """A complaint's history, oldest first, with the acting agents."""
    return ticket.events.select_related("actor__user").order_by("at", "id")
