"""Live notices through the channel layer's groups, which the pages' WebSockets join:

- `ticket.<id>`: the pages showing a complaint ("ticket.changed", from tickets.notices);
- `agent.<id>` and `queue.<id>`: an agent's pages ("agent.notice", e.g. a call waiting);
- `board.<scope>`: the SLA boards ("board.update", through the outbox).

At most once: a page re-reads the database on (re)connecting, so a lost notice is made up
for. Any app may send; the desk's and the board's consumers listen."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from channels.layers import InMemoryChannelLayer, get_channel_layer

from contactcenter import background

logger = logging.getLogger(__name__)
# The channel layer is at most once and the page reloads from the database anyway: a notice
# that cannot go out quickly is dropped rather than holding up the agent who acted.
SEND_TIMEOUT = 1.0


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


# The event loop the WebSockets run on (contactcenter.websocket tells it on each connect).
_sockets_loop: asyncio.AbstractEventLoop | None = None


def sockets_run_on(loop: asyncio.AbstractEventLoop) -> None:
    """Remember the event loop this process's WebSockets run on."""
    global _sockets_loop
    _sockets_loop = loop


def send_in_background(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Send each (group, message) from the publisher thread, so that the caller (after its
    commit) never waits on the channel layer.

    On the in-memory layer of the quick start (one process), the messages are handed to the
    sockets' own event loop instead: its queues belong to that loop, and a message put there
    from the publisher thread's loop would wait until the sockets' loop woke for something
    else (up to a second)."""
    if not messages:
        return
    layer = get_channel_layer()
    loop = _sockets_loop
    if isinstance(layer, InMemoryChannelLayer) and loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(_send_all_within(layer, messages), loop)
        return
    background.publish_later(lambda: _send_each(messages))


def agent_notice_in_background(*, groups: list[str], payload: dict[str, Any]) -> None:
    """Send {"type": "agent.notice", **payload} to each group from the publisher thread, so
    that the caller (a carrier's webhook, after its commit) never waits on the channel
    layer. At most once, like every live notice."""
    message = {**payload, "groups": groups, "type": "agent.notice"}
    send_in_background([(group, message) for group in groups])


_loops = threading.local()


def _sending_loop() -> asyncio.AbstractEventLoop:
    """This thread's event loop for sending, kept from one batch to the next: the Redis
    channel layer keeps its connections per event loop, so a new loop per batch (what
    async_to_sync gives) opened and closed a connection each time, about 2 ms of CPU a batch
    against 0.2 (bench/README.md, "Web chat")."""
    loop: asyncio.AbstractEventLoop | None = getattr(_loops, "loop", None)
    if loop is None or loop.is_closed():
        loop = _loops.loop = asyncio.new_event_loop()
    return loop


def _send_each(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Send the messages in order, in one run of the event loop (thousands after a sweep)."""
    layer = get_channel_layer()
    if layer is None or not messages:
        return
    try:
        _sending_loop().run_until_complete(_send_all_within(layer, messages))
    except Exception:  # noqa: BLE001 (the channel layer is at most once anyway)
        logger.warning("Live notices not sent (%s)", len(messages), exc_info=True)


async def _send_all_within(layer: Any, messages: list[tuple[str, dict[str, Any]]]) -> None:
    for group, message in messages:
        try:
            await asyncio.wait_for(layer.group_send(group, message), timeout=SEND_TIMEOUT)
        except Exception:  # noqa: BLE001 (one lost notice must not stop the others)
            logger.warning("Live notice to %s not sent", group, exc_info=True)
