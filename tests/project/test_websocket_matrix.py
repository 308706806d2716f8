"""The WebSockets of the authorization matrix (tests/project/url_matrix.py), on the real
channel layer: who may connect to /ws/desk/ and /ws/board/, and that each hears only of
its own scope. Transactional: the consumers read the database from other threads."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import override_settings

from contactcenter.asgi import application
from tests.project import matrix_world as w
from tests.project import url_matrix as m
from tests.project.test_url_matrix import FAST_HASHER
from tickets.outbox import board_groups

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 5
QUIET = 0.3  # seconds of silence that mean "nothing came"
UNAUTHORIZED, FORBIDDEN = 4401, 4403


@pytest.fixture
def world(settings: Any) -> m.World:
    """The matrix's world, with a channel layer of this test's own (same Redis, own
    prefix): runs sharing the server never hear each other's groups."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings.CHANNEL_LAYERS = {
        name: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": prefix}}
        if "redis" in config["BACKEND"] else config
        for name, config in django_settings.CHANNEL_LAYERS.items()}
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        return w.build_world()


def _socket(world: m.World, route: str, persona: str) -> WebsocketCommunicator:
    """What the persona's browser opens: the page's origin and its session cookie."""
    headers = [(b"origin", b"http://testserver")]
    key = world.sessions.get(persona)
    if key:
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode()))
    return WebsocketCommunicator(application, f"/{route}", headers=headers)


def _every_persona(play: Callable[[str], Awaitable[str]]) -> dict[str, str]:
    """What each persona's socket got, played one after the other on one event loop."""
    async def play_all() -> dict[str, str]:
        return {persona: await play(persona) for persona in w.PERSONAS}
    return async_to_sync(play_all)()


async def _closed_with(socket: WebsocketCommunicator) -> int | None:
    """The code the socket was closed with right after connecting, None if it stays."""
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected  # accepted, then closed with a code the page can read
    if await socket.receive_nothing(timeout=QUIET):
        return None
    message = await socket.receive_output(timeout=TIMEOUT)
    assert message["type"] == "websocket.close", message
    return message["code"]


def test_the_desk_socket_lets_agents_watch_the_complaints_of_their_scope_only(
        world: m.World) -> None:
    """Every persona, in one test: each transactional test costs a flush of the tables."""
    tickets = {place: world.place(place).ticket.pk for place in w.PLACES}

    async def play(persona: str) -> str:
        socket = _socket(world, "ws/desk/", persona)
        closed = await _closed_with(socket)
        if closed is not None:
            return f"closed {closed}"
        answers = []
        for place, ticket_id in tickets.items():
            await socket.send_json_to({"watch": ticket_id})
            answers.append(f"{place} {(await socket.receive_json_from(TIMEOUT))['type']}")
            while not await socket.receive_nothing(timeout=0.1):
                await socket.receive_json_from()  # the viewers of the complaint
        await socket.disconnect(timeout=TIMEOUT)
        return ", ".join(answers)

    def expected(persona: str) -> str:
        if persona not in m.DESK_AGENTS:
            return f"closed {UNAUTHORIZED}"
        return ", ".join(f"{place} {'watching' if m.sees(persona, place) else 'error'}"
                         for place in w.PLACES)

    answers = _every_persona(play)
    assert answers == {persona: expected(persona) for persona in w.PERSONAS}


def test_the_board_socket_tells_boards_of_changes_in_their_scope_only(
        world: m.World) -> None:
    """Every persona, in one test: each transactional test costs a flush of the tables."""
    groups = {place: board_groups(world.place(place).ticket) for place in w.PLACES}

    async def play(persona: str) -> str:
        socket = _socket(world, "ws/board/", persona)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected  # accepted, then closed with a code the page can read
        first = await socket.receive_output(timeout=TIMEOUT)
        if first["type"] == "websocket.close":
            return f"closed {first['code']}"
        assert first["text"] == '{"type": "ready"}', first
        layer = get_channel_layer()
        heard = []
        for place, names in groups.items():
            for name in names:
                await layer.group_send(name, {"type": "board.update"})
            if not await socket.receive_nothing(timeout=QUIET):
                heard.append(place)
            while not await socket.receive_nothing(timeout=0.1):
                assert await socket.receive_json_from() == {"type": "update"}
        await socket.disconnect(timeout=TIMEOUT)
        return "hears " + ", ".join(heard)

    def expected(persona: str) -> str:
        if persona not in m.DESK_AGENTS:
            return f"closed {UNAUTHORIZED}"
        if persona not in m.BOARD:
            return f"closed {FORBIDDEN}"
        return "hears " + ", ".join(place for place in w.PLACES if m.sees(persona, place))

    answers = _every_persona(play)
    assert answers == {persona: expected(persona) for persona in w.PERSONAS}


def test_the_chat_console_socket_is_for_the_call_centre_and_its_supervisors(
        world: m.World) -> None:
    """Every persona, in one test: agents who do not chat are closed with 4403."""

    async def play(persona: str) -> str:
        socket = _socket(world, "ws/desk/chat/", persona)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected  # accepted, then closed with a code the page can read
        first = await socket.receive_output(timeout=TIMEOUT)
        await socket.disconnect(timeout=TIMEOUT)
        if first["type"] == "websocket.close":
            return f"closed {first['code']}"
        return "snapshot" if '"type": "status"' in first["text"] else first["text"]

    def expected(persona: str) -> str:
        if persona not in m.DESK_AGENTS:
            return f"closed {UNAUTHORIZED}"
        if persona not in m.CHATTERS:
            return f"closed {FORBIDDEN}"
        return "snapshot"

    answers = _every_persona(play)
    assert answers == {persona: expected(persona) for persona in w.PERSONAS}
