from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from contactcenter.org.models import Agent
from tests import factories
from tests.tickets.conftest import (  # noqa: F401 (fixtures shared with the workflow tests)
    _fake_sms,
    back_office,
    category,
    front_queue,
    handler,
    mobile_customer,
)


def api_client_for(agent: Agent) -> APIClient:
    """A client authenticated like a service account: with the agent's API token."""
    token, _created = Token.objects.get_or_create(user=agent.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def colleague(agency_a) -> Agent:
    """A front-office agent of agency A who is in none of its queues."""
    return factories.AgentFactory(user__username="colleague", agency=agency_a)


@pytest.fixture
def customer_b(agency_b):
    return factories.CustomerFactory(agency=agency_b, first_name="Karim", last_name="Alaoui")
