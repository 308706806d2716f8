"""Customer lookups and the 360 timeline through the API, within the agent's scope."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_lookup_by_identifier_finds_the_record(agent: Agent, customer: Customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661000333", is_primary=True)
    response = api_client_for(agent).get("/api/v1/customers/",
                                         {"identifier": customer.immatriculation})
    assert _ids(response) == [customer.pk]
    record = response.json()["results"][0]
    assert record["agency"] == "AG-A" and record["display_name"] == customer.display_name
    assert record["contact_points"] == [
        {"kind": "mobile", "value": "+212661000333", "is_primary": True}]


def test_lookup_by_identifier_reads_separators_and_lower_case(agent: Agent,
                                                              customer: Customer) -> None:
    response = api_client_for(agent).get("/api/v1/customers/",
                                         {"identifier": customer.cin.lower()})
    assert _ids(response) == [customer.pk]


def test_lookup_by_a_shared_phone_returns_every_visible_record(
        agent: Agent, customer: Customer, agency_a, customer_b: Customer) -> None:
    spouse = factories.CustomerFactory(agency=agency_a)
    for person in (customer, spouse, customer_b):
        factories.ContactPointFactory(customer=person, value="+212661000333")
    factories.ContactPointFactory(customer=factories.CustomerFactory(agency=agency_a))
    response = api_client_for(agent).get("/api/v1/customers/", {"phone": "0661 00 03 33"})
    assert _ids(response) == sorted([customer.pk, spouse.pk])


def test_lookup_needs_exactly_one_valid_criterion(agent: Agent) -> None:
    client = api_client_for(agent)
    assert client.get("/api/v1/customers/").status_code == 400
    assert client.get("/api/v1/customers/", {"identifier": "1", "phone": "0661000333"}
                      ).status_code == 400
    response = client.get("/api/v1/customers/", {"phone": "12"})
    assert response.status_code == 400 and "phone" in response.json()


def test_a_customer_outside_the_scope_is_not_found(agent: Agent,
                                                   customer_b: Customer) -> None:
    client = api_client_for(agent)
    assert _ids(client.get("/api/v1/customers/",
                           {"identifier": customer_b.immatriculation})) == []
    assert client.get(f"/api/v1/customers/{customer_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/customers/{customer_b.pk}/timeline/").status_code == 404
    assert client.get("/api/v1/customers/999999/").status_code == 404


def test_retrieve_a_customer(agent: Agent, customer: Customer) -> None:
    response = api_client_for(agent).get(f"/api/v1/customers/{customer.pk}/")
    assert response.status_code == 200
    assert response.json()["immatriculation"] == customer.immatriculation


def test_the_timeline_is_paginated_with_a_next_link(agent: Agent, customer: Customer,
                                                    settings) -> None:
    settings.CUSTOMER_TIMELINE_PAGE_SIZE = 3
    start = timezone.now() - datetime.timedelta(days=10)
    calls = [factories.InteractionFactory(customer=customer, summary=f"Appel {n}",
                                          occurred_at=start + datetime.timedelta(hours=n))
             for n in range(4)]
    ticket = factories.TicketFactory(customer=customer,
                                     created_at=start + datetime.timedelta(hours=10))
    client = api_client_for(agent)
    first = client.get(f"/api/v1/customers/{customer.pk}/timeline/").json()
    assert [(e["kind"], e["id"]) for e in first["results"]] == [
        ("ticket", ticket.pk), ("interaction", calls[3].pk), ("interaction", calls[2].pk)]
    assert first["results"][0]["complaint"]["reference"] == ticket.reference
    assert first["results"][0]["interaction"] is None
    assert first["results"][1]["interaction"]["summary"] == "Appel 3"
    assert first["next"].startswith("http://testserver/api/v1/customers/")
    second = client.get(first["next"]).json()
    assert [e["id"] for e in second["results"]] == [calls[1].pk, calls[0].pk]
    assert second["next"] is None


def test_a_forged_timeline_cursor_is_not_found(agent: Agent, customer: Customer) -> None:
    response = api_client_for(agent).get(f"/api/v1/customers/{customer.pk}/timeline/",
                                         {"cursor": "not-a-cursor"})
    assert response.status_code == 404
