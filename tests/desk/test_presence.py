"""Live presence on the complaint page, through /ws/desk/ on the real channel layer."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from contactcenter.asgi import application
from contactcenter.desk import presence
from contactcenter.org.models import Agent
from contactcenter.org.selectors import short_name
from tests.conftest import client_for
from tests.desk.helpers import open_ticket
from tickets import services

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 5


def _headers(agent: Agent | None = None, *, user: Any = None) -> list[tuple[bytes, bytes]]:
    """What a browser sends: the page's origin and, when signed in, the session cookie."""
    headers = [(b"origin", b"http://testserver")]
    user = agent.user if agent is not None else user
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
    return headers


def _socket(headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, "/ws/desk/", headers=headers)


async def _watch(socket: WebsocketCommunicator, ticket_id: int) -> dict[str, Any]:
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    await socket.send_json_to({"watch": ticket_id})
    watching = await socket.receive_json_from(timeout=TIMEOUT)
    assert watching["type"] == "watching"
    return watching


async def _viewers(socket: WebsocketCommunicator) -> list[int]:
    message = await socket.receive_json_from(timeout=TIMEOUT)
    assert message["type"] == "viewers"
    return [viewer["agent"] for viewer in message["viewers"]]


def test_the_second_viewer_sees_the_first_and_the_first_learns_of_the_second(
        customer, handler, category, supervisor, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    first_headers, second_headers = _headers(handler), _headers(supervisor)

    async def scenario() -> None:
        first, second = _socket(first_headers), _socket(second_headers)
        watching = await _watch(first, ticket.pk)
        assert watching["version"] == ticket.version
        assert await _viewers(first) == [handler.pk]
        await _watch(second, ticket.pk)
        assert await _viewers(second) == [handler.pk, supervisor.pk]
        assert await _viewers(first) == [handler.pk, supervisor.pk]
        await second.disconnect()
        assert await _viewers(first) == [handler.pk]
        await first.disconnect()

    async_to_sync(scenario)()
    assert presence.viewers(ticket.pk) == []


def test_viewers_are_named_shortly(customer, handler, category, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    headers = _headers(handler)

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        await _watch(socket, ticket.pk)
        message = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()
    first, last = handler.user.first_name, handler.user.last_name
    assert message["viewers"] == [{"agent": handler.pk, "name": f"{first} {last[0]}."}]


def test_a_heartbeat_keeps_the_page_listed_and_answers_with_the_viewers(
        customer, handler, category, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    headers = _headers(handler)

    async def scenario() -> list[int]:
        socket = _socket(headers)
        await _watch(socket, ticket.pk)
        await _viewers(socket)
        await socket.send_json_to({"heartbeat": True})
        answer = await _viewers(socket)
        await socket.disconnect()
        return answer

    assert async_to_sync(scenario)() == [handler.pk]


def test_a_page_not_seen_for_a_minute_drops_out(isolated_live) -> None:
    presence.join(ticket_id=7, channel="a", agent_id=1, name="Amina B.", now=1000.0)
    presence.join(ticket_id=7, channel="b", agent_id=2, name="Karim T.", now=1030.0)
    assert [v["agent"] for v in presence.viewers(7, now=1059.0)] == [1, 2]
    assert [v["agent"] for v in presence.viewers(7, now=1000.0 + presence.EXPIRY)] == [2]
    assert presence.join(ticket_id=7, channel="b", agent_id=2, name="Karim T.",
                         now=1075.0) == [{"agent": 2, "name": "Karim T.", "seen": 1075.0}]
    assert presence.leave(ticket_id=7, channel="b", now=1076.0) == []


def test_two_tabs_of_one_agent_are_one_viewer(isolated_live) -> None:
    presence.join(ticket_id=8, channel="a", agent_id=1, name="Amina B.")
    viewers = presence.join(ticket_id=8, channel="b", agent_id=1, name="Amina B.")
    assert [v["agent"] for v in viewers] == [1]
    assert [v["agent"] for v in presence.leave(ticket_id=8, channel="a")] == [1]


def test_a_change_saved_from_another_page_is_forwarded(customer, handler, category,
                                                       isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    headers = _headers(handler)
    client = client_for(handler)

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        await _watch(socket, ticket.pk)
        await _viewers(socket)
        response = await sync_to_async(client.post)(
            f"/desk/tickets/{ticket.reference}/start/", {"version": ticket.version})
        assert response.status_code == 302
        changed = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.disconnect()
        return changed

    changed = async_to_sync(scenario)()
    assert changed["type"] == "changed" and changed["action"] == "start"
    assert changed["reference"] == ticket.reference
    assert changed["by"] == short_name(handler) and changed["by_agent"] == handler.pk


def test_a_page_that_reconnects_after_a_change_learns_the_new_version(
        customer, handler, category, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    shown = ticket.version
    services.start_ticket(ticket=ticket, by=handler)
    headers = _headers(handler)

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        watching = await _watch(socket, ticket.pk)
        await socket.disconnect()
        return watching

    watching = async_to_sync(scenario)()
    assert watching["version"] == shown + 1 and watching["by"] == short_name(handler)


def test_a_complaint_out_of_scope_cannot_be_watched(customer, handler, category,
                                                   other_agency_agent, isolated_live) -> None:
    ticket = open_ticket(customer, handler, category)
    headers = _headers(other_agency_agent)

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(headers)
        await socket.connect(timeout=TIMEOUT)
        answers = []
        for watch in (ticket.pk, "x", None):
            await socket.send_json_to({"watch": watch})
            answers.append(await socket.receive_json_from(timeout=TIMEOUT))
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()
        return answers

    assert async_to_sync(scenario)() == [{"type": "error", "error": "not_found"}] * 3
    assert presence.viewers(ticket.pk) == []


@pytest.mark.parametrize("who", ["anonymous", "staff without an agent profile"])
def test_only_agents_may_connect(who: str, isolated_live) -> None:
    if who == "anonymous":
        headers = _headers()
    else:
        headers = _headers(user=get_user_model().objects.create_user("visitor", password="x"))

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected  # accepted, so that the page can read why it is closed
        closing = await socket.receive_output(timeout=TIMEOUT)
        await socket.send_json_to({"watch": 1})
        assert await socket.receive_nothing(timeout=0.2)
        return closing

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 4401}


NOT_FOUND = {"type": "error", "error": "not_found"}


@pytest.mark.parametrize(("frame", "answer"), [
    ("{not json", None), ("[" * 100_000 + "]" * 100_000, None), ("x" * 10_000, None),
    ('{"watch": "\\u0000"}', None),
    ('{"watch": 1e400}', NOT_FOUND), ('{"watch": ' + "9" * 40 + "}", NOT_FOUND)])
def test_a_hostile_frame_is_dropped_and_the_connection_stays_useful(
        customer, handler, category, isolated_live, frame: str, answer: Any) -> None:
    ticket = open_ticket(customer, handler, category)
    headers = _headers(handler)

    async def scenario() -> None:
        socket = _socket(headers)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        await socket.send_to(text_data=frame)
        if answer is None:
            assert await socket.receive_nothing(timeout=0.5)
        else:
            assert await socket.receive_json_from(timeout=TIMEOUT) == answer
        await socket.send_json_to({"watch": ticket.pk})
        assert (await socket.receive_json_from(timeout=TIMEOUT))["type"] == "watching"
        await socket.disconnect()

    async_to_sync(scenario)()
