"""The hall display's WebSocket (`/ws/counter/display/<agency code>/`, public).

On connecting, the consumer joins the agency's group `counter.<agency id>` and sends a
snapshot read from the database ({"type": "snapshot", "calls": [...], "waiting": N}: the
numbers called last with their desks, and how many wait); then a fresh snapshot each time
counter.services says the line changed. The database is the truth: a notice lost while the
display was disconnected is made up for by the snapshot on reconnecting. Numbers and desks
only: no name, no phone. The page sends nothing; what it sends is ignored.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.utils import timezone

from contactcenter.counter import selectors
from contactcenter.websocket import JsonConsumer

NOT_FOUND = 4404


@database_sync_to_async
def _agency_id(code: str) -> int | None:
    agency = selectors.agency_by_code(code)
    return agency.pk if agency is not None else None


@database_sync_to_async
def _snapshot(agency_id: int) -> dict[str, Any]:
    return selectors.display_snapshot(agency_id, now=timezone.now())


class DisplayConsumer(JsonConsumer):
    group: str | None
    agency_id: int | None

    async def connect(self) -> None:
        self.group, self.agency_id = None, None
        code = str(self.scope.get("url_route", {}).get("kwargs", {}).get("agency", ""))
        agency_id = await _agency_id(code[:20])
        # Accept, then close with a code the page can read, so that it stops reconnecting.
        await self.accept()
        if agency_id is None:
            await self.close(code=NOT_FOUND)
            return
        self.agency_id, self.group = agency_id, selectors.line_group(agency_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json(await _snapshot(agency_id))

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The display only listens."""

    # --- Group messages ---------------------------------------------------------------------

    async def counter_changed(self, event: dict[str, Any]) -> None:
        if self.agency_id is not None:
            await self.send_json(await _snapshot(self.agency_id))
