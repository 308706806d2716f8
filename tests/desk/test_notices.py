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
