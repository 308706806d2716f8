"""The cast of the status page: `holder`, whose mobile has complaints, and `neighbour`,
another customer with a complaint of their own; and a visitor's browser session."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from contactcenter.customers.models import Channel, Customer
from tests import factories
from tickets import services as ticket_services
from tickets.models import OutboxMessage, Ticket

NUMBER = "+212661234567"
NEIGHBOUR_NUMBER = "+212662000111"
UNKNOWN_NUMBER = "+212663999888"
START, CODE, LIST = "/suivi/", "/suivi/code/", "/suivi/reclamations/"
NOTIFICATIONS, LEAVE = "/suivi/notifications/", "/suivi/sortie/"
_CODE = re.compile(r"\b(\d{6})\b")


def open_complaint(customer: Customer, description: str, *,
                   now: datetime | None = None) -> Ticket:
    return ticket_services.open_complaint(customer=customer, channel=Channel.SMS,
                                          description=description, by=None, now=now)


@pytest.fixture
def holder(customer: Customer) -> Customer:
    factories.ContactPointFactory(customer=customer, value=NUMBER, is_primary=True)
    return customer


@pytest.fixture
def holder_complaint(holder: Customer) -> Ticket:
    return open_complaint(holder, "Pension non versée")


@pytest.fixture
def neighbour(agency_a) -> Customer:
    other = factories.CustomerFactory(agency=agency_a, first_name="Omar", last_name="Alaoui")
    factories.ContactPointFactory(customer=other, value=NEIGHBOUR_NUMBER, is_primary=True)
    return other


@pytest.fixture
def neighbour_complaint(neighbour: Customer) -> Ticket:
    return open_complaint(neighbour, "Allocations familiales")


def code_sent_to(number: str) -> str:
    """The code in the latest SMS the outbox holds for `number`."""
    message = (OutboxMessage.objects.filter(to=number, event="access_code")
               .latest("created_at", "pk"))
    match = _CODE.search(message.body)
    assert match, message.body
    return match.group(1)


def ask_code(client: Client, number: str = NUMBER, **extra: Any) -> Any:
    return client.post(START, {"phone": number}, **extra)


def verified_client(number: str = NUMBER) -> Client:
    """A visitor who asked for a code for `number` and typed it."""
    client = Client()
    assert ask_code(client, number).status_code == 302
    response = client.post(CODE, {"code": code_sent_to(number)})
    assert response.status_code == 302 and response["Location"] == LIST, response
    return client


def in_french(words: Callable[..., str], *args: Any) -> str:
    """What the pages say in French, the default language (the words themselves come
    from the catalogue, so the tests do not pin a translation)."""
    with translation.override("fr"):
        return words(*args)
