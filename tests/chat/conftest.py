"""The chat's cast: the call centre's chat queue, `chat_agent` (a member, available) and
`second_agent`; `caller`, a customer with a mobile on record; the live frames the services
publish, caught on their way to the channel layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contactcenter.chat import services
from contactcenter.chat.models import Conversation
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent, Direction, Queue
from sla.models import Calendar, HolidayOverride, SpecialPeriod, WorkingHours
from tests import factories
from tests.tickets.conftest import _fake_sms  # noqa: F401 (every SMS goes to the fake gateway)

CALLER_MOBILE = "+212661234567"
CASABLANCA = ZoneInfo("Africa/Casablanca")
# A Tuesday morning, in the call centre's hours, and the night after it.
OPEN_HOURS = datetime(2026, 3, 3, 10, 0, tzinfo=CASABLANCA)
NIGHT = datetime(2026, 3, 3, 23, 0, tzinfo=CASABLANCA)


@pytest.fixture
def chat_queue(db) -> Queue:
    direction = factories.DirectionFactory(code="CC", kind=Direction.Kind.CALL_CENTRE)
    return factories.QueueFactory(code="CC-CHAT", agency=None, direction=direction)


def call_centre_agent(queue: Queue, username: str, first_name: str) -> Agent:
    agent = factories.AgentFactory(user__username=username, user__first_name=first_name,
                                   role=Agent.Role.CALL_CENTRE, agency=None,
                                   direction=queue.direction)
    agent.queues.add(queue)
    return agent


@pytest.fixture
def chat_agent(chat_queue: Queue) -> Agent:
    agent = call_centre_agent(chat_queue, "karim", "Karim")
    services.set_availability(agent=agent, available=True)
    return agent


@pytest.fixture
def second_agent(chat_queue: Queue) -> Agent:
    agent = call_centre_agent(chat_queue, "salma", "Salma")
    services.set_availability(agent=agent, available=True)
    return agent


@pytest.fixture
def caller(agency_a) -> Customer:
    customer = factories.CustomerFactory(agency=agency_a, first_name="Fatima",
                                         last_name="Benali", immatriculation="123456789",
                                         cin="BE123456")
    factories.ContactPointFactory(customer=customer, value=CALLER_MOBILE, is_primary=True)
    return customer


class Published:
    """The (group, message) pairs handed to the channel layer, in order."""

    def __init__(self, capture: Callable[..., Any]) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self._capture = capture

    def committed(self) -> Any:
        """A block whose after-commit callbacks run at its end (the test's own transaction
        never commits)."""
        return self._capture(execute=True)

    def frames(self, conversation: Conversation, *, audience: str | None = None
               ) -> list[dict[str, Any]]:
        return [message["frame"] for group, message in self.messages
                if group == f"chat.{conversation.pk}"
                and (audience is None or message["audience"] in (audience, "all"))]

    def of_type(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [(group, message) for group, message in self.messages
                if message["type"] == kind]

    def clear(self) -> None:
        self.messages.clear()


@pytest.fixture
def published(monkeypatch, django_capture_on_commit_callbacks) -> Published:
    """What the services publish once their transaction commits (`with
    published.committed(): ...`)."""
    caught = Published(django_capture_on_commit_callbacks)
    monkeypatch.setattr("contactcenter.live.send_in_background", caught.messages.extend)
    return caught


def start(language: str = "fr") -> Conversation:
    return services.start_conversation(language=language, client_ip="10.1.2.3",
                                       now=OPEN_HOURS)


def call_centre_always_open() -> None:
    """Whatever the hour or the day a browser test runs, the call centre works (else the
    visitor's page offers to leave a message instead of waiting). For tests whose server
    runs in another process, where the calendar cannot be patched."""
    calendar = Calendar.objects.create(name="Centre de relation client", is_call_centre=True)
    for weekday in range(7):
        WorkingHours.objects.create(calendar=calendar, weekday=weekday, start=dt.time(0, 0),
                                    end=dt.time(23, 59, 59))
    today = timezone.localdate()
    for day in (today - dt.timedelta(days=1), today, today + dt.timedelta(days=1)):
        HolidayOverride.objects.create(calendar=calendar, date=day,
                                       action=HolidayOverride.Action.REMOVE)
    SpecialPeriod.objects.create(calendar=calendar, name="Journée continue",
                                 start_date=today - dt.timedelta(days=1),
                                 end_date=today + dt.timedelta(days=1),
                                 start=dt.time(0, 0), end=dt.time(23, 59, 59))
