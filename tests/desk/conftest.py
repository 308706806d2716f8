from __future__ import annotations

import uuid

import pytest
from django.conf import settings as django_settings

from contactcenter.org.models import Agent
from tests import factories
from tests.chat.conftest import (  # noqa: F401 (fixtures shared with the chat console's tests)
    chat_agent,
    chat_queue,
    second_agent,
)
from tests.knowledge.conftest import (  # noqa: F401 (fixtures shared with the triage tests)
    categories,
    trained,
)
from tests.telephony.conftest import (  # noqa: F401 (fixtures shared with the call tests)
    call_centre_agent,
    call_centre_queue,
    caller,
)
from tests.tickets.conftest import (  # noqa: F401 (fixtures shared with the workflow tests)
    _fake_sms,
    back_office,
    category,
    front_queue,
    handler,
    mobile_customer,
)


@pytest.fixture
def colleague(agency_a) -> Agent:
    """A front-office agent of agency A who is in none of its queues."""
    return factories.AgentFactory(user__username="colleague", agency=agency_a,
                                  user__first_name="Karim", user__last_name="Tazi")


@pytest.fixture
def isolated_live(settings) -> str:
    """A channel layer and a cache of this test's own (same Redis, own key prefix), so that
    test runs sharing the server cannot see each other's groups or presence sets."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    layers = {name: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": prefix}}
              if "redis" in config["BACKEND"] else config
              for name, config in django_settings.CHANNEL_LAYERS.items()}
    settings.CHANNEL_LAYERS = layers
    settings.CACHES = {name: {**config, "KEY_PREFIX": prefix}
                       for name, config in django_settings.CACHES.items()}
    return prefix
