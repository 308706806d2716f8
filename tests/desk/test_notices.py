"""Whatever changes a complaint tells the desk pages showing it, after commit, through
/ws/desk/ on the real channel layer: the API, the customer's SMS, the SLA sweep, the
automatic closing, merging complaints, merging customer records. (The desk's own actions:
tests/desk/test_presence.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.utils import timezone

from contactcenter import i18n
from contactcenter.customers import services as customer_services
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tests.desk.helpers import open_ticket
from tests.desk.test_presence import TIMEOUT, _headers, _socket, _viewers, _watch
from tests.sla.conftest import _national_policy  # noqa: F401 (autouse: the SLA policy)
from tests.telephony.conftest import sms_webhook, text_sms  # noqa: F401 (fixture)
from tickets import escalation, services
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _told_while(watcher: Agent, ticket: Ticket, change: Callable[[], object]
                ) -> dict[str, Any]:
    """What the watcher's page showing `ticket` receives when `change` runs."""
    return _told_all_while(watcher, [ticket], change)[0]


def _told_all_while(watcher: Agent, tickets: list[Ticket], change: Callable[[], object]
                    ) -> list[dict[str, Any]]:
    """What each of the watcher's pages, one per complaint, receives when `change` runs."""
    headers = _headers(watcher)

    async def scenario() -> list[dict[str, Any]]:
        sockets = [_socket(headers) for _ticket in tickets]
        for socket, ticket in zip(sockets, tickets, strict=True):
            await _watch(socket, ticket.pk)
            await _viewers(socket)
        await sync_to_async(change)()
        told = [await socket.receive_json_from(timeout=TIMEOUT) for socket in sockets]
        for socket in sockets:
            await socket.disconnect()
        return told

    return async_to_sync(scenario)()


def _resolved(customer: Customer, handler, category) -> Ticket:  # type: ignore[no-untyped-def]
    ticket = open_ticket(customer, handler, category)
    services.start_ticket(ticket=ticket, by=handler)
    return services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                                   explanation="Versement effectué le 2 avril.")


