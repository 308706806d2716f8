"""The board's WebSocket, /ws/board/, on the real (Redis) channel layer: who may listen, and
that a transition or an escalation reaches the boards of its scope, and only those, within
a second of its delivery."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from contactcenter.asgi import application
from contactcenter.org.models import Agent
from sla.models import EscalationLevel, SlaPolicy
from tests import factories
from tickets import escalation, outbox, services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 5
WITHIN = 1.0  # seconds from delivery to the board


@pytest.fixture(autouse=True)
def _isolated_live(settings) -> None:
    """A channel layer of this test's own (same Redis, own prefix), so that test runs
    sharing the server never see each other's groups; outbox rows are delivered by the test
    (no Celery task published)."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings.CHANNEL_LAYERS = {
        name: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": prefix}}
        if "redis" in config["BACKEND"] else config
        for name, config in django_settings.CHANNEL_LAYERS.items()}
    settings.BACKGROUND_MODE = "in-process"


@pytest.fixture(autouse=True)
def _national_policy() -> None:
    """The national default policy of the data migration (gone if an earlier transactional
    test flushed the tables)."""
    policy, created = SlaPolicy.objects.get_or_create(
        category=None, priority="", channel="", segment="",
        defaults={"name": "Politique nationale", "resolution": timedelta(hours=40)})
    if created:
        EscalationLevel.objects.bulk_create([
            EscalationLevel(policy=policy, percent=75, warn_assignee=True),
            EscalationLevel(policy=policy, percent=100, breach=True, notify_supervisor=True),
            EscalationLevel(policy=policy, percent=150, notify_regional_manager=True,
                            raise_priority=True)])


def _headers(agent: Agent | None) -> list[tuple[bytes, bytes]]:
    """What a browser sends: the page's origin and, when signed in, the session cookie."""
    headers = [(b"origin", b"http://testserver")]
    if agent is not None:
        client = Client()
        client.force_login(agent.user)
        session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={session}".encode()))
    return headers


def _socket(headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, "/ws/board/", headers=headers)


async def _listen(headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    socket = _socket(headers)
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "ready"}
    return socket


async def _closed_with(headers: list[tuple[bytes, bytes]]) -> int:
    socket = _socket(headers)
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected  # accepted, then closed with a code the page reads
    message = await socket.receive_output(timeout=TIMEOUT)
    assert message["type"] == "websocket.close"
    return message["code"]


def _deliver() -> float:
    """Deliver the outbox as the background worker would; the time it was done."""
    assert outbox.deliver_due() > 0
    return time.monotonic()


async def _update_within(socket: WebsocketCommunicator, delivered: float) -> None:
    assert await socket.receive_json_from(timeout=TIMEOUT) == {"type": "update"}
    assert time.monotonic() - delivered < WITHIN


def test_visitors_and_agents_without_a_board_are_closed_out(agent) -> None:
    anonymous, front_office = _headers(None), _headers(agent)

    async def scenario() -> tuple[int, int]:
        return await _closed_with(anonymous), await _closed_with(front_office)

    assert async_to_sync(scenario)() == (4401, 4403)


def test_a_transition_reaches_the_boards_of_its_scope_only(
        customer, handler, category, supervisor, regional_manager, administrator,
        agency_b) -> None:
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     category=category, description="AF non payées")
    other_manager = factories.AgentFactory(role=Agent.Role.REGIONAL_MANAGER, agency=None,
                                           region=agency_b.region)
    outbox.deliver_due()
    headers = {name: _headers(who) for name, who in (
        ("supervisor", supervisor), ("manager", regional_manager),
        ("admin", administrator), ("other", other_manager))}

    def start() -> float:
        services.start_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=handler)
        return _deliver()

    async def scenario() -> None:
        sockets = {name: await _listen(value) for name, value in headers.items()}
        delivered = await sync_to_async(start)()
        for name in ("supervisor", "manager", "admin"):
            await _update_within(sockets[name], delivered)
        assert await sockets["other"].receive_nothing(timeout=0.5)
        for socket in sockets.values():
            await socket.disconnect()

    async_to_sync(scenario)()


def test_an_agency_supervisor_does_not_hear_of_another_region(
        supervisor, administrator, agency_b) -> None:
    elsewhere = factories.CustomerFactory(agency=agency_b)
    supervisor_headers, admin_headers = _headers(supervisor), _headers(administrator)

    def open_elsewhere() -> float:
        services.open_complaint(customer=elsewhere, channel="sms", by=None, actor_label="SMS",
                                description="Pension non versée")
        return _deliver()

    async def scenario() -> None:
        board_a, national = await _listen(supervisor_headers), await _listen(admin_headers)
        delivered = await sync_to_async(open_elsewhere)()
        await _update_within(national, delivered)
        assert await board_a.receive_nothing(timeout=0.5)
        await board_a.disconnect()
        await national.disconnect()

    async_to_sync(scenario)()


def test_a_queue_member_supervisor_hears_of_the_queue(customer, handler, category, front_queue,
                                                      agency_b) -> None:
    """A supervisor of another agency who is in the queue sees its complaints: their board
    listens to the queue's group."""
    outsider = factories.AgentFactory(role=Agent.Role.SUPERVISOR, agency=agency_b)
    outsider.queues.add(front_queue)
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     category=category, description="AF non payées")
    outbox.deliver_due()
    headers = _headers(outsider)

    def start() -> float:
        services.start_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=handler)
        return _deliver()

    async def scenario() -> None:
        board = await _listen(headers)
        delivered = await sync_to_async(start)()
        await _update_within(board, delivered)
        await board.disconnect()

    async_to_sync(scenario)()


def test_an_escalation_reaches_the_board(customer, handler, category, supervisor) -> None:
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     category=category, description="AF non payées")
    outbox.deliver_due()
    headers = _headers(supervisor)
    at_75 = ticket.next_escalation_at

    def sweep() -> float:
        assert escalation.sweep(now=at_75 + timedelta(minutes=1)).levels_fired == 1
        return _deliver()

    async def scenario() -> None:
        board = await _listen(headers)
        delivered = await sync_to_async(sweep)()
        await _update_within(board, delivered)
        await board.disconnect()

    async_to_sync(scenario)()

