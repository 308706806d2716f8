"""The auditor reads the access log in the administration and sees nothing of the desk."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.urls import reverse

from contactcenter.asgi import application
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from contactcenter.org.selectors import scope_of
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_auditor_is_sent_from_the_home_page_to_the_administration(auditor: Agent) -> None:
    response = client_for(auditor).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_auditor_may_open_no_desk_page(auditor: Agent, customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    client = client_for(auditor)
    for url in [reverse("customers:search"), reverse("customers:detail", args=[customer.pk]),
                reverse("desk:queue"), reverse("desk:ticket", args=[ticket.reference]),
                reverse("sla:board")]:
        assert client.get(url).status_code in (403, 404), url


def test_the_auditors_scope_is_empty_even_with_an_agency(agency_a) -> None:
    auditor = factories.AgentFactory(role=Agent.Role.AUDITOR, agency=agency_a)
    scope = scope_of(auditor)
    assert not scope.everything and not scope.agency_ids and not scope.queue_ids


def test_the_auditors_menu_offers_the_administration_only(auditor: Agent) -> None:
    response = client_for(auditor).get(reverse("admin:index"))
    assert [item.url for item in response.context["nav_items"]] == [reverse("admin:index")]


@pytest.mark.django_db(transaction=True)
def test_the_desk_websocket_turns_the_auditor_away(auditor: Agent) -> None:
    client = client_for(auditor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    headers = [(b"origin", b"http://testserver"),
               (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())]

    async def scenario() -> dict[str, object]:
        socket = WebsocketCommunicator(application, "/ws/desk/", headers=headers)
        connected, _ = await socket.connect(timeout=5)
        assert connected  # accepted, so that the page can read why it is closed
        closing = await socket.receive_output(timeout=5)
        await socket.disconnect()
        return closing

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 4401}
