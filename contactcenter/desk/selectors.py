"""Reads of the agent desk: the three work queues and the choices its forms offer."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from tickets import selectors as ticket_selectors
from tickets.models import OPEN_STATES, OutboxMessage, Ticket
from tickets.selectors import QueueCounts, open_counts, tickets_for_agent


class Scope:
    MINE = "mine"
    TEAM = "team"
    ALL = "all"


SCOPES = (Scope.MINE, Scope.TEAM, Scope.ALL)
# The complaint page lists this many of the latest SMS to the customer.
CUSTOMER_MESSAGES = 20
# What each queue row shows, fetched with the row.
TABLE_RELATIONS = ("customer", "category", "agency", "assignee__user")


# Agents offered by the bulk assignment (the service refuses those who may not hold one).
BULK_ASSIGNEES_LIMIT = 500


def queue_tickets(*, agent: Agent, scope: str) -> QuerySet[Ticket]:
    """The complaints of one work queue, within what the agent may see: assigned to them
    ("mine"), in their queues ("team"), or all they may see. Unordered, unfiltered by state."""
    tickets = tickets_for_agent(agent)
    if scope == Scope.MINE:
        tickets = tickets.filter(assignee=agent)
    elif scope == Scope.TEAM:
        # The ids themselves, not a subquery: the planner then walks the per-queue index,
        # and an agent in no queue costs nothing.
        queue_ids = org_selectors.queue_ids_of(agent)
        tickets = tickets.filter(queue_id__in=queue_ids) if queue_ids else tickets.none()
    return tickets.select_related(*TABLE_RELATIONS)


def _scoped(agent: Agent, scope: str) -> QuerySet[Ticket]:
    """queue_tickets without the rows' relations: what the tab counts read."""
    tickets = tickets_for_agent(agent)
    if scope == Scope.MINE:
        return tickets.filter(assignee=agent)
    queue_ids = org_selectors.queue_ids_of(agent)
    return tickets.filter(queue_id__in=queue_ids) if queue_ids else tickets.none()


def tab_counts(*, agent: Agent, now: datetime) -> dict[str, QueueCounts]:
    """The open complaints of "mine" and "my team", with how many are breached or at risk:
    one aggregate each on the partial index of open complaints by assignee or by queue
    (index-only: the filters' columns are included), the team's after its queue ids. None
    for "all I may see", which no index bounds."""
    return {scope: open_counts(_scoped(agent, scope), now=now)
            for scope in (Scope.MINE, Scope.TEAM)}


def bulk_assignees(agent: Agent) -> list[Agent]:
    """Who a supervisor may give complaints to in bulk: the active agents of their agency
    and of their queues, by name (one query, bounded)."""
    queue_ids = org_selectors.queue_ids_of(agent)
    condition = Q(pk=agent.pk)
    if agent.agency_id:
        condition |= Q(agency=agent.agency_id)
    if queue_ids:
        condition |= Q(queues__in=queue_ids)
    return list(org_selectors.all_agents().filter(condition, user__is_active=True).distinct()
                .order_by("user__first_name", "user__last_name", "pk")[:BULK_ASSIGNEES_LIMIT])


def only_open(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The open ones: the personal and team queues read the partial indexes on open rows."""
    return tickets.filter(state__in=OPEN_STATES)


def customer_messages(ticket: Ticket, *, limit: int = CUSTOMER_MESSAGES) -> list[OutboxMessage]:
    """The latest SMS to the customer about this complaint, newest first (one query)."""
    return ticket_selectors.sms_about(ticket, limit=limit)
