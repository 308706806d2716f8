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
(contactcenter.live.send_in_background): the service that caused it never waits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

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


def publish_after_commit(messages: Messages) -> None:
    """Send the messages once the current transaction commits (at once outside one)."""
    if messages:
        transaction.on_commit(lambda: live.send_in_background(messages))


def publish_built_after_commit(build: Callable[[], Messages]) -> None:
    """Build the messages once the current transaction commits (so that they read the
    committed state), and send them."""
    transaction.on_commit(lambda: live.send_in_background(build()))
