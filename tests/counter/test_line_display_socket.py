"""The hall display's WebSocket, /ws/counter/display/<agency>/, on the real (Redis) channel
layer: a snapshot on connecting, a fresh one when a number is called, only for its agency,
and numbers and desks only."""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.utils import timezone

from contactcenter import background
from contactcenter.asgi import application
from contactcenter.counter import services
from contactcenter.counter.models import Reason

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 5


@pytest.fixture(autouse=True)
def _isolated_live(settings) -> None:
    """A channel layer of this test's own (same Redis, own prefix)."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings.CHANNEL_LAYERS = {
        name: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": prefix}}
        if "redis" in config["BACKEND"] else config
        for name, config in django_settings.CHANNEL_LAYERS.items()}
    settings.BACKGROUND_MODE = "in-process"


def _socket(code: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, f"/ws/counter/display/{code}/",
                                 headers=[(b"origin", b"http://testserver")])


def test_an_unknown_agency_is_closed_with_not_found() -> None:
    async_to_sync(_unknown_agency)()


async def _unknown_agency() -> None:
    socket = _socket("NOPE")
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    assert (await socket.receive_output(timeout=TIMEOUT))["code"] == 4404
    await socket.disconnect()


def test_the_display_receives_the_number_called_and_only_its_agencys(
        agency_a, agency_b, agent, other_agency_agent) -> None:
    async_to_sync(_calls)(agency_a, agency_b, agent, other_agency_agent)


async def _calls(agency_a, agency_b, agent, other_agency_agent) -> None:  # type: ignore[no-untyped-def]  # fixtures
    take = sync_to_async(services.take_number)
    await take(agency=agency_a, reason=Reason.COMPLAINT, mobile="0612345678")
    await take(agency=agency_b, reason=Reason.DOCUMENT)
    socket = _socket(agency_a.code)
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    first = await socket.receive_json_from(timeout=TIMEOUT)
    offset = timezone.localtime().utcoffset()
    assert offset is not None
    assert first == {"type": "snapshot", "calls": [], "waiting": 1,
                     "utc_offset": int(offset.total_seconds() // 60)}

    # Another agency's call says nothing to this display.
    await sync_to_async(services.call_next)(agent=other_agency_agent, desk=3)
    await sync_to_async(background.wait_for_publications)()
    assert await socket.receive_nothing(timeout=0.5)

    visit = await sync_to_async(services.call_next)(agent=agent, desk=5)
    snapshot = await socket.receive_json_from(timeout=TIMEOUT)
    assert snapshot["waiting"] == 0
    assert [(call["number"], call["desk"]) for call in snapshot["calls"]] == [("R-001", 5)]
    assert set(snapshot["calls"][0]) == {"key", "number", "desk", "at"}
    assert "612345678" not in str(snapshot)

    # A recall is a new call: the display highlights it again (a new key).
    await sync_to_async(services.recall)(visit=visit, by=agent)
    recalled = await socket.receive_json_from(timeout=TIMEOUT)
    assert recalled["calls"][0]["key"] != snapshot["calls"][0]["key"]
    await socket.disconnect()


def test_what_the_display_sends_is_ignored(agency_a) -> None:
    async_to_sync(_ignored)(agency_a.code)


async def _ignored(code: str) -> None:
    socket = _socket(code)
    await socket.connect(timeout=TIMEOUT)
    await socket.receive_json_from(timeout=TIMEOUT)
    await socket.send_to(text_data="not json \x00")
    await socket.send_json_to({"type": "call", "number": "R-999"})
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()