def test_a_change_through_the_api(customer, handler, category, supervisor,
                                  isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    api = api_client_for(handler)
    told = _told_while(supervisor, ticket, lambda: api.post(
        f"/api/v1/complaints/{ticket.reference}/start/", {}, format="json"))
    assert (told["type"], told["reference"], told["action"]) == (
        "changed", ticket.reference, "start")
    assert told["by_agent"] == handler.pk


@pytest.mark.usefixtures("sms_webhook")
def test_a_satisfaction_score_sent_by_sms(mobile_customer, handler, category,
                                          isolated_live) -> None:
    ticket = services.close_ticket(ticket=_resolved(mobile_customer, handler, category),
                                   by=handler)
    told = _told_while(handler, ticket, lambda: text_sms("4"))
    assert (told["type"], told["reference"], told["by"], told["by_agent"]) == (
        "changed", ticket.reference, "", None)


def test_an_escalation_by_the_sla_sweep(customer, handler, category, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    due = Ticket.objects.get(pk=ticket.pk).next_escalation_at
    told = _told_while(handler, ticket,
                       lambda: escalation.sweep(now=due + timedelta(minutes=1)))
    assert (told["type"], told["reference"], told["action"], told["by_agent"]) == (
        "changed", ticket.reference, "escalation", None)


def test_the_automatic_closing(customer, handler, category, isolated_live) -> None:
    ticket = _resolved(customer, handler, category)
    later = timezone.now() + timedelta(days=365)
    told = _told_while(handler, ticket,
                       lambda: services.close_resolved_tickets(now=later))
    assert (told["type"], told["action"]) == ("changed", "close")
    assert Ticket.objects.get(pk=ticket.pk).state == Ticket.State.CLOSED


def test_merging_complaints_tells_both(customer, handler, category, isolated_live) -> None:
    duplicate = open_ticket(customer, handler, category)
    survivor = open_ticket(customer, handler, category)
    told = _told_all_while(handler, [duplicate, survivor], lambda: services.merge_tickets(
        duplicate=duplicate, survivor=survivor, by=handler))
    assert [(notice["type"], notice["reference"]) for notice in told] == [
        ("changed", duplicate.reference), ("changed", survivor.reference)]


def test_merging_customer_records_moves_each_complaint_with_an_event(
        customer, handler, category, supervisor, isolated_live) -> None:
    duplicate = factories.CustomerFactory(agency=customer.agency, first_name=customer.first_name,
                                          last_name=customer.last_name)
    ticket = open_ticket(duplicate, handler, category)
    as_dependant = open_ticket(customer, handler, category, dependant=None)
    Ticket.objects.filter(pk=as_dependant.pk).update(dependant=duplicate)
    version = ticket.version
    told = _told_while(handler, ticket, lambda: customer_services.merge_customers(
        survivor=customer, duplicate=duplicate, by=supervisor.user))
    assert (told["type"], told["reference"], told["action"], told["by_agent"]) == (
        "changed", ticket.reference, "customer_merged", supervisor.pk)
    moved = Ticket.objects.get(pk=ticket.pk)
    assert moved.customer == customer and moved.version == version + 1
    event = moved.events.last()
    assert (event.kind, event.actor, event.action) == (
        TicketEvent.Kind.CUSTOMER_RECORD, supervisor, "customer_merged")
    note = i18n.shown(event.note)
    assert f"{duplicate.pk})" in note and f"{customer.pk})" in note
    # The complaint where the duplicate was the dependant now has no dependant: the
    # dependant and the customer are the same person.
    assert Ticket.objects.get(pk=as_dependant.pk).dependant is None
    merge = customer.merges.get()
    assert merge.moved["tickets.Ticket.customer"] == 1
    assert merge.moved["tickets.Ticket.dependant"] == 1


# --- Notices to the agent who holds the complaint (every page of theirs) -----------------------

def _agent_told_while(agent: Agent, change: Callable[[], object], *,
                      expect: bool = True) -> dict[str, Any] | None:
    """What a page of `agent` (any page: no complaint watched) receives when `change` runs;
    None, after checking that nothing came, when `expect` is False."""
    headers = _headers(agent)

    async def scenario() -> dict[str, Any] | None:
        socket = _socket(headers)
        connected, _code = await socket.connect(timeout=TIMEOUT)
        assert connected
        await sync_to_async(change)()
        if expect:
            told: dict[str, Any] | None = await socket.receive_json_from(timeout=TIMEOUT)
        else:
            assert await socket.receive_nothing(timeout=0.5)
            told = None
        await socket.disconnect()
        return told

    return async_to_sync(scenario)()


@pytest.fixture
def colleague(handler, front_queue) -> Agent:
    """Another front-office agent of the queue."""
    other = factories.AgentFactory(user__username="collegue", agency=handler.agency)
    other.queues.add(front_queue)
    return other


def test_an_agent_is_told_when_a_supervisor_assigns_them_a_complaint(
        customer, handler, category, supervisor, colleague, isolated_live) -> None:
    ticket = open_ticket(customer, supervisor)
    services.triage_ticket(ticket=ticket, by=supervisor, category=category)
    ticket = Ticket.objects.get(pk=ticket.pk)
    other = colleague if ticket.assignee == handler else handler
    told = _agent_told_while(other, lambda: services.assign_ticket(
        ticket=Ticket.objects.get(pk=ticket.pk), by=supervisor, agent=other))
    assert told is not None
    assert (told["type"], told["event"], told["reference"], told["by_agent"]) == (
        "notice", "assigned", ticket.reference, supervisor.pk)
    assert told["url"] == f"/desk/tickets/{ticket.reference}/" and told["by"]


def test_an_agent_is_told_of_an_automatic_assignment(customer, handler, category, supervisor,
                                                     isolated_live) -> None:
    ticket = open_ticket(customer, supervisor)  # no category: not routed yet
    told = _agent_told_while(handler, lambda: services.triage_ticket(
        ticket=ticket, by=supervisor, category=category))
    assert told is not None
    assert (told["event"], told["reference"]) == ("assigned", ticket.reference)
    assert Ticket.objects.get(pk=ticket.pk).assignee == handler


def test_no_notice_to_an_agent_taking_a_complaint(customer, handler, category, supervisor,
                                                  colleague, isolated_live) -> None:
    ticket = open_ticket(customer, supervisor)
    services.triage_ticket(ticket=ticket, by=supervisor, category=category)
    ticket = Ticket.objects.get(pk=ticket.pk)
    other = colleague if ticket.assignee == handler else handler
    _agent_told_while(other, lambda: services.assign_ticket(ticket=ticket, by=other,
                                                            agent=other), expect=False)
    assert Ticket.objects.get(pk=ticket.pk).assignee == other


@pytest.mark.usefixtures("sms_webhook")
def test_the_holder_is_told_when_the_customer_answers_by_sms(mobile_customer, handler,
                                                             category, isolated_live) -> None:
    ticket = open_ticket(mobile_customer, handler, category)
    assert ticket.assignee == handler
    services.start_ticket(ticket=ticket, by=handler)
    services.ask_customer(ticket=ticket, by=handler, request="Envoyez votre RIB")
    told = _agent_told_while(handler, lambda: text_sms("Voici mon RIB"))
    assert told is not None
    assert (told["event"], told["reference"], told["state"], told["by_agent"]) == (
        "customer_answered", ticket.reference, Ticket.State.IN_PROGRESS, None)


def test_no_notice_when_the_holder_records_the_answer_themselves(
        customer, handler, category, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    services.start_ticket(ticket=ticket, by=handler)
    services.ask_customer(ticket=ticket, by=handler, request="Envoyez votre RIB")
    _agent_told_while(handler, lambda: services.record_customer_reply(
        ticket=Ticket.objects.get(pk=ticket.pk), by=handler, text="Déposé au guichet"),
        expect=False)


def test_no_notice_to_an_agent_who_triages_a_complaint_given_to_them(
        customer, handler, category, isolated_live) -> None:
    ticket = open_ticket(customer, handler)  # no category: not routed yet
    _agent_told_while(handler, lambda: services.triage_ticket(
        ticket=ticket, by=handler, category=category), expect=False)
    assert Ticket.objects.get(pk=ticket.pk).assignee == handler
