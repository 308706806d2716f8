from __future__ import annotations

import pytest

from tests import factories
from tests.reports.fake_figures import FakeFigures, install
from tests.reports.june_data import june_complaints
from tests.tickets.conftest import _fake_sms  # noqa: F401 (every SMS goes to the fake gateway)


@pytest.fixture
def front_queue(agency_a):
    return factories.QueueFactory(agency=agency_a, code="Q-A")


@pytest.fixture
def category(front_queue):
    return factories.CategoryFactory(code="af-late", label_fr="AF non payées",
                                     label_ar="التعويضات العائلية غير مؤداة",
                                     default_queue=front_queue)


@pytest.fixture
def handler(agent, front_queue):
    """The front-office agent of agency A, in the agency's queue."""
    agent.queues.add(front_queue)
    return agent


@pytest.fixture
def mobile_customer(customer):
    factories.ContactPointFactory(customer=customer, value="+212661000333", is_primary=True)
    return customer


@pytest.fixture
def fake_figures(monkeypatch) -> FakeFigures:
    return install(monkeypatch)



@pytest.fixture
def june(agency_a, agency_b, category):
    return june_complaints(agency_a, agency_b, category)
