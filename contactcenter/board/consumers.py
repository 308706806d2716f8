"""The board's WebSocket (`/ws/board/`): says "something changed" to the boards of the
scopes a change concerns.

On connecting, the consumer joins the `board.<scope>` groups of what the agent may see (the
groups tickets.outbox sends to after each transition or escalation) and sends
{"type": "ready"}; then {"type": "update"} for each change. The page fetches its counts
again on both: the database is the truth, and a message lost while disconnected is made up
for on reconnecting. Nothing about the complaint itself is sent.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from contactcenter.board.selectors import board_groups_for, may_see_board
from contactcenter.org.models import Agent
from contactcenter.org.selectors import agent_for_user
from contactcenter.websocket import JsonConsumer

UNAUTHORIZED = 4401
FORBIDDEN = 4403


@database_sync_to_async
def _agent_of(user: Any) -> Agent | None:
    return agent_for_user(user)


@database_sync_to_async
def _groups_of(agent: Agent) -> list[str]:
    return board_groups_for(agent)


class BoardConsumer(JsonConsumer):
    board_groups: list[str]

    async def connect(self) -> None:
        self.board_groups = []
        agent = await _agent_of(self.scope.get("user"))
        # Accept, then close with a code the page can read (a refused handshake has none),
        # so that it stops reconnecting.
        await self.accept()
        if agent is None:
            await self.close(code=UNAUTHORIZED)
            return
        if not may_see_board(agent):
            await self.close(code=FORBIDDEN)
            return
        self.board_groups = await _groups_of(agent)
        for group in self.board_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json({"type": "ready"})

    async def disconnect(self, code: int) -> None:
        for group in self.board_groups:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The page only listens."""

    # --- Group messages ---------------------------------------------------------------------

    async def board_update(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "update"})
