"""Round robin: org's mark_next_in_turn with tickets' cap gives the agent the single
statement of before gave (turn order, cap, roles, availability), in three statements."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactcenter.org.models import Agent
from tests import factories
from tickets import routing
from tickets.models import OPEN_STATES, State, Ticket

pytestmark = pytest.mark.django_db

# The choice as one statement across org's and tickets' tables, as routing had it: the
# reference the split one is held to.
_BEFORE = f"""
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
    RETURNING agent.id
"""


def _before(queue, *, at, cap) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(_BEFORE, {
            "queue": queue.pk, "at": at, "cap": cap,
            "roles": [role.value for role in routing.ASSIGNABLE_ROLES],
            "open_states": [state.value for state in OPEN_STATES]})
        row = cursor.fetchone()
    return row[0] if row else None


def _pick(how, queue, *, at, cap) -> int | None:
    """The agent `how` picks, its mark undone."""
    with transaction.atomic():
        if how == "before":
            picked = _before(queue, at=at, cap=cap)
        else:
            agent = routing.next_assignee(queue, at=at)
            picked = agent.pk if agent else None
        transaction.set_rollback(True)
    return picked


def _random_queue(rng: random.Random, now):
    queue = factories.QueueFactory()
    direction = factories.DirectionFactory()
    customer = factories.CustomerFactory(agency=queue.agency)
    for _ in range(rng.randint(0, 7)):
        role = rng.choice([Agent.Role.FRONT_OFFICE, Agent.Role.CALL_CENTRE,
                           Agent.Role.BACK_OFFICE, Agent.Role.SUPERVISOR,
                           Agent.Role.REGIONAL_MANAGER])
        agent = factories.AgentFactory(
            role=role, agency=queue.agency,
            direction=direction if role in (Agent.Role.CALL_CENTRE,
                                            Agent.Role.BACK_OFFICE) else None,
            region=queue.agency.region if role == Agent.Role.REGIONAL_MANAGER else None,
            is_available=rng.random() < 0.8)
        # Ties on the turn too: the id decides.
        turn = rng.choice([None, now - timedelta(hours=rng.randint(1, 3))])
        Agent.objects.filter(pk=agent.pk).update(last_assigned_at=turn)
        if rng.random() < 0.9:
            agent.queues.add(queue)
        for _ in range(rng.randint(0, 3)):
            factories.TicketFactory(customer=customer, assignee=agent,
                                    state=rng.choice([*OPEN_STATES, State.CANCELLED]))
    return queue


@pytest.mark.parametrize("seed", range(12))
def test_next_assignee_agrees_with_the_single_statement(seed, settings) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    queue = _random_queue(rng, now)
    for cap in (1, 2, 3):
        settings.TICKET_ASSIGNMENT_CAP = cap
        assert _pick("now", queue, at=now, cap=cap) == _pick("before", queue, at=now, cap=cap)
    # The turn goes on the same way over successive picks (each mark kept).
    settings.TICKET_ASSIGNMENT_CAP = 2
    for step in range(4):
        at = now + timedelta(minutes=step)
        expected = _pick("before", queue, at=at, cap=2)
        agent = routing.next_assignee(queue, at=at)
        assert (agent.pk if agent else None) == expected
        if agent is not None:
            assert Agent.objects.get(pk=agent.pk).last_assigned_at == at


def test_next_assignee_reads_in_three_statements_and_skips_those_at_cap(settings) -> None:
    settings.TICKET_ASSIGNMENT_CAP = 1
    queue = factories.QueueFactory()
    busy, free = (factories.AgentFactory(agency=queue.agency) for _ in range(2))
    busy.queues.add(queue)
    free.queues.add(queue)
    factories.TicketFactory(assignee=busy, state=State.ASSIGNED)
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert routing.next_assignee(queue, at=now) == free
    assert len(queries) == 3
    factories.TicketFactory(assignee=free, state=State.ASSIGNED)
    with CaptureQueriesContext(connection) as queries:  # everyone at the cap: no UPDATE
        assert routing.next_assignee(queue, at=now) is None
    assert len(queries) == 2
    assert Agent.objects.get(pk=busy.pk).last_assigned_at is None


def test_agents_at_cap_states_the_partial_index_condition() -> None:
    """The count names the open states as literals, exactly the partial index's condition,
    so that PostgreSQL may use `ticket_assignee_open` for it even once the statement is
    prepared (a parameter would hide the states from the planner). Which index the planner
    then picks depends on the table's size: at a test's dozen rows it may scan another."""
    index = next(index for index in Ticket._meta.indexes if index.name == "ticket_assignee_open")
    assert index.condition == Q(state__in=OPEN_STATES)
    listed = re.search(r"state IN \(([^)]*)\)", routing._AT_CAP)
    assert listed is not None
    assert [state.strip("' ") for state in listed.group(1).split(",")] == [
        state.value for state in OPEN_STATES]
    assert "%s" not in listed.group(0)