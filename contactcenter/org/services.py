"""Changes to the organisation's records made by other apps."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from django.db import connection

from contactcenter.org.models import Agent, Queue


def mark_assigned(*, agent: Agent, at: datetime) -> None:
    """Remember when the agent last got a complaint (the round robin's turn)."""
    Agent.objects.filter(pk=agent.pk).update(last_assigned_at=at)
    agent.last_assigned_at = at


def mark_next_in_turn(queue_id: int, *, roles: Iterable[str], at: datetime,
                      excluding: Callable[[list[int]], Collection[int]]) -> Agent | None:
    """The queue's next agent by round robin, marked as assigned at `at`: among the queue's
    available members with one of `roles`, less those `excluding(member ids)` names (the
    caller's rule, e.g. those at their cap of open complaints), the one assigned longest
    ago (never first, then by id). None when nobody is left.

    Must run in a transaction: the queue row stays locked until it ends, so that two
    callers in one queue neither pick the same agent's last free place nor break the turn.
    At most three statements, in this order:

    1. lock the queue row and read its eligible members (who is a member, available, of
       which role: nothing a concurrent caller changes). No eligible member: no lock, None;
    2. `excluding(ids)`, the caller's read: its statement starts after the lock was granted,
       so its snapshot sees what the previous caller in this queue committed (e.g. the
       complaint that filled an agent's last free place). Everyone excluded: None;
    3. choose and mark in one UPDATE, whose snapshot (also taken after the lock) sees the
       previous caller's mark: the turn is kept.
    """
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_QUEUE_AND_READ_MEMBERS, [queue_id, list(roles)])
        members = [row[0] for row in cursor.fetchall()]
    if not members:
        return None
    skipped = set(excluding(members))
    candidates = [pk for pk in members if pk not in skipped]
    if not candidates:
        return None
    picked = list(Agent.objects.raw(_PICK_AND_MARK, {"candidates": candidates, "at": at}))
    return picked[0] if picked else None


_MEMBERSHIP = Agent.queues.through._meta.db_table
# FOR UPDATE OF the queue alone: the agents' rows stay free for other writers (a manual
# assignment, the admin). Sorted ids: the caller's read gets them in one order.
_LOCK_QUEUE_AND_READ_MEMBERS = f"""
    SELECT member.id
    FROM {Queue._meta.db_table} AS queue
    JOIN {_MEMBERSHIP} AS membership ON membership.queue_id = queue.id
    JOIN {Agent._meta.db_table} AS member ON member.id = membership.agent_id
    WHERE queue.id = %s AND member.is_available AND member.role = ANY(%s)
    ORDER BY member.id
    FOR UPDATE OF queue
"""
_PICK_AND_MARK = f"""
    UPDATE {Agent._meta.db_table} AS agent SET last_assigned_at = %(at)s
    WHERE agent.id = (
        SELECT candidate.id FROM {Agent._meta.db_table} AS candidate
        WHERE candidate.id = ANY(%(candidates)s) AND candidate.is_available
        ORDER BY candidate.last_assigned_at ASC NULLS FIRST, candidate.id
        LIMIT 1)
    RETURNING agent.*
"""
