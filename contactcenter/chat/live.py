"""The chat's live frames, through the channel layer (at most once: a page that
reconnects gets a fresh snapshot from the database).

- `chat.<conversation id>` (conversation_group): the visitor's socket and every agent
  console showing the conversation. Message {"type": "chat.frame", "conversation": pk,
  "audience": "visitor"|"agents"|"all", "frame": {...}, "sender": <channel name or "">}:
  a consumer forwards `frame` when its side is in `audience` and it is not the sender.
- `chat.agents` (AGENTS_GROUP): every console and supervisor view. {"type": "chat.line",
  "waiting": [...], "live": N} whenever the line changes, and {"type": "chat.offer",
  "conversation": pk, "agents": [ids]} for the conversations that agents with room may take.
- `agent.<id>`: the desk's own notices; an offer is also sent there as an "agent.notice"
  with "event": "chat_offer", so that an agent on any desk page sees it.

Everything is sent after the transaction commits, from the publisher thread
(contactcenter.live.send_in_background): the service that caused it never waits. On the
in-memory layer of the quick start (one process), whose queues belong to the event loop
the sockets run on, the sends are handed to that loop instead: sent from another thread's
loop, they would wait there until the loop wakes for something else (up to a second)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction

from contactcenter import live

AGENTS_GROUP = "chat.agents"
Audience = Literal["visitor", "agents", "all"]


def conversation_group(pk: int) -> str:
    return f"chat.{pk}"


def agent_group(agent_id: int) -> str:
    return f"agent.{agent_id}"


def at(moment: datetime) -> str:
    return moment.isoformat()


def frame_message(pk: int, frame: dict[str, Any], *, audience: Audience,
                  sender: str = "") -> tuple[str, dict[str, Any]]:
    """The (group, message) carrying a visitor-protocol frame to a conversation's sockets."""
    return conversation_group(pk), {"type": "chat.frame", "conversation": pk,
                                    "audience": audience, "frame": frame, "sender": sender}


Messages = list[tuple[str, dict[str, Any]]]


_sockets_loop: asyncio.AbstractEventLoop | None = None


def sockets_run_on(loop: asyncio.AbstractEventLoop) -> None:
    """Remember the event loop the chat's sockets run on (each socket tells on connecting)."""
    global _sockets_loop
    _sockets_loop = loop


def publish_after_commit(messages: Messages) -> None:
    """Send the messages once the current transaction commits (at once outside one)."""
    if messages:
        transaction.on_commit(lambda: _send(messages))


def publish_built_after_commit(build: Callable[[], Messages]) -> None:
    """Build the messages once the current transaction commits (so that they read the
    committed state), and send them."""
    transaction.on_commit(lambda: _send(build()))


def _send(messages: Messages) -> None:
    loop = _sockets_loop
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer) and loop is not None and loop.is_running():
        for group, message in messages:
            asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
        return
    live.send_in_background(messages)
