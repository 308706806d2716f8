"""Two people acting on the same complaint at the same moment, in two real transactions on
PostgreSQL: one wins, the other is told who changed the complaint and when, nothing is lost
and the loser's transaction leaves nothing behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation

from contactcenter.org.models import Agent
from tests import factories
from tickets import outbox, routing, services
from tickets.exceptions import ConcurrentEdit
from tickets.models import OPEN_STATES, OutboxMessage, State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_SECONDS = 0.3  # how long the first writer keeps its transaction (and row lock) open
STAGGER_SECONDS = 0.05  # head start of the writer meant to win


@pytest.fixture(autouse=True)
def _no_task_queue(settings) -> None:
    """Deliveries are not under test here: keep committed rows out of the Celery queue."""
    settings.BACKGROUND_MODE = "in-process"


@pytest.fixture
def slow_commit(monkeypatch) -> None:
    """Keep each writer's transaction open a moment after it saved the complaint, so the
    other writer's UPDATE really waits on the row lock instead of arriving after commit."""
    original = outbox.add_board_update

    def add_board_update(**kwargs: Any) -> None:
        original(**kwargs)
        time.sleep(HOLD_SECONDS)

    monkeypatch.setattr(outbox, "add_board_update", add_board_update)


class Outcome:
    def __init__(self) -> None:
        self.result: Any = None
        self.error: BaseException | None = None


