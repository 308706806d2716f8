"""Who has a complaint open right now, shared by every server process through the cache
(Redis in production).

Each open page is one entry, keyed by its WebSocket channel and stamped when last seen.
The page beats every HEARTBEAT seconds; an entry not seen for EXPIRY seconds is dropped
(a closed laptop, a server that died), so the set heals by itself whatever was lost.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypedDict

from django.core.cache import cache

HEARTBEAT = 20
EXPIRY = 60
_LOCK_SECONDS = 2
_LOCK_TRIES = 50


class Viewer(TypedDict):
    agent: int
    name: str
    seen: float


Entries = dict[str, Viewer]


def _key(ticket_id: int) -> str:
    return f"desk:presence:{ticket_id}"


@contextmanager
def _locked(ticket_id: int) -> Iterator[None]:
    """A short lock around the read-modify-write of one complaint's set. Best effort: past
    a few tries it goes ahead, and the next heartbeat repairs a lost update."""
    key, token = f"{_key(ticket_id)}:lock", uuid.uuid4().hex
    held = False
    for _attempt in range(_LOCK_TRIES):
        if cache.add(key, token, timeout=_LOCK_SECONDS):
            held = True
            break
        time.sleep(0.01)
    try:
        yield
    finally:
        if held and cache.get(key) == token:
            cache.delete(key)


def _alive(entries: Entries, now: float) -> Entries:
    return {channel: viewer for channel, viewer in entries.items()
            if now - viewer["seen"] < EXPIRY}


def _update(ticket_id: int, change: Callable[[Entries], object],
            now: float | None = None) -> list[Viewer]:
    now = time.time() if now is None else now
    with _locked(ticket_id):
        entries = _alive(cache.get(_key(ticket_id)) or {}, now)
        change(entries)
        if entries:
            cache.set(_key(ticket_id), entries, timeout=EXPIRY)
        else:
            cache.delete(_key(ticket_id))
    return _distinct(entries)


def _distinct(entries: Entries) -> list[Viewer]:
    """One line per agent (two tabs are one person), in the order they arrived."""
    seen: dict[int, Viewer] = {}
    for viewer in entries.values():
        seen.setdefault(viewer["agent"], viewer)
    return list(seen.values())


def join(*, ticket_id: int, channel: str, agent_id: int, name: str,
         now: float | None = None) -> list[Viewer]:
    """Add (or refresh) one page; returns everyone viewing the complaint."""
    stamp = time.time() if now is None else now

    def add(entries: Entries) -> None:
        entries[channel] = {"agent": agent_id, "name": name, "seen": stamp}

    return _update(ticket_id, add, now=stamp)


heartbeat = join


def leave(*, ticket_id: int, channel: str, now: float | None = None) -> list[Viewer]:
    """Remove one page; returns who is still viewing."""
    return _update(ticket_id, lambda entries: entries.pop(channel, None), now=now)


def viewers(ticket_id: int, now: float | None = None) -> list[Viewer]:
    now = time.time() if now is None else now
    return _distinct(_alive(cache.get(_key(ticket_id)) or {}, now))
