"""Reads of the agent desk: the three work queues and the choices its forms offer."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from contactcenter.desk.customer_messages import AnswerSms
from contactcenter.desk.customer_messages import customer_messages as sms_to_customer
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from tickets.models import OPEN_STATES, OutboxMessage, Ticket
from tickets.selectors import QueueCounts, open_counts, tickets_for_agent, tickets_in_queues


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


def queue_ids_for(agent: Agent) -> list[int]:
    """The agent's queues, remembering their scope on this instance (a request's): the
    queue, its tab counts and the bulk form then read them once (one query)."""
    org_selectors.remember_scope(agent)
    scope = org_selectors.scope_of(agent)
    if scope.everything or scope.region_ids:  # a scope that does not list the queues
        return org_selectors.queue_ids_of(agent)
    return sorted(scope.queue_ids)


def queue_tickets(*, agent: Agent, scope: str,
                  queue_ids: list[int] | None = None) -> QuerySet[Ticket]:
    """The complaints of one work queue, within what the agent may see: assigned to them
    ("mine"), in their queues ("team"; `queue_ids` when already read), or all they may see.
    Unordered, unfiltered by state."""
    return _scoped(agent, scope, queue_ids).select_related(*TABLE_RELATIONS)


def _scoped(agent: Agent, scope: str, queue_ids: list[int] | None = None) -> QuerySet[Ticket]:
    if scope == Scope.TEAM:
        # The ids themselves, not a subquery: the planner then walks the per-queue index,
        # and an agent in no queue costs nothing.
        if queue_ids is None:
            queue_ids = org_selectors.queue_ids_of(agent)
        return (tickets_in_queues(agent, queue_ids) if queue_ids
                else tickets_for_agent(agent).none())
    tickets = tickets_for_agent(agent)
    return tickets.filter(assignee=agent) if scope == Scope.MINE else tickets


def tab_counts(*, agent: Agent, now: datetime,
               queue_ids: list[int] | None = None) -> dict[str, QueueCounts]:
    """The open complaints of "mine" and "my team", with how many are breached or at risk:
    one aggregate each on the partial index of open complaints by assignee or by queue
    (index-only: the filters' columns are included); none for a team without queues.
    Nothing for "all I may see", which no such index bounds."""
    return {scope: open_counts(_scoped(agent, scope, queue_ids), now=now)
            for scope in (Scope.MINE, Scope.TEAM)}


def bulk_assignees(agent: Agent, *, queue_ids: list[int] | None = None) -> list[Agent]:
    """Who a supervisor may give complaints to in bulk: the active agents of their agency
    and of their queues, by name (one query, bounded)."""
    if queue_ids is None:
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


def customer_messages(ticket: Ticket, *, limit: int = CUSTOMER_MESSAGES
                      ) -> list[OutboxMessage | AnswerSms]:
    """The latest SMS to the customer about this complaint, newest first, the answers to
    their own SMS included (two queries: contactcenter.desk.customer_messages)."""
    return sms_to_customer(ticket, limit=limit)
