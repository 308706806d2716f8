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
    point = customer.contact_points.get()
    assert record["contact_points"] == [{"id": point.pk, "kind": "mobile",
                                         "value": "+212661000333", "is_primary": True,
                                         "retired_at": None}]


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


# --- Creating records and keeping their contact details -------------------------------------

NEW_PERSON = {"kind": "person", "roles": ["insured"], "first_name": "Hajar",
              "last_name": "Sefrioui", "birth_date": "1990-04-02", "mobile": "0661234567"}


def test_an_agent_creates_a_person_with_a_mobile(agent: Agent) -> None:
    response = api_client_for(agent).post("/api/v1/customers/", NEW_PERSON, format="json")
    assert response.status_code == 201, response.content
    record = response.json()
    assert record["display_name"] == "Hajar Sefrioui" and record["agency"] == "AG-A"
    assert [(p["kind"], p["value"], p["is_primary"]) for p in record["contact_points"]] == [
        ("mobile", "+212661234567", True)]
    assert Customer.objects.get(pk=record["id"]).events.get().agent == agent


def test_an_employer_is_created(agent: Agent) -> None:
    response = api_client_for(agent).post("/api/v1/customers/", {
        "kind": "employer", "company_name": "Atlas Textile SA",
        "affiliation_number": "7654321"}, format="json")
    assert response.status_code == 201 and response.json()["kind"] == "employer"


def test_possible_duplicates_answer_409_until_confirmed(agent: Agent, customer: Customer,
                                                        agency_a) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661234567")
    namesake = factories.CustomerFactory(agency=agency_a, first_name="هاجر",
                                         last_name="الصفريوي")
    client = api_client_for(agent)
    response = client.post("/api/v1/customers/", NEW_PERSON, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["blocking"] is False
    assert [(c["id"], c["reasons"]) for c in body["candidates"]] == [
        (customer.pk, ["phone"]), (namesake.pk, ["name"])]
    assert Customer.objects.count() == 2
    response = client.post("/api/v1/customers/", {**NEW_PERSON, "confirm_duplicate": True},
                           format="json")
    assert response.status_code == 201 and Customer.objects.count() == 3


def test_a_taken_identifier_is_409_even_when_confirmed(agent: Agent,
                                                       customer: Customer) -> None:
    response = api_client_for(agent).post("/api/v1/customers/", {
        **NEW_PERSON, "immatriculation": customer.immatriculation, "confirm_duplicate": True},
        format="json")
    assert response.status_code == 409 and response.json()["blocking"] is True
    assert response.json()["candidates"][0]["reasons"] == ["immatriculation"]
    assert Customer.objects.count() == 1


def test_bad_input_is_400_by_field_and_saves_nothing(agent: Agent) -> None:
    response = api_client_for(agent).post("/api/v1/customers/", {
        **NEW_PERSON, "first_name": "", "mobile": "0537123456", "cin": "1"}, format="json")
    assert response.status_code == 400
    assert {"first_name", "mobile", "cin"} <= set(response.json())
    assert not Customer.objects.exists()


def test_the_auditor_is_refused_403(agency_a, customer: Customer) -> None:
    auditor = factories.AgentFactory(role=Agent.Role.AUDITOR, agency=agency_a)
    client = api_client_for(auditor)
    assert client.post("/api/v1/customers/", NEW_PERSON, format="json").status_code == 403
    assert client.post(f"/api/v1/customers/{customer.pk}/contacts/", {
        "kind": "mobile", "value": "0700112233"}, format="json").status_code == 403
    assert Customer.objects.count() == 1 and not customer.contact_points.exists()


def test_contacts_are_added_corrected_and_retired(agent: Agent, customer: Customer) -> None:
    client = api_client_for(agent)
    base = f"/api/v1/customers/{customer.pk}/contacts/"
    added = client.post(base, {"kind": "mobile", "value": "+212 6 61 00 00 01"},
                        format="json")
    assert added.status_code == 201, added.content
    point = added.json()
    assert (point["value"], point["is_primary"], point["retired_at"]) == (
        "+212661000001", True, None)
    second = client.post(base, {"kind": "mobile", "value": "0700112233"},
                         format="json").json()
    corrected = client.patch(f"{base}{second['id']}/", {"value": "0700112234", "main": True},
                             format="json")
    assert corrected.status_code == 200
    assert (corrected.json()["value"], corrected.json()["is_primary"]) == (
        "+212700112234", True)
    retired = client.post(f"{base}{point['id']}/retire/")
    assert retired.status_code == 200 and retired.json()["retired_at"]
    deleted = client.delete(f"{base}{second['id']}/")
    assert deleted.status_code == 200 and deleted.json()["retired_at"]
    kinds = [entry["record_change"]["change"] for entry in client.get(
        f"/api/v1/customers/{customer.pk}/timeline/").json()["results"]]
    assert kinds == ["contact_retired", "contact_retired", "main_mobile", "contact_corrected",
                     "contact_added", "contact_added"]


def test_bad_contact_values_are_400_and_change_nothing(agent: Agent,
                                                       customer: Customer) -> None:
    client = api_client_for(agent)
    base = f"/api/v1/customers/{customer.pk}/contacts/"
    response = client.post(base, {"kind": "mobile", "value": "0537123456"}, format="json")
    assert response.status_code == 400 and "value" in response.json()
    point = factories.ContactPointFactory(customer=customer, value="+212661000001")
    response = client.patch(f"{base}{point.pk}/", {"value": "0661000002", "main": False,
                                                   "kind": "x"}, format="json")
    assert response.status_code == 200
    assert client.patch(f"{base}{point.pk}/", {}, format="json").status_code == 400
    assert client.patch(f"{base}{point.pk}/", {"value": "Rabat"},
                        format="json").status_code == 400
    point.refresh_from_db()
    assert point.value == "+212661000002"


def test_a_contact_of_another_record_or_out_of_scope_is_404(agent: Agent, customer: Customer,
                                                            agency_b) -> None:
    client = api_client_for(agent)
    other = factories.ContactPointFactory(customer=factories.CustomerFactory(agency=agency_b))
    assert client.post(f"/api/v1/customers/{customer.pk}/contacts/{other.pk}/retire/"
                       ).status_code == 404
    assert client.post(f"/api/v1/customers/{other.customer_id}/contacts/", {
        "kind": "mobile", "value": "0700112233"}, format="json").status_code == 404


def test_the_schema_documents_the_new_operations(agent: Agent) -> None:
    schema = api_client_for(agent).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "409" in paths["/api/v1/customers/"]["post"]["responses"]
    assert "post" in paths["/api/v1/customers/{id}/contacts/"]
    assert {"patch", "delete"} <= set(paths["/api/v1/customers/{id}/contacts/{contact_id}/"])
    assert "post" in paths["/api/v1/customers/{id}/contacts/{contact_id}/retire/"]


def test_candidates_outside_the_agents_scope_are_only_counted(agent: Agent,
                                                              agency_b) -> None:
    elsewhere = factories.CustomerFactory(agency=agency_b)
    factories.ContactPointFactory(customer=elsewhere, value="+212661234567")
    response = api_client_for(agent).post("/api/v1/customers/", NEW_PERSON, format="json")
    assert response.status_code == 409
    assert response.json()["candidates"] == [] and response.json()["hidden_candidates"] == 1
