from __future__ import annotations

import importlib

import pytest

from sla.models import EscalationLevel, SlaPolicy
from tests.tickets.conftest import (  # noqa: F401 (fixtures shared with the workflow tests)
    _fake_sms,
    back_office,
    category,
    front_queue,
    handler,
    mobile_customer,
)

_defaults = importlib.import_module("sla.migrations.0002_national_default_policy")


@pytest.fixture(autouse=True)
def _national_policy(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush the tables, data migrations included: put the national
    default policy back for the tests that use the database."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("django_db_blocker")
    _defaults.ensure_national_policy(SlaPolicy, EscalationLevel)
