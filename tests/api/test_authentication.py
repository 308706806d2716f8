"""API tokens: read from the database once, then from the cache under a keyed hash; a change
to the token, the account, the agent or their queues applies to the very next request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from contactcenter.api.authentication import cache_key
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tickets import services

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/v1/complaints/"


def _references(client: APIClient) -> set[str]:
    response = client.get(COMPLAINTS)
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


def _tables_read(client: APIClient) -> list[str]:
    """The table each query of a request reads first."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(COMPLAINTS).status_code == 200
    return [query["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
            for query in queries.captured_queries]


def test_a_token_its_agent_and_their_queues_are_read_once(handler: Agent) -> None:
    client = api_client_for(handler)
    assert _tables_read(client) == ["authtoken_token", "org_agent", "org_queue",
                                    "tickets_ticket"]
    assert _tables_read(client) == ["tickets_ticket"]


def test_the_cache_holds_no_usable_token(handler: Agent) -> None:
    client = api_client_for(handler)
    _references(client)
    key = Token.objects.get(user=handler.user).key
    user, agent = cache.get(cache_key(key))
    assert user.pk == handler.user.pk and agent.pk == handler.pk
    assert key not in cache_key(key)
    assert "password" in user.get_deferred_fields()  # nor the password's hash


def test_a_deleted_token_is_refused_at_once(handler: Agent) -> None:
    client = api_client_for(handler)
    _references(client)
    Token.objects.filter(user=handler.user).delete()
    assert client.get(COMPLAINTS).status_code == 401


def test_a_deactivated_account_is_refused_at_once(handler: Agent) -> None:
    client = api_client_for(handler)
    _references(client)
    handler.user.is_active = False
    handler.user.save()
    assert client.get(COMPLAINTS).status_code == 401


def test_a_removed_agent_profile_is_refused_at_once(handler: Agent) -> None:
    client = api_client_for(handler)
    _references(client)
    Agent.objects.filter(pk=handler.pk).delete()
    assert client.get(COMPLAINTS).status_code == 403


def test_a_move_to_another_agency_applies_at_once(agent: Agent, customer: Customer,
                                                  agency_b) -> None:
    opened = services.open_complaint(customer=customer, channel="counter", by=agent,
                                     description="Attestation demandée")
    client = api_client_for(agent)
    assert _references(client) == {opened.reference}
    agent.agency = agency_b
    agent.save()
    assert _references(client) == set()


def test_joining_or_leaving_a_queue_applies_at_once(agency_b, front_queue, handler: Agent,
                                                    customer: Customer, category) -> None:
    opened = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     description="Pension non versée", category=category)
    assert opened.queue == front_queue
    outsider = factories.AgentFactory(user__username="outsider", agency=agency_b)
    client = api_client_for(outsider)
    assert _references(client) == set()
    outsider.queues.add(front_queue)
    assert _references(client) == {opened.reference}
    front_queue.agents.remove(outsider)
    assert _references(client) == set()
    front_queue.agents.add(outsider)
    assert _references(client) == {opened.reference}
    front_queue.agents.clear()
    assert _references(client) == set()


def test_an_unreachable_cache_falls_back_to_the_database(handler: Agent, monkeypatch) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("cache down")

    client = api_client_for(handler)
    for method in ("get", "set", "delete_many"):
        monkeypatch.setattr(cache, method, unreachable)
    assert client.get(COMPLAINTS).status_code == 200
    handler.user.is_active = False
    handler.user.save()
    assert client.get(COMPLAINTS).status_code == 401
