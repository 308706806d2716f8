"""Who sees what: enforced by the selectors, whatever the caller."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from contactcenter.org.models import Agent, Direction
from contactcenter.org.selectors import remember_scope
from tests import factories
from tests.conftest import client_for
from tickets.customer_scope import (
    customer_for_agent_or_none,
    customers_for_agent,
    get_customer_for_agent,
    search_customers,
)
from tickets.selectors import get_ticket_for_agent, tickets_for_agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_b(agency_b):
    return factories.CustomerFactory(agency=agency_b, last_name="Alaoui")


@pytest.fixture
def ticket_b(customer_b):
    return factories.TicketFactory(customer=customer_b, agency=customer_b.agency)


def test_an_agent_sees_the_customers_of_their_agency_only(agent, customer, customer_b) -> None:
    assert list(customers_for_agent(agent)) == [customer]
    assert get_customer_for_agent(agent=agent, pk=customer.pk) == customer


def test_an_agent_of_agency_a_gets_404_on_a_customer_of_agency_b(agent, customer_b) -> None:
    with pytest.raises(Http404):
        get_customer_for_agent(agent=agent, pk=customer_b.pk)
    response = client_for(agent).get(f"/customers/{customer_b.pk}/")
    assert response.status_code == 404


def test_an_agent_of_agency_a_gets_404_on_a_complaint_of_agency_b(agent, ticket_b) -> None:
    with pytest.raises(Http404):
        get_ticket_for_agent(agent=agent, reference=ticket_b.reference)
    assert not tickets_for_agent(agent).exists()


def test_the_agent_of_agency_b_sees_that_complaint(other_agency_agent, ticket_b) -> None:
    assert get_ticket_for_agent(agent=other_agency_agent, reference=ticket_b.reference) == ticket_b


def test_search_does_not_leak_customers_of_another_agency(agent, customer_b) -> None:
    assert list(search_customers(agent=agent, query="Alaoui")) == []
    assert list(search_customers(agent=agent, query=customer_b.immatriculation)) == []


def test_an_agent_sees_complaints_of_their_queue_and_those_customers(agent, agency_b,
                                                                     customer_b) -> None:
    queue = factories.QueueFactory(agency=agent.agency)
    agent.queues.add(queue)
    routed = factories.TicketFactory(customer=customer_b, agency=agency_b, queue=queue)
    assert list(tickets_for_agent(agent)) == [routed]
    assert get_customer_for_agent(agent=agent, pk=customer_b.pk) == customer_b


def test_a_regional_manager_sees_their_region_only(regional_manager, customer, customer_b,
                                                   ticket_b) -> None:
    own = factories.TicketFactory(customer=customer)
    assert list(customers_for_agent(regional_manager)) == [customer]
    assert list(tickets_for_agent(regional_manager)) == [own]
    with pytest.raises(Http404):
        get_ticket_for_agent(agent=regional_manager, reference=ticket_b.reference)


@pytest.mark.parametrize("role,direction_kind", [
    (Agent.Role.ADMINISTRATOR, None),
    (Agent.Role.BACK_OFFICE, Direction.Kind.BACK_OFFICE),
    (Agent.Role.CALL_CENTRE, Direction.Kind.CALL_CENTRE),
    (Agent.Role.SUPERVISOR, Direction.Kind.CALL_CENTRE),
])
def test_headquarters_the_call_centre_and_administrators_see_everything(
        role, direction_kind, customer, customer_b, ticket_b) -> None:
    direction = factories.DirectionFactory(kind=direction_kind) if direction_kind else None
    national = factories.AgentFactory(role=role, agency=None, direction=direction)
    assert set(customers_for_agent(national)) == {customer, customer_b}
    assert get_ticket_for_agent(agent=national, reference=ticket_b.reference) == ticket_b


def test_an_agency_supervisor_is_scoped_to_the_agency(supervisor, customer, customer_b) -> None:
    assert list(customers_for_agent(supervisor)) == [customer]


def test_a_user_without_agent_profile_is_refused(customer) -> None:
    user = factories.UserFactory(username="no-profile")
    from django.test import Client

    client = Client()
    client.force_login(user)
    assert client.get(f"/customers/{customer.pk}/").status_code == 403


def test_one_record_read_by_pk_follows_the_rule_of_the_list(
        agent, supervisor, regional_manager, administrator, region_a, agency_a, agency_b,
        customer, customer_b) -> None:
    """customer_for_agent_or_none() writes customers_for_agent()'s rule in SQL: both answer
    alike for every role and every way of being in (or out of) a scope."""
    queue = factories.QueueFactory(agency=agency_a)
    agent.queues.add(queue)
    routed = factories.CustomerFactory(agency=agency_b)
    factories.TicketFactory(customer=routed, agency=agency_b, queue=queue)
    neighbour = factories.CustomerFactory(agency=factories.AgencyFactory(region=region_a))
    nowhere = factories.CustomerFactory(agency=None)
    cast = [agent, supervisor, regional_manager, administrator,
            factories.AgentFactory(role=Agent.Role.AUDITOR, agency=None),
            factories.AgentFactory(role=Agent.Role.BACK_OFFICE, agency=None,
                                   direction=factories.DirectionFactory()),
            factories.AgentFactory(agency=agency_b)]
    seen = set()
    for member in cast:
        for record in (customer, customer_b, routed, neighbour, nowhere):
            expected = customers_for_agent(member).filter(pk=record.pk).first()
            assert customer_for_agent_or_none(agent=member, pk=record.pk) == expected, (
                member.role, record)
            seen.add(expected is not None)
    assert seen == {True, False}
    for pk in (0, -1, 2**63, nowhere.pk + 1000):
        assert customer_for_agent_or_none(agent=administrator, pk=pk) is None


def test_one_record_read_by_pk_reads_the_complaints_only_when_the_scope_needs_them(
        agent, administrator, agency_a, agency_b, customer, customer_b) -> None:
    """One statement (the record) for national staff and for a record of the agent's
    agency or region; a second (a complaint in the agent's queues) only for the others."""
    agent.queues.add(factories.QueueFactory(agency=agency_a))
    for member in (agent, administrator):
        remember_scope(member)  # as the API's token cache does

    def statements(member: Agent, pk: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            customer_for_agent_or_none(agent=member, pk=pk)
        return len(queries.captured_queries)

    assert statements(administrator, customer_b.pk) == 1
    assert statements(agent, customer.pk) == 1
    assert statements(agent, customer_b.pk) == 2