def race(*actions: Callable[[threading.Barrier], Any]) -> list[Outcome]:
    """Run each action in its own thread (so its own database connection and transaction).
    Each action loads what it needs, then waits on the barrier before writing."""
    barrier = threading.Barrier(len(actions), timeout=10)
    outcomes = [Outcome() for _ in actions]

    def run(action: Callable[[threading.Barrier], Any], outcome: Outcome) -> None:
        try:
            with translation.override("en"):
                outcome.result = action(barrier)
        except BaseException as exc:  # reported to the test thread
            outcome.error = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(actions, outcomes,
                                                                        strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    return outcomes


def _at(seconds: int) -> datetime:
    return timezone.now().replace(microsecond=0) + timedelta(seconds=seconds)


def _clock(at: datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M:%S")


def _in_progress(customer, handler, category) -> Ticket:  # type: ignore[no-untyped-def]
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     description="Pension non versée", category=category)
    return services.start_ticket(ticket=ticket, by=handler)


def _counts(ticket: Ticket) -> tuple[int, int]:
    return (TicketEvent.objects.filter(ticket=ticket).count(),
            OutboxMessage.objects.filter(ticket=ticket).count())


def _resolver(pk: int, by: Agent, *, at: datetime, delay: float = 0.0
              ) -> Callable[[threading.Barrier], Any]:
    def action(barrier: threading.Barrier) -> Ticket:
        ticket = Ticket.objects.get(pk=pk)
        barrier.wait()
        time.sleep(delay)
        return services.resolve_ticket(ticket=ticket, by=by, outcome="accepted",
                                       explanation=f"Réglé par {by}", now=at)
    return action


def _reassigner(pk: int, by: Agent, to: Agent, *, at: datetime, delay: float = 0.0
                ) -> Callable[[threading.Barrier], Any]:
    def action(barrier: threading.Barrier) -> Ticket:
        ticket = Ticket.objects.get(pk=pk)
        barrier.wait()
        time.sleep(delay)
        return services.assign_ticket(ticket=ticket, by=by, agent=to, now=at)
    return action


def _split(outcomes: list[Outcome]) -> tuple[int, ConcurrentEdit]:
    """Index of the single winner, and the loser's error."""
    for outcome in outcomes:
        if outcome.error is not None and not isinstance(outcome.error, ConcurrentEdit):
            raise outcome.error
    winners = [i for i, outcome in enumerate(outcomes) if outcome.error is None]
    assert len(winners) == 1, [repr(o.error) for o in outcomes]
    (loser,) = [o.error for o in outcomes if o.error is not None]
    assert isinstance(loser, ConcurrentEdit)
    return winners[0], loser


@pytest.mark.usefixtures("slow_commit")
@pytest.mark.parametrize("first", [0, 1], ids=["handler-first", "supervisor-first"])
def test_two_resolves_one_wins_and_the_other_is_told_by_whom_and_when(
        mobile_customer, handler, category, supervisor, first) -> None:
    ticket = _in_progress(mobile_customer, handler, category)
    events, messages = _counts(ticket)
    people = [handler, supervisor]
    times = [_at(5), _at(9)]
    outcomes = race(*(
        _resolver(ticket.pk, people[i], at=times[i],
                  delay=0.0 if i == first else STAGGER_SECONDS) for i in range(2)))

    winner, error = _split(outcomes)
    assert winner == first
    name, at = str(people[winner]), times[winner]
    assert str(error) == f"Changed by {name} at {_clock(at)}, reload the complaint."
    assert error.by == name and error.at == at

    saved = Ticket.objects.get(pk=ticket.pk)
    assert saved.state == State.RESOLVED and saved.version == ticket.version + 1
    assert saved.updated_by == people[winner] and saved.explanation == f"Réglé par {name}"
    resolved = TicketEvent.objects.filter(ticket=ticket, to_state=State.RESOLVED)
    assert [(e.actor, e.from_state) for e in resolved] == [(people[winner], State.IN_PROGRESS)]
    # One event, one SMS and one board update: the loser wrote nothing.
    assert _counts(ticket) == (events + 1, messages + 2)
    assert OutboxMessage.objects.filter(ticket=ticket, event="resolved").count() == 1


def test_two_resolves_at_the_same_instant_never_both_win(mobile_customer, handler, category,
                                                         supervisor) -> None:
    ticket = _in_progress(mobile_customer, handler, category)
    events, messages = _counts(ticket)
    outcomes = race(_resolver(ticket.pk, handler, at=_at(1)),
                    _resolver(ticket.pk, supervisor, at=_at(2)))

    winner, error = _split(outcomes)
    assert error.by == str([handler, supervisor][winner])
    saved = Ticket.objects.get(pk=ticket.pk)
    assert saved.state == State.RESOLVED and saved.version == ticket.version + 1
    assert _counts(ticket) == (events + 1, messages + 2)


@pytest.mark.usefixtures("slow_commit")
@pytest.mark.parametrize("first", ["resolve", "reassign"])
def test_a_resolve_racing_a_reassignment(mobile_customer, handler, category, supervisor,
                                         first) -> None:
    colleague = factories.AgentFactory(agency=handler.agency)
    ticket = _in_progress(mobile_customer, handler, category)
    events, messages = _counts(ticket)
    resolve_at, reassign_at = _at(3), _at(7)
    outcomes = race(
        _resolver(ticket.pk, handler, at=resolve_at,
                  delay=0.0 if first == "resolve" else STAGGER_SECONDS),
        _reassigner(ticket.pk, supervisor, colleague, at=reassign_at,
                    delay=0.0 if first == "reassign" else STAGGER_SECONDS))

    winner, error = _split(outcomes)
    saved = Ticket.objects.get(pk=ticket.pk)
    colleague.refresh_from_db()
    assert saved.version == ticket.version + 1
    new_events = list(TicketEvent.objects.filter(ticket=ticket).order_by("id")[events:]
                      .values_list("kind", "from_state", "to_state"))
    if first == "resolve":
        assert winner == 0
        assert str(error) == (f"Changed by {handler} at {_clock(resolve_at)}, "
                              "reload the complaint.")
        assert (saved.state, saved.assignee) == (State.RESOLVED, handler)
        assert new_events == [("transition", "in_progress", "resolved")]
        assert _counts(ticket) == (events + 1, messages + 2)
        assert colleague.last_assigned_at is None  # the reassignment left no trace
    else:
        assert winner == 1
        assert str(error) == (f"Changed by {supervisor} at {_clock(reassign_at)}, "
                              "reload the complaint.")
        assert (saved.state, saved.assignee) == (State.IN_PROGRESS, colleague)
        assert new_events == [("assignment", "", "")]
        assert _counts(ticket) == (events + 1, messages + 1)
        assert not OutboxMessage.objects.filter(ticket=ticket, event="resolved").exists()
        assert colleague.last_assigned_at == reassign_at


@pytest.fixture
def slow_round_robin(monkeypatch) -> None:
    """Widen the window between choosing the next agent and committing the assignment:
    without the queue lock both openings would pick the same agent."""
    original = routing.next_assignee

    def next_assignee(queue: Any, *, at: Any) -> Agent | None:
        agent = original(queue, at=at)
        time.sleep(HOLD_SECONDS)
        return agent

    monkeypatch.setattr(routing, "next_assignee", next_assignee)


@pytest.mark.usefixtures("slow_round_robin")
@pytest.mark.parametrize("members", [1, 2])
def test_two_openings_in_the_same_queue_respect_the_cap_and_the_turn(
        front_queue, category, settings, members) -> None:
    settings.TICKET_ASSIGNMENT_CAP = 1
    agents = [factories.AgentFactory(agency=front_queue.agency) for _ in range(members)]
    for member in agents:
        member.queues.add(front_queue)
    customers = [factories.CustomerFactory(agency=front_queue.agency) for _ in range(2)]

    def opener(customer: Any) -> Callable[[threading.Barrier], Any]:
        def action(barrier: threading.Barrier) -> Ticket:
            barrier.wait()
            return services.open_complaint(customer=customer, channel="phone", by=agents[0],
                                           description="Remboursement en attente",
                                           category=category)
        return action

    outcomes = race(*(opener(customer) for customer in customers))
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error

    tickets = list(Ticket.objects.filter(customer__in=customers))
    assert len(tickets) == 2
    assignees = [t.assignee_id for t in tickets if t.assignee_id is not None]
    assert len(assignees) == len(set(assignees)) == members  # nobody got both
    for member in agents:
        assert Ticket.objects.filter(assignee=member, state__in=OPEN_STATES).count() <= 1
    states = sorted(t.state for t in tickets)
    assert states == sorted([State.ASSIGNED] * members + [State.TRIAGED] * (2 - members))
    for ticket in tickets:
        assigned = TicketEvent.objects.filter(ticket=ticket, to_state=State.ASSIGNED).count()
        assert assigned == (1 if ticket.assignee_id else 0)
