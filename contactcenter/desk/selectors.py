"""Reads of the agent desk: the three work queues and the choices its forms offer."""

from __future__ import annotations

from django.db.models import QuerySet

from contactcenter.desk.customer_messages import AnswerSms
from contactcenter.desk.customer_messages import customer_messages as sms_to_customer
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from tickets.models import OPEN_STATES, OutboxMessage, Ticket
from tickets.selectors import tickets_for_agent


class Scope:
    MINE = "mine"
    TEAM = "team"
    ALL = "all"


SCOPES = (Scope.MINE, Scope.TEAM, Scope.ALL)
# The complaint page lists this many of the latest SMS to the customer.
CUSTOMER_MESSAGES = 20
# What each queue row shows, fetched with the row.
TABLE_RELATIONS = ("customer", "category", "agency", "assignee__user")


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


def only_open(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The open ones: the personal and team queues read the partial indexes on open rows."""
    return tickets.filter(state__in=OPEN_STATES)


def customer_messages(ticket: Ticket, *, limit: int = CUSTOMER_MESSAGES
                      ) -> list[OutboxMessage | AnswerSms]:
    """The latest SMS to the customer about this complaint, newest first, the answers to
    their own SMS included (two queries: contactcenter.desk.customer_messages)."""
    return sms_to_customer(ticket, limit=limit)
