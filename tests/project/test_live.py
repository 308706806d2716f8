"""Live notices (contactcenter.live): sent in order in one run of the event loop; one that
cannot go out in time is dropped without stopping the others."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from contactcenter import live


class Layer:
    """A channel layer that never delivers to the group "stuck"."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        if group == "stuck":
            await asyncio.sleep(60)
        self.sent.append((group, message))


@pytest.fixture
def layer(monkeypatch) -> Layer:  # type: ignore[no-untyped-def]
    fake = Layer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: fake)
    monkeypatch.setattr(live, "SEND_TIMEOUT", 0.2)
    return fake


def test_the_messages_go_out_in_order(layer: Layer) -> None:
    messages = [(f"ticket.{n}", {"type": "ticket.changed", "ticket": n}) for n in range(500)]
    live._send_each(messages)
    assert layer.sent == messages


def test_a_stuck_group_is_dropped_after_the_timeout_and_the_others_still_go(
        layer: Layer) -> None:
    began = time.monotonic()
    live._send_each([("ticket.1", {"n": 1}), ("stuck", {"n": 2}), ("ticket.3", {"n": 3})])
    assert [group for group, _message in layer.sent] == ["ticket.1", "ticket.3"]
    assert time.monotonic() - began < 2
