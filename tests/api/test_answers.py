"""The API's answers: written exactly as DRF writes them, built with few reads. Opening a
complaint over the API costs the service's own statements plus three reads."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from contactcenter.api import serializers as s
from contactcenter.api.representation import BuiltOnce
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tickets import services
from tickets.models import Ticket
from tickets.selectors import events_of, history_of
from tickets.timeline import customer_timeline

pytestmark = pytest.mark.django_db


def _as_drf_writes_it(serializer: serializers.Serializer, instance: object) -> object:
    """What DRF's own Serializer.to_representation answers, fields built per instance."""
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.fixture
def worked(handler: Agent, supervisor: Agent, back_office: Agent, mobile_customer: Customer,
           category) -> Ticket:
    """A complaint several agents worked on: referred, answered, resolved, merged into."""
    ticket = services.open_complaint(customer=mobile_customer, channel="counter", by=handler,
                                     category=category, description="Pension non versée")
    services.start_ticket(ticket=ticket, by=handler)
    services.add_note(ticket=ticket, by=supervisor, text="Voir l'employeur")
    services.refer_ticket(ticket=ticket, by=handler, direction=back_office.direction,
                          note="Carrière incomplète")
    services.answer_referral(ticket=ticket, by=back_office, answer="Carrière complétée")
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                            explanation="Versée le 10 avril.")
    return ticket


def test_every_read_serializer_answers_as_drf_would(worked: Ticket, handler: Agent,
                                                    mobile_customer: Customer) -> None:
    context = {"agent": handler}
    ticket = Ticket.objects.select_related(
        "category", "agency", "queue", "assignee__user", "referred_to", "merged_into").get(
        pk=worked.pk)
    ticket.history = history_of(ticket)  # type: ignore[attr-defined]
    duplicate = factories.TicketFactory(customer=mobile_customer, merged_into=ticket)
    contact = factories.InteractionFactory(customer=mobile_customer, agent=handler,
                                           ticket=ticket)
    for serializer_class, instance in [
            (s.ComplaintDetailSerializer, ticket), (s.ComplaintSerializer, duplicate),
            (s.CustomerSerializer, mobile_customer), (s.InteractionSerializer, contact)]:
        serializer = serializer_class(instance, context=context)
        assert isinstance(serializer, BuiltOnce)
        assert serializer.data == _as_drf_writes_it(serializer, instance)
    entries = customer_timeline(customer=mobile_customer, cursor=None, limit=10).entries
    assert {entry.kind for entry in entries} == {"interaction", "ticket"}
    for entry in entries:
        serializer = s.TimelineEntrySerializer(entry, context=context)
        assert serializer.data == _as_drf_writes_it(serializer, entry)


def test_the_history_read_for_answers_is_the_history(worked: Ticket, handler: Agent) -> None:
    history = history_of(worked, at_hand=[handler])
    expected = list(events_of(worked))
    assert [(event.pk, event.actor_id) for event in history] == [
        (event.pk, event.actor_id) for event in expected]
    assert [event.actor.display_name if event.actor_id else event.actor_label
            for event in history] == [
        event.actor.display_name if event.actor_id else event.actor_label
        for event in expected]
    assert len({event.actor_id for event in history if event.actor_id}) == 3
    with CaptureQueriesContext(connection) as queries:
        history_of(worked, at_hand=[handler])
    assert len(queries.captured_queries) == 3  # events, the other agents, their users


def test_opening_costs_the_services_statements_and_three_reads(
        handler: Agent, mobile_customer: Customer, category) -> None:
    def opening() -> dict:
        return {"customer": mobile_customer.pk, "channel": "phone", "category": category.code,
                "description": "Pension non versée"}

    client = api_client_for(handler)
    assert client.post("/api/v1/complaints/", opening(), format="json").status_code == 201
    with CaptureQueriesContext(connection) as own:
        services.open_complaint(by=handler, **{**opening(), "customer": mobile_customer,
                                               "category": category})
    with CaptureQueriesContext(connection) as rest:
        response = client.post("/api/v1/complaints/", opening(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["assignee_name"] == handler.display_name
    # The customer in the agent's scope, the history, the assignee's user.
    assert len(rest.captured_queries) == len(own.captured_queries) + 3, [
        query["sql"][:60] for query in rest.captured_queries]
