"""Random people try random actions on one complaint, with good and bad arguments, through
the services. Whatever they do, the complaint stays consistent: a known state, one event per
transition and none for a refusal, the database row equal to the object in memory."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import hypothesis
import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from contactcenter.org.models import Agent, Direction
from tests import factories
from tickets import services
from tickets.exceptions import RuleViolation
from tickets.models import OutboxMessage, State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

# The people who may try something. "system" (None) only where a service accepts no agent:
# the customer through SMS or the status page, and timers.
AGENTS = ["handler", "colleague", "supervisor", "back_office", "other_direction"]
ANYONE = [*AGENTS, "system"]
DIRECTIONS = ["referred", "other", "call_centre", None]
COMPARED = ["state", "version", "category_id", "queue_id", "assignee_id", "assigned_at",
            "waiting_for", "referred_to_id", "outcome", "explanation", "rule", "resolved_at",
            "closed_at", "merged_into_id", "updated_at", "updated_by_id"]

# Weighted towards people and arguments that may succeed, so runs go deep into the graph.
texts = st.sampled_from(["", "   ", "Copie de l'attestation de salaire", "Reçu, merci"])
roles = st.sampled_from([*AGENTS, "handler", "handler", "supervisor"])
NEXT_STEP = {
    State.NEW: ["triage"],
    State.TRIAGED: ["assign"],
    State.ASSIGNED: ["start"],
    State.IN_PROGRESS: ["ask_customer", "refer", "resolve", "resolve"],
    State.WAITING: ["customer_replies"],
    State.REFERRED: ["answer_referral"],
    State.RESOLVED: ["close", "reopen"],
    State.CLOSED: ["reopen"],
}


class ComplaintLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Each run works inside a savepoint that teardown() rolls back.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize(with_category=st.booleans())
    def open_a_complaint(self, with_category: bool) -> None:
        agency = factories.AgencyFactory()
        queue = factories.QueueFactory(agency=agency)
        self.category = factories.CategoryFactory()
        handler = factories.AgentFactory(agency=agency)
        colleague = factories.AgentFactory(agency=agency, is_available=False)
        for member in (handler, colleague):
            member.queues.add(queue)
        referred = factories.DirectionFactory(kind=Direction.Kind.BACK_OFFICE)
        other = factories.DirectionFactory(kind=Direction.Kind.BACK_OFFICE)
        self.directions: dict[str | None, Direction | None] = {
            "referred": referred, "other": other, None: None,
            "call_centre": factories.DirectionFactory(kind=Direction.Kind.CALL_CENTRE)}
        self.people: dict[str, Agent | None] = {
            "handler": handler, "colleague": colleague,
            "supervisor": factories.AgentFactory(role=Agent.Role.SUPERVISOR, agency=agency),
            "back_office": factories.AgentFactory(role=Agent.Role.BACK_OFFICE, agency=None,
                                                  direction=referred),
            "other_direction": factories.AgentFactory(role=Agent.Role.BACK_OFFICE,
                                                      agency=None, direction=other),
            "system": None,
        }
        customer = factories.CustomerFactory(agency=agency)
        factories.ContactPointFactory(customer=customer, is_primary=True)
        self.ticket = services.open_complaint(
            customer=customer, channel="counter", by=handler, description="AF non payées",
            category=self.category if with_category else None)
        self.survivor = services.open_complaint(customer=customer, channel="phone",
                                                by=handler, description="Même demande")

    # --- What people try ---------------------------------------------------------------------

    def attempt(self, action: Any, *, transition: bool) -> None:
        """Run one service call; check what it left behind whether it succeeded or not."""
        ticket = self.ticket
        state, version = ticket.state, ticket.version
        last_event = TicketEvent.objects.order_by("-id").values_list("id", flat=True).first()
        messages = OutboxMessage.objects.count()
        try:
            action()
        except (PermissionDenied, RuleViolation):
            assert not TicketEvent.objects.filter(id__gt=last_event).exists()
            assert OutboxMessage.objects.count() == messages
            assert (ticket.state, ticket.version) == (state, version)
            return
        steps = list(TicketEvent.objects.filter(ticket=ticket, id__gt=last_event,
                                                kind=TicketEvent.Kind.TRANSITION)
                     .order_by("id").values_list("from_state", "to_state"))
        if not transition:
            assert steps == [] and ticket.state == state
            return
        if (state, ticket.state) == (State.NEW, State.ASSIGNED):
            # Triage gives the complaint to the queue's next agent at once: two steps.
            assert steps == [(State.NEW, State.TRIAGED), (State.TRIAGED, State.ASSIGNED)]
        else:
            assert steps == [(state, ticket.state)]
        assert ticket.version == version + len(steps)

    @rule(role=roles, with_category=st.booleans())
    def triage(self, role: str, with_category: bool) -> None:
        self.attempt(lambda: services.triage_ticket(
            ticket=self.ticket, by=self.people[role],
            category=self.category if with_category else None), transition=True)

    @rule(role=roles, to=st.sampled_from(["handler", "colleague"]))
    def assign(self, role: str, to: str) -> None:
        transition = self.ticket.state in (State.TRIAGED, State.ASSIGNED)
        self.attempt(lambda: services.assign_ticket(
            ticket=self.ticket, by=self.people[role], agent=self.people[to]),
            transition=transition)

    @rule(role=roles)
    def start(self, role: str) -> None:
        self.attempt(lambda: services.start_ticket(ticket=self.ticket, by=self.people[role]),
                     transition=True)

    @rule(role=roles, request=texts)
    def ask_customer(self, role: str, request: str) -> None:
        self.attempt(lambda: services.ask_customer(ticket=self.ticket, by=self.people[role],
                                                   request=request), transition=True)

    @rule(role=st.sampled_from(ANYONE), text=texts)
    def customer_replies(self, role: str, text: str) -> None:
        transition = self.ticket.state == State.WAITING
        self.attempt(lambda: services.record_customer_reply(
            ticket=self.ticket, by=self.people[role], text=text, actor_label="client (SMS)"),
            transition=transition)

    @rule(role=roles, direction=st.sampled_from(DIRECTIONS), note=texts)
    def refer(self, role: str, direction: str | None, note: str) -> None:
        self.attempt(lambda: services.refer_ticket(
            ticket=self.ticket, by=self.people[role], direction=self.directions[direction],
            note=note), transition=True)

    @rule(role=roles, answer=texts)
    def answer_referral(self, role: str, answer: str) -> None:
        self.attempt(lambda: services.answer_referral(ticket=self.ticket, by=self.people[role],
                                                      answer=answer), transition=True)

    @rule(role=roles, outcome=st.sampled_from([*Ticket.Outcome.values, "", "maybe"]),
          explanation=texts, cited=st.sampled_from(["", "Dahir 1-72-184, art. 22"]))
    def resolve(self, role: str, outcome: str, explanation: str, cited: str) -> None:
        self.attempt(lambda: services.resolve_ticket(
            ticket=self.ticket, by=self.people[role], outcome=outcome, explanation=explanation,
            rule=cited), transition=True)

    @rule(role=st.sampled_from(ANYONE))
    def close(self, role: str) -> None:
        self.attempt(lambda: services.close_ticket(ticket=self.ticket, by=self.people[role],
                                                   actor_label="client (SMS)"),
                     transition=True)

    @rule(role=st.sampled_from(ANYONE), reason=texts, days_later=st.sampled_from([0, 45]))
    def reopen(self, role: str, reason: str, days_later: int) -> None:
        self.attempt(lambda: services.reopen_ticket(
            ticket=self.ticket, by=self.people[role], reason=reason,
            now=timezone.now() + timedelta(days=days_later)), transition=True)

    @rule(role=roles, reason=texts)
    def cancel(self, role: str, reason: str) -> None:
        self.attempt(lambda: services.cancel_ticket(ticket=self.ticket, by=self.people[role],
                                                    reason=reason), transition=True)

    @rule(role=roles)
    def merge_into_the_other_complaint(self, role: str) -> None:
        self.attempt(lambda: services.merge_tickets(duplicate=self.ticket,
                                                    survivor=self.survivor,
                                                    by=self.people[role]), transition=True)

    @rule(role=roles, text=texts)
    def reply(self, role: str, text: str) -> None:
        self.attempt(lambda: services.reply_to_customer(ticket=self.ticket,
                                                        by=self.people[role], text=text),
                     transition=False)

    @rule(role=roles, text=texts)
    def note(self, role: str, text: str) -> None:
        self.attempt(lambda: services.add_note(ticket=self.ticket, by=self.people[role],
                                               text=text), transition=False)

    @rule(choice=st.integers(min_value=0, max_value=3))
    def move_along(self, choice: int) -> None:
        """The usual next step, by the right person with good arguments."""
        steps = NEXT_STEP.get(self.ticket.state, [])
        if not steps:
            return
        step = steps[choice % len(steps)]
        good: dict[str, dict[str, Any]] = {
            "triage": {"role": "handler", "with_category": True},
            "assign": {"role": "supervisor", "to": "handler"},
            "start": {"role": "handler"},
            "ask_customer": {"role": "handler", "request": "Copie de la CIN"},
            "refer": {"role": "handler", "direction": "referred", "note": "Vérifier"},
            "resolve": {"role": "handler", "outcome": "rejected", "explanation": "Non déclaré",
                        "cited": "Dahir 1-72-184, art. 22"},
            "customer_replies": {"role": "system", "text": "Envoyée"},
            "answer_referral": {"role": "back_office", "answer": "Corrigé"},
            "close": {"role": "system"},
            "reopen": {"role": "system", "reason": "Toujours rien", "days_later": 0},
        }
        getattr(self, step)(**good[step])

    # --- What must always hold ---------------------------------------------------------------

    @invariant()
    def state_is_known(self) -> None:
        assert self.ticket.state in Ticket.State.values

    @invariant()
    def database_row_equals_the_object(self) -> None:
        row = Ticket.objects.values(*COMPARED).get(pk=self.ticket.pk)
        assert row == {name: getattr(self.ticket, name) for name in COMPARED}

    @invariant()
    def history_chains_to_the_current_state(self) -> None:
        steps = list(self.ticket.events.filter(kind=TicketEvent.Kind.TRANSITION)
                     .order_by("id").values_list("from_state", "to_state"))
        current = State.NEW
        for from_state, to_state in steps:
            assert from_state == current
            current = to_state
        assert self.ticket.state == current


def test_random_people_and_actions_leave_the_complaint_consistent() -> None:
    # Fixed seed, no example database: the same runs on every machine. No shrinking: each
    # run costs half a second, so shrinking would take minutes; a failure prints its steps.
    run_state_machine_as_test(ComplaintLife, settings=hypothesis.settings(
        max_examples=30, stateful_step_count=25, deadline=None, derandomize=True,
        database=None, phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow]))

