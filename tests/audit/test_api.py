"""The API's detail answers for customers and complaints write one access-log entry each."""

from __future__ import annotations

import pytest

from contactcenter.audit.models import AccessLogEntry
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tests.audit.conftest import only_entry

pytestmark = pytest.mark.django_db


def test_reading_a_customer_through_the_api_logs_the_service_account(
        agent: Agent, customer: Customer) -> None:
    response = api_client_for(agent).get(f"/api/v1/customers/{customer.pk}/",
                                         REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.channel, entry.kind, entry.action) == ("api", "customer", "view")
    assert (entry.username, entry.role, entry.address) == ("agent", "front_office",
                                                           "192.0.2.7")
    assert (entry.object_id, entry.customer_id) == (str(customer.pk), customer.pk)


def test_reading_a_complaint_through_the_api_logs_its_reference(agent: Agent,
                                                                customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    response = api_client_for(agent).get(f"/api/v1/complaints/{ticket.reference}/")
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.channel, entry.kind, entry.label) == ("api", "complaint", ticket.reference)
    assert (entry.object_id, entry.customer_id) == (str(ticket.pk), customer.pk)


def test_records_outside_the_scope_answer_404_through_the_api_and_log_nothing(
        other_agency_agent: Agent, customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    client = api_client_for(other_agency_agent)
    assert client.get(f"/api/v1/customers/{customer.pk}/").status_code == 404
    assert client.get(f"/api/v1/complaints/{ticket.reference}/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_an_auditor_gets_nothing_from_the_api(auditor: Agent, customer: Customer) -> None:
    response = api_client_for(auditor).get(f"/api/v1/customers/{customer.pk}/")
    assert response.status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_reading_a_customers_timeline_through_the_api_is_logged(agent: Agent,
                                                                customer: Customer) -> None:
    response = api_client_for(agent).get(f"/api/v1/customers/{customer.pk}/timeline/")
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.channel, entry.kind, entry.detail) == ("api", "customer", "timeline")
    assert entry.customer_id == customer.pk


def test_looking_customers_up_through_the_api_logs_the_count_not_the_number(
        agent: Agent, customer: Customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661000777")
    response = api_client_for(agent).get("/api/v1/customers/", {"phone": "0661000777"})
    assert response.status_code == 200 and len(response.json()["results"]) == 1
    entry = only_entry()
    assert (entry.channel, entry.action, entry.detail) == ("api", "search", "1 found")
    assert "0661000777" not in str(vars(entry)) and "661000777" not in str(vars(entry))
    api_client_for(agent).get("/api/v1/customers/", {"phone": "0661000999"})
    assert AccessLogEntry.objects.count() == 1
