from __future__ import annotations

import pytest
from django.utils import translation

from contactcenter.org.models import Agent, Direction
from telephony.gateway import fake_gateway
from tests import factories


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the workflow's reasons in English, the language of the code."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fake_sms(settings):
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    yield fake_gateway
    fake_gateway.reset()


@pytest.fixture
def front_queue(agency_a):
    return factories.QueueFactory(agency=agency_a, code="Q-A")


@pytest.fixture
def category(front_queue):
    return factories.CategoryFactory(code="af-late", label_fr="AF non payées",
                                     label_ar="التعويضات العائلية غير مؤداة")


@pytest.fixture
def handler(agent, front_queue):
    """The front-office agent of agency A, in the agency's queue."""
    agent.queues.add(front_queue)
    return agent


@pytest.fixture
def back_office():
    direction = factories.DirectionFactory(code="DAFF", kind=Direction.Kind.BACK_OFFICE)
    return factories.AgentFactory(user__username="backoffice", role=Agent.Role.BACK_OFFICE,
                                  agency=None, direction=direction)


@pytest.fixture
def mobile_customer(customer):
    factories.ContactPointFactory(customer=customer, value="+212661000333", is_primary=True)
    return customer
