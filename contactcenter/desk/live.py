"""Live notices to the desk's pages: to those showing a complaint (group `ticket.<id>`), and
to agents (groups `agent.<id>` and `queue.<id>`, e.g. a call waiting for them)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from contactcenter import background
from contactcenter.org.models import Agent

logger = logging.getLogger(__name__)
# The channel layer is at most once and the page reloads from the database anyway: a notice
# that cannot go out quickly is dropped rather than holding up the agent who acted.
SEND_TIMEOUT = 1.0


def ticket_group(ticket_id: int) -> str:
    return f"ticket.{ticket_id}"


def short_name(agent: Agent) -> str:
    """"Amina B.": enough to know who, in a notice."""
    user = agent.user
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last:
        return f"{first} {last[0]}."
    return first or last or user.get_username()


def ticket_changed(*, ticket_id: int, reference: str, by: Agent, action: str) -> None:
    """Tell the pages showing a complaint that it changed. Call after commit."""
    message = {"type": "ticket.changed", "ticket": ticket_id, "reference": reference,
               "by": short_name(by), "by_agent": by.pk, "action": action,
               "at": timezone.now().isoformat()}
    _send(ticket_group(ticket_id), message)


def agent_notice_in_background(*, groups: list[str], payload: dict[str, Any]) -> None:
    """Send {"type": "agent.notice", **payload} to each group from the publisher thread, so
    that the caller (a carrier's webhook, after its commit) never waits on the channel
    layer. At most once, like every live notice."""
    message = {**payload, "groups": groups, "type": "agent.notice"}
    background.publish_later(lambda: _send_all(groups, message))


def _send_all(groups: list[str], message: dict[str, Any]) -> None:
    for group in groups:
        _send(group, message)


def _send(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(_send_within)(layer, group, message)
    except Exception:  # noqa: BLE001 (a notice must never fail the request that committed)
        logger.warning("Live notice to %s not sent", group, exc_info=True)


async def _send_within(layer: Any, group: str, message: dict[str, Any]) -> None:
    await asyncio.wait_for(layer.group_send(group, message), timeout=SEND_TIMEOUT)
