"""Where a new complaint goes, and to whom."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import connection

from contactcenter import process_cache
from contactcenter.org import selectors as org_selectors
from contactcenter.org import services as org_services
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
                                    lambda: org_selectors.first_queue_of(agency))
    return None


def next_assignee(queue: Queue, *, at: datetime) -> Agent | None:
    """The next agent of the queue by round robin (the one assigned longest ago among the
    available agents below their cap of open complaints), marked as assigned at `at`.

    Locks the queue row until the transaction ends, so that two openings in one queue
    neither pick the same agent's last free place nor break the turn. Org locks the queue,
    reads its members, asks tickets which of them are at their cap, then chooses and marks
    (org.services.mark_next_in_turn): three statements, two when everyone is at their cap,
    one when nobody can take complaints. The cap count runs after the lock was granted, so
    its snapshot sees the complaint the previous opening in this queue committed."""
    return org_services.mark_next_in_turn(
        queue.pk, roles=[role.value for role in ASSIGNABLE_ROLES], at=at,
        excluding=agents_at_cap)


def agents_at_cap(agent_ids: list[int]) -> list[int]:
    """Those of these agents holding settings.TICKET_ASSIGNMENT_CAP open complaints or more:
    one statement, read from the partial index ticket_assignee_open (its condition written
    as constants, so that the planner can use it with a generic plan too)."""
    with connection.cursor() as cursor:
        cursor.execute(_AT_CAP, [agent_ids, settings.TICKET_ASSIGNMENT_CAP])
        return [row[0] for row in cursor.fetchall()]


ASSIGNABLE_ROLES = (Agent.Role.FRONT_OFFICE, Agent.Role.CALL_CENTRE, Agent.Role.BACK_OFFICE)
# The open states are the index's condition (Ticket.Meta), as literals of the code.
_OPEN = ", ".join(f"'{state.value}'" for state in OPEN_STATES)
_AT_CAP = f"""
    SELECT assignee_id FROM {Ticket._meta.db_table}
    WHERE assignee_id = ANY(%s) AND state IN ({_OPEN})
    GROUP BY assignee_id HAVING count(*) >= %s
"""
