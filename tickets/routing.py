"""Where a new complaint goes, and to whom."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import connection

from contactcenter import process_cache
from contactcenter.org.models import Agency, Agent, Queue
from tickets.models import OPEN_STATES, Category, Ticket

FRONT_OFFICE_SECONDS = 300


def queue_for(*, category: Category | None, agency: Agency | None) -> Queue | None:
    """The category's default queue (a headquarters direction), else the front office of
    the customer's agency."""
    if category is not None and category.default_queue_id:
        return category.default_queue
    if agency is not None:
        return process_cache.cached("org", ("front-office", agency.pk), FRONT_OFFICE_SECONDS,
                                    lambda: agency.queues.order_by("pk").first())
    return None


def next_assignee(queue: Queue, *, at: datetime) -> Agent | None:
    """The next agent of the queue by round robin (the one assigned longest ago among the
    available agents below their cap of open complaints), marked as assigned at `at`.

    Locks the queue row until the transaction ends, so that two openings in one queue
    neither pick the same agent's last free place nor break the turn. Two statements: the
    lock, then the choice and the mark in one UPDATE (its snapshot, taken after the lock
    was granted, sees what the previous opening committed)."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_QUEUE, [queue.pk])
    picked = list(Agent.objects.raw(_PICK_AND_MARK, {
        "queue": queue.pk, "at": at, "cap": settings.TICKET_ASSIGNMENT_CAP,
        "roles": [role.value for role in ASSIGNABLE_ROLES],
        "open_states": [state.value for state in OPEN_STATES]}))
    return picked[0] if picked else None


ASSIGNABLE_ROLES = (Agent.Role.FRONT_OFFICE, Agent.Role.CALL_CENTRE, Agent.Role.BACK_OFFICE)
_LOCK_QUEUE = f"SELECT 1 FROM {Queue._meta.db_table} WHERE id = %s FOR UPDATE"
# The open-complaint count is a correlated count on the partial index ticket_assignee_open,
# evaluated only for the queue's available agents.
_PICK_AND_MARK = f"""
    UPDATE {Agent._meta.db_table} AS agent SET last_assigned_at = %(at)s
    WHERE agent.id = (
        SELECT candidate.id
        FROM {Agent._meta.db_table} AS candidate
        JOIN {Agent.queues.through._meta.db_table} AS membership
          ON membership.agent_id = candidate.id
        WHERE membership.queue_id = %(queue)s AND candidate.is_available
          AND candidate.role = ANY(%(roles)s)
          AND (SELECT count(*) FROM {Ticket._meta.db_table} AS open_ticket
               WHERE open_ticket.assignee_id = candidate.id
                 AND open_ticket.state = ANY(%(open_states)s)) < %(cap)s
        ORDER BY candidate.last_assigned_at ASC NULLS FIRST, candidate.id
        LIMIT 1)
    RETURNING agent.*
"""
