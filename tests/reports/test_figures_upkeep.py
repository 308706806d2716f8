"""The complaints' figures kept up to date from each change equal the figures counted again
from every complaint, whatever the sequence of changes (property-based), and a run with
nothing changed writes nothing."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactcenter.reports import services, upkeep
from contactcenter.reports.models import ComplaintFact, ComplaintStats
from tickets import services as ticket_services
from tickets.escalation import sweep
from tickets.models import OutboxMessage, State, Ticket

pytestmark = pytest.mark.django_db

# One clock for every example: the upkeep reads what changed since its last run.
_MINUTES = itertools.count()
_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _now() -> datetime:
    return _START + timedelta(minutes=5 * next(_MINUTES))


def _advance(ticket: Ticket, handler, choice: int) -> None:
    """Move the complaint one step along, the step chosen among those its state allows."""
    now = _now()
    state = ticket.state
    if state == State.ASSIGNED:
        ticket_services.start_ticket(ticket=ticket, by=handler, now=now)
    elif state == State.IN_PROGRESS:
        if choice % 3 == 0:
            ticket_services.ask_customer(ticket=ticket, by=handler, request="Une attestation",
                                         now=now)
        else:
            outcome = ["accepted", "partly_accepted", "rejected", "no_action"][choice % 4]
            ticket_services.resolve_ticket(ticket=ticket, by=handler, outcome=outcome,
                                           explanation="Réponse", rule="Article 2", now=now)
    elif state == State.WAITING:
        ticket_services.record_customer_reply(ticket=ticket, text="Voici", now=now,
                                              actor_label="client")
    elif state == State.RESOLVED and choice % 2:
        ticket_services.close_ticket(ticket=ticket, by=handler, now=now)
    elif state in (State.RESOLVED, State.CLOSED):
        ticket_services.reopen_ticket(ticket=ticket, by=handler, reason="Pas reçu", now=now)


def _deliver(ticket: Ticket, delivered: bool) -> None:
    """The carrier reports on the complaint's SMS."""
    OutboxMessage.objects.filter(ticket=ticket, kind="sms").update(
        status=OutboxMessage.Status.SENT,
        delivery_status="delivered" if delivered else "undelivered",
        delivery_updated_at=_now())


STEPS = st.lists(st.one_of(
    st.tuples(st.just("open"), st.sampled_from(["phone", "sms", "counter", "letter"])),
    st.tuples(st.just("advance"), st.integers(0, 5), st.integers(0, 11)),
    st.tuples(st.just("deliver"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("later"), st.integers(1, 80)),
    st.just(("upkeep",)),
), min_size=1, max_size=25)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(steps=STEPS)
def test_figures_kept_from_changes_equal_a_full_recount(steps, mobile_customer, handler,
                                                        category) -> None:
    tickets: list[Ticket] = []
    services.update_figures(now=_now())
    for step in steps:
        if step[0] == "open":
            tickets.append(ticket_services.open_complaint(
                customer=mobile_customer, channel=step[1], by=handler, category=category,
                description="Allocations non reçues", now=_now()))
        elif step[0] == "advance" and tickets:
            _advance(tickets[step[1] % len(tickets)], handler, step[2])
        elif step[0] == "deliver" and tickets:
            _deliver(tickets[step[1] % len(tickets)], step[2])
        elif step[0] == "later":  # hours pass: the sweep escalates what is late
            for _hour in range(step[1] // 8):
                _now()
            sweep(now=_now())
        elif step[0] == "upkeep":
            services.update_figures(now=_now())
    services.update_figures(now=_now())
    assert _rounded(upkeep.stored_figures()) == _rounded(upkeep.recounted_figures())


def _rounded(figures):
    """Sums of hours added and taken away in another order differ in the last digits."""
    return {key: {name: round(value, 6) if isinstance(value, float) else value
                  for name, value in measures.items()} for key, measures in figures.items()}


def test_a_run_with_nothing_changed_writes_nothing(mobile_customer, handler, category,
                                                    django_assert_max_num_queries) -> None:
    ticket_services.open_complaint(customer=mobile_customer, channel="phone", by=handler,
                                   category=category, description="Pension", now=_now())
    for _step in range(3):  # (past the margin left for transactions still open)
        _now()
    services.rebuild_figures(now=_now())
    before = list(ComplaintStats.objects.order_by("pk").values())
    with django_assert_max_num_queries(4):  # the mark, the changes, the new mark
        assert services.update_figures(now=_now()) == 0
    assert list(ComplaintStats.objects.order_by("pk").values()) == before


def test_a_deleted_complaint_leaves_the_figures(mobile_customer, handler, category) -> None:
    ticket = ticket_services.open_complaint(customer=mobile_customer, channel="phone",
                                            by=handler, category=category,
                                            description="Pension", now=_now())
    services.rebuild_figures(now=_now())
    assert ComplaintFact.objects.filter(ticket_id=ticket.pk).exists()
    Ticket.objects.filter(pk=ticket.pk).delete()
    assert upkeep.apply_changes([ticket.pk]) == 1
    assert upkeep.stored_figures() == {}
