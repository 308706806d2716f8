"""contactcenter.bulk: plain INSERTs that behave as Django's own writes do."""

from __future__ import annotations

import pytest

from contactcenter import bulk
from contactcenter.customers.models import Interaction
from tests import factories
from tickets.models import OutboxMessage, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_insert_writes_every_row_in_order_with_its_key_and_related_object(agency_a) -> None:
    ticket = factories.TicketFactory.build(customer=factories.CustomerFactory(agency=agency_a),
                                           category=None, agency=agency_a)
    events = [TicketEvent(ticket=ticket, kind=TicketEvent.Kind.OPENED, note="first"),
              TicketEvent(ticket=ticket, kind=TicketEvent.Kind.NOTE, note="second")]
    ticket.save()  # saved after the events were given it, as open_complaint does
    bulk.insert(*events)
    stored = list(TicketEvent.objects.filter(ticket=ticket).order_by("pk"))
    assert [e.pk for e in events] == [e.pk for e in stored]
    assert [e.note for e in stored] == ["first", "second"]
    assert not events[0]._state.adding


def test_insert_stores_json_and_defaults() -> None:
    row = OutboxMessage(kind=OutboxMessage.Kind.BOARD, event="opened",
                        payload={"ticket": 7, "scopes": ["national"]})
    bulk.insert(row)
    stored = OutboxMessage.objects.get(pk=row.pk)
    assert stored.payload == {"ticket": 7, "scopes": ["national"]}
    assert stored.status == OutboxMessage.Status.PENDING and stored.created_at is not None


def test_insert_or_ignore_keeps_the_first_row_of_a_twin(customer) -> None:
    first = Interaction(customer=customer, channel="sms", direction="in", carrier_id="SM1",
                        summary="first")
    twin = Interaction(customer=customer, channel="sms", direction="in", carrier_id="SM1",
                       summary="twin")
    assert bulk.insert_or_ignore(first) and first.pk
    assert not bulk.insert_or_ignore(twin) and twin.pk is None
    assert Interaction.objects.get(carrier_id="SM1").summary == "first"


def test_nothing_to_insert_is_nothing_done() -> None:
    bulk.insert()
    assert not Ticket.objects.exists()
