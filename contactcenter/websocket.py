"""The base of the project's JSON WebSocket consumers: a frame that is not JSON, is nested
too deep or holds a control character is dropped (receive_json gets None), never a crash
that closes the page's connection."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from asgiref.typing import WebSocketConnectEvent
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from contactcenter import input_guard, live

MAX_FRAME_CHARACTERS = 4096


class JsonConsumer(AsyncJsonWebsocketConsumer):
    async def websocket_connect(self, message: WebSocketConnectEvent) -> None:
        # Live notices on the in-memory layer go through the loop the sockets run on.
        live.sockets_run_on(asyncio.get_running_loop())
        await super().websocket_connect(message)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        if len(text_data) > MAX_FRAME_CHARACTERS:
            return None
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            return None
        return None if input_guard.json_refusal(content) else content
