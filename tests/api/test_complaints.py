"""Complaints through the API: the desk's filters and scope, opening through the service,
the history, domain errors as status codes, optimistic locking, authentication."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tickets import services
from tickets.models import Category, State, Ticket, TicketEvent
from tickets.references import is_valid_reference

pytestmark = pytest.mark.django_db


def _open(customer: Customer, by: Agent, category: Category | None = None,
          description: str = "Allocations familiales non reçues") -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   description=description, category=category)


def _references(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def _in_french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


# --- List ------------------------------------------------------------------------------------

def test_the_list_shows_the_agents_scope_newest_first(handler: Agent, customer: Customer,
                                                      customer_b: Customer, category) -> None:
    older, newer = _open(customer, handler, category), _open(customer, handler, category)
    factories.TicketFactory(customer=customer_b)
    assert _references(api_client_for(handler).get("/api/v1/complaints/")) == [
        newer.reference, older.reference]


def test_the_list_filters_like_the_desk(handler: Agent, customer: Customer, category,
                                        agency_a) -> None:
    started = _open(customer, handler, category)
    services.start_ticket(ticket=started, by=handler)
    assigned = _open(customer, handler, category)
    untriaged = _open(customer, handler)
    other = factories.CustomerFactory(agency=agency_a, first_name="Youssef", last_name="Idrissi")
    theirs = _open(other, handler)
    client = api_client_for(handler)

    def listed(**params: object) -> set[str]:
        return set(_references(client.get("/api/v1/complaints/", params)))

    assert listed(state="in_progress") == {started.reference}
    assert listed(state=["in_progress", "assigned"]) == {started.reference,
                                                         assigned.reference}
    assert listed(category=category.pk) == {started.reference, assigned.reference}
    assert listed(q=untriaged.reference) == {untriaged.reference}
    assert listed(q="idriss") == {theirs.reference}
    assert listed(q=other.immatriculation) == {theirs.reference}
    response = client.get("/api/v1/complaints/", {"state": "lost"})
    assert response.status_code == 400 and "state" in response.json()


def test_the_list_is_paginated_by_cursor(handler: Agent, customer: Customer) -> None:
    opened = [_open(customer, handler) for _ in range(3)]
    client = api_client_for(handler)
    first = client.get("/api/v1/complaints/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    seen = [row["reference"] for row in first["results"] + second["results"]]
    assert seen == [t.reference for t in reversed(opened)] and second["next"] is None


def test_the_list_costs_the_same_queries_for_5_or_50_complaints(handler: Agent, agency_a,
                                                                 supervisor: Agent) -> None:
    def make(count: int) -> None:
        for n in range(count):
            factories.TicketFactory(customer=factories.CustomerFactory(agency=agency_a),
                                    assignee=handler if n % 2 else supervisor)

    client = api_client_for(handler)
    make(5)
    client.get("/api/v1/complaints/")  # the token is read once, then kept
    with CaptureQueriesContext(connection) as small:
        assert len(_references(client.get("/api/v1/complaints/"))) == 5
    make(45)
    with CaptureQueriesContext(connection) as large:
        assert len(_references(client.get("/api/v1/complaints/"))) == 50
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Opening ---------------------------------------------------------------------------------

def test_opening_a_complaint(handler: Agent, mobile_customer: Customer, category) -> None:
    response = api_client_for(handler).post("/api/v1/complaints/", {
        "customer": mobile_customer.pk, "channel": "phone", "category": category.code,
        "description": "Pension non versée", "priority": "high"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert is_valid_reference(body["reference"])
    assert response["Location"].endswith(f"/api/v1/complaints/{body['reference']}/")
    ticket = Ticket.objects.get(reference=body["reference"])
    assert (ticket.customer, ticket.priority, ticket.state, ticket.assignee) == (
        mobile_customer, "high", State.ASSIGNED, handler)
    assert body["state"] == "assigned" and body["category"] == category.code
    assert [e["kind"] for e in body["events"]] == ["opened", "transition", "transition"]
    assert body["version"] == ticket.version


@pytest.mark.parametrize("payload,field", [
    ({"channel": "pigeon", "description": "x"}, "channel"),
    ({"channel": "phone", "description": "  "}, "description"),
    ({"channel": "phone", "description": "x", "category": "nope"}, "category"),
    ({"channel": "phone", "description": "x", "priority": "asap"}, "priority"),
    ({"channel": "phone", "description": "é" * 1_000_000}, "description"),
    ({"channel": "phone", "description": "x", "category": ["af-late"]}, "category"),
    ({"channel": "phone", "description": "x", "customer": "abc"}, "customer"),
    ({"channel": "phone", "description": "x", "customer": True}, "customer"),
    ({"channel": "phone", "description": "x", "customer": 2**63}, "customer"),
    ({"channel": "phone", "description": "x", "customer": -1}, "customer"),
])
def test_bad_input_answers_400_by_field_and_opens_nothing(handler: Agent, customer: Customer,
                                                           payload: dict, field: str) -> None:
    response = api_client_for(handler).post(
        "/api/v1/complaints/", {"customer": customer.pk, **payload}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Ticket.objects.exists() and not TicketEvent.objects.exists()


def test_a_dependant_must_be_the_customers(handler: Agent, customer: Customer,
                                           agency_a) -> None:
    stranger = factories.CustomerFactory(agency=agency_a)
    response = api_client_for(handler).post("/api/v1/complaints/", {
        "customer": customer.pk, "channel": "phone", "description": "x",
        "dependant": stranger.pk}, format="json")
    assert response.status_code == 400 and "dependant" in response.json()
    assert not Ticket.objects.exists()


def test_a_customer_outside_the_scope_cannot_be_given(handler: Agent,
                                                      customer_b: Customer) -> None:
    response = api_client_for(handler).post("/api/v1/complaints/", {
        "customer": customer_b.pk, "channel": "phone", "description": "x"}, format="json")
    assert response.status_code == 400 and "customer" in response.json()


def test_a_role_that_may_not_open_is_refused(regional_manager: Agent,
                                             customer: Customer) -> None:
    response = api_client_for(regional_manager).post("/api/v1/complaints/", {
        "customer": customer.pk, "channel": "phone", "description": "x"}, format="json")
    assert response.status_code == 403
    assert not Ticket.objects.exists()


# --- Reading ---------------------------------------------------------------------------------

def test_retrieve_with_its_events_and_the_available_transitions(handler: Agent,
                                                                customer: Customer,
                                                                category) -> None:
    ticket = _open(customer, handler, category)
    services.add_note(ticket=ticket, by=handler, text="Employeur injoignable")
    spaced = f"{ticket.reference[:5]} {ticket.reference[5:]}"
    response = api_client_for(handler).get(f"/api/v1/complaints/{spaced}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == ticket.reference and body["assignee"] == handler.pk
    assert [(e["kind"], e["to_state"]) for e in body["events"]] == [
        ("opened", ""), ("transition", "triaged"), ("transition", "assigned"), ("note", "")]
    assert body["events"][-1]["actor"] == handler.display_name
    assert body["events"][-1]["visibility"] == "internal"
    assert "start" in body["available_transitions"]


def test_a_complaint_of_another_agency_is_not_found(handler: Agent, customer_b: Customer,
                                                    other_agency_agent: Agent) -> None:
    theirs = _open(customer_b, other_agency_agent)
    client = api_client_for(handler)
    assert client.get(f"/api/v1/complaints/{theirs.reference}/").status_code == 404
    response = client.post(f"/api/v1/complaints/{theirs.reference}/note/", {"text": "?"})
    assert response.status_code == 404
    assert client.get("/api/v1/complaints/1234567890/").status_code == 404
    assert not theirs.events.filter(kind="note").exists()


# --- Domain errors and optimistic locking ----------------------------------------------------

def test_a_guard_refusal_answers_422_with_its_reason(handler: Agent, customer: Customer,
                                                     category) -> None:
    ticket = _open(customer, handler, category)
    services.start_ticket(ticket=ticket, by=handler)
    response = api_client_for(handler).post(
        f"/api/v1/complaints/{ticket.reference}/resolve/",
        {"outcome": "rejected", "explanation": "Jours non déclarés"}, format="json")
    assert response.status_code == 422
    assert response.json() == {
        "detail": _in_french("A rejection must cite the rule it rests on.")}
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS


def test_a_transition_from_the_wrong_state_answers_422(handler: Agent, customer: Customer,
                                                       category) -> None:
    ticket = _open(customer, handler, category)
    response = api_client_for(handler).post(f"/api/v1/complaints/{ticket.reference}/close/")
    assert response.status_code == 422 and response.json()["detail"]


def test_a_stale_version_answers_409_and_changes_nothing(handler: Agent, supervisor: Agent,
                                                         customer: Customer, category) -> None:
    ticket = _open(customer, handler, category)
    client = api_client_for(handler)
    read = client.get(f"/api/v1/complaints/{ticket.reference}/").json()["version"]
    services.start_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=supervisor)
    events = TicketEvent.objects.count()
    for action, payload in [("ask_customer", {"request": "Copie CIN"}), ("note", {"text": "x"})]:
        response = client.post(f"/api/v1/complaints/{ticket.reference}/{action}/",
                               {**payload, "version": read}, format="json")
        assert response.status_code == 409
        assert supervisor.display_name in response.json()["detail"]
        assert response.json()["changed_by"] == supervisor.display_name
    assert TicketEvent.objects.count() == events
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS

    current = client.get(f"/api/v1/complaints/{ticket.reference}/").json()["version"]
    response = client.post(f"/api/v1/complaints/{ticket.reference}/ask_customer/",
                           {"request": "Copie CIN", "version": current}, format="json")
    assert response.status_code == 200 and response.json()["version"] == current + 1


# --- Authentication --------------------------------------------------------------------------

def test_a_service_account_authenticates_with_its_token(customer: Customer) -> None:
    account = factories.AgentFactory(user__username="partner-crm", role=Agent.Role.CALL_CENTRE,
                                     agency=None, direction=factories.DirectionFactory(
                                         kind="call_centre"))
    response = api_client_for(account).get("/api/v1/customers/",
                                           {"identifier": customer.immatriculation})
    assert response.status_code == 200 and len(response.json()["results"]) == 1


def test_no_or_a_bad_token_is_refused(customer: Customer) -> None:
    assert APIClient().get("/api/v1/complaints/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/complaints/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_an_account_without_agent_profile_is_refused() -> None:
    client = APIClient()
    client.force_authenticate(User.objects.create_user("robot"))
    assert client.get("/api/v1/complaints/").status_code == 403


def test_staff_sessions_must_send_the_csrf_token(handler: Agent, customer: Customer) -> None:
    ticket = _open(customer, handler)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(handler.user)
    assert client.get(f"/api/v1/complaints/{ticket.reference}/").status_code == 200
    url = f"/api/v1/complaints/{ticket.reference}/note/"
    response = client.post(url, {"text": "Sans jeton"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    response = client.post(url, {"text": "Avec jeton"}, format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200
    assert list(ticket.events.filter(kind="note").values_list("note", flat=True)) == [
        "Avec jeton"]
