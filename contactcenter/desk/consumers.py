"""The desk's WebSocket (`/ws/desk/`): who else has a complaint open, and whether it changed.

The page sends {"watch": <ticket id>} once connected, then {"heartbeat": true} every
presence.HEARTBEAT seconds. It receives {"type": "watching", "version": ...} (the current
version, to compare with the one it shows), {"type": "viewers", "viewers": [...]} whenever
the set changes, and {"type": "changed", ...} when someone saved the complaint.

Every signed-in agent's page also listens to the agent's own group (`agent.<id>`) and to
those of their queues (`queue.<id>`), and receives what is sent there as
{"type": "notice", "event": ...}: a call waiting in the queue ("call", with the URL of its
screen pop; also sent on connecting for the calls waiting then), an agent taking it
("call_taken"), that call ending ("call_ended"), a complaint's escalation, a complaint
given to the agent ("assigned") or answered by its customer ("customer_answered", back in
progress; "customer_message"), from tickets.notices, with the complaint's URL.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from contactcenter import live
from contactcenter.desk import presence
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from contactcenter.org.selectors import agent_for_user, short_name
from contactcenter.websocket import JsonConsumer
from telephony import calls
from tickets.selectors import tickets_for_agent

UNAUTHORIZED = 4401


@database_sync_to_async
def _agent_of(user: Any) -> Agent | None:
    return agent_for_user(user)


@database_sync_to_async
def _notices_of(agent: Agent) -> tuple[list[str], list[dict[str, Any]]]:
    """The agent's own group and those of their queues, and the calls waiting in those
    queues now (a page that connects shows them too)."""
    queue_ids = org_selectors.queue_ids_of(agent)
    groups = [f"agent.{agent.pk}", *(f"queue.{pk}" for pk in queue_ids)]
    waiting = [calls.pop_notice(call) for call in calls.waiting_calls(queue_ids=queue_ids)]
    return groups, waiting


@database_sync_to_async
def _snapshot(agent: Agent, ticket_id: int) -> dict[str, Any] | None:
    """The complaint's current version and last editor, if the agent may see it."""
    ticket = (tickets_for_agent(agent).filter(pk=ticket_id)
              .select_related("updated_by__user").first())
    if ticket is None:
        return None
    by = short_name(ticket.updated_by) if ticket.updated_by else ""
    return {"type": "watching", "ticket": ticket_id, "version": ticket.version, "by": by}


class DeskConsumer(JsonConsumer):
    agent: Agent | None = None
    ticket_id: int | None = None
    viewer_name = ""
    notice_groups: list[str] = []

    async def connect(self) -> None:
        self.agent = await _agent_of(self.scope.get("user"))
        waiting: list[dict[str, Any]] = []
        if self.agent is not None:
            # Joined before accepting: once connected, the page misses no notice.
            self.notice_groups, waiting = await _notices_of(self.agent)
            for group in self.notice_groups:
                await self.channel_layer.group_add(group, self.channel_name)
        # Accept, then close with a code the page can read (a refused handshake has none),
        # so that it stops reconnecting.
        await self.accept()
        if self.agent is None:
            await self.close(code=UNAUTHORIZED)
            return
        self.viewer_name = short_name(self.agent)
        for notice in waiting:
            await self.send_json({"type": "notice", **notice})

    async def disconnect(self, code: int) -> None:
        await self._unwatch()
        for group in self.notice_groups:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.agent is None or not isinstance(content, dict):
            return
        if "watch" in content:
            await self._watch(content["watch"])
        elif "heartbeat" in content and self.ticket_id is not None:
            viewers = await sync_to_async(presence.heartbeat)(
                ticket_id=self.ticket_id, channel=self.channel_name, agent_id=self.agent.pk,
                name=self.viewer_name)
            await self.send_json({"type": "viewers", "viewers": _public(viewers)})
        elif "unwatch" in content:
            await self._unwatch()

    async def _watch(self, raw_id: Any) -> None:
        assert self.agent is not None
        try:
            ticket_id = int(raw_id)
        except (TypeError, ValueError, OverflowError):
            ticket_id = 0
        in_range = 0 < ticket_id < 2**63
        snapshot = await _snapshot(self.agent, ticket_id) if in_range else None
        if snapshot is None:
            await self.send_json({"type": "error", "error": "not_found"})
            return
        # On every (re)connection: the page compares with the version it shows.
        await self.send_json(snapshot)
        if ticket_id == self.ticket_id:
            return
        await self._unwatch()
        self.ticket_id = ticket_id
        await self.channel_layer.group_add(live.ticket_group(ticket_id), self.channel_name)
        viewers = await sync_to_async(presence.join)(
            ticket_id=ticket_id, channel=self.channel_name, agent_id=self.agent.pk,
            name=self.viewer_name)
        await self._broadcast(ticket_id, viewers)

    async def _unwatch(self) -> None:
        ticket_id, self.ticket_id = self.ticket_id, None
        if ticket_id is None:
            return
        await self.channel_layer.group_discard(live.ticket_group(ticket_id), self.channel_name)
        viewers = await sync_to_async(presence.leave)(ticket_id=ticket_id,
                                                      channel=self.channel_name)
        await self._broadcast(ticket_id, viewers)

    async def _broadcast(self, ticket_id: int, viewers: list[presence.Viewer]) -> None:
        await self.channel_layer.group_send(live.ticket_group(ticket_id), {
            "type": "presence.viewers", "ticket": ticket_id, "viewers": _public(viewers)})

    # --- Group messages ---------------------------------------------------------------------

    async def presence_viewers(self, event: dict[str, Any]) -> None:
        if event.get("ticket") == self.ticket_id:
            await self.send_json({"type": "viewers", "viewers": event["viewers"]})

    async def ticket_changed(self, event: dict[str, Any]) -> None:
        if event.get("ticket") == self.ticket_id:
            await self.send_json({"type": "changed", "reference": event["reference"],
                                  "by": event["by"], "by_agent": event["by_agent"],
                                  "action": event["action"], "at": event["at"]})

    async def agent_notice(self, event: dict[str, Any]) -> None:
        notice = {key: value for key, value in event.items() if key not in ("type", "groups")}
        await self.send_json({"type": "notice", **notice})


def _public(viewers: list[presence.Viewer]) -> list[dict[str, Any]]:
    return [{"agent": viewer["agent"], "name": viewer["name"]} for viewer in viewers]
