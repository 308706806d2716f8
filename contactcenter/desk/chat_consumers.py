"""The agents' chat WebSocket (`/ws/desk/chat/`): the console's live side, and the protocol a
bot or the benchmark speaks as an agent.

Agent → server: {"type": "accept" | "message" | "typing" | "close", "conversation": pk,
"text": ... (message only)} and {"type": "availability", "available": bool, "capacity":
N (optional, 1 to 10)}.
Server → agent, on connecting: {"type": "status", "available", "capacity", "held"},
{"type": "conversations", "conversations": [...]} (those the agent holds, each with its
messages; for a supervisor every live one), {"type": "line", "waiting", "live"} and the
offers standing for the agent ({"type": "offer", "conversation": pk}, if any); then
"line" and "offer" (from the `chat.agents` group), the frames of the conversations it
follows ("message", "typing", "joined", "identified", "closed", ..., each with
"conversation": pk, from their `chat.<pk>` groups), "status" after each change of the
agent's load, and {"type": "error", "code", "detail"} for a refused frame: the
connection stays open. Someone who is not an agent is closed with 4401, an agent who does
not chat (back office, counter) with 4403.

Every change goes through contactcenter.chat.services; the database stays the truth, and a
console that reconnects reads it afresh.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, override

from contactcenter.chat import live as chat_live
from contactcenter.chat import selectors as chat_selectors
from contactcenter.chat import services as chat_services
from contactcenter.chat.exceptions import ChatRefusal
from contactcenter.chat.models import Conversation
from contactcenter.desk.chat_views import may_chat, oversees_chats
from contactcenter.org.models import Agent
from contactcenter.org.selectors import agent_for_user, short_name
from contactcenter.websocket import JsonConsumer

UNAUTHORIZED = 4401
FORBIDDEN = 4403
ACTIONS = frozenset({"accept", "message", "typing", "close"})

NOT_UNDERSTOOD = gettext_lazy("This frame is not understood.")
NAME_THE_CONVERSATION = gettext_lazy("Name the conversation by its number.")
TEXT_NEEDED = gettext_lazy("A message needs a text.")
TRUE_OR_FALSE = gettext_lazy("Say whether you are available (true or false).")
NOT_FOUND = gettext_lazy("No such conversation.")


class Refused(Exception):
    """A frame refused before it reaches the services (malformed, not visible)."""

    def __init__(self, code: str, detail: Any) -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _summary(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.pk, "state": conversation.state,
        "language": conversation.language, "identified": conversation.is_identified,
        "agent": conversation.agent_id, "since": _iso(conversation.created_at),
        "accepted_at": _iso(conversation.accepted_at), "ticket": conversation.ticket_id,
        "messages": [{"from": message.sender, "text": message.text,
                      "at": _iso(message.sent_at)}
                     for message in chat_selectors.messages_of(conversation)],
    }


def _line_frame() -> dict[str, Any]:
    """The waiting line now, in the shape of the `chat.line` group messages."""
    return {"type": "line",
            "waiting": [{"id": conversation.pk, "language": conversation.language,
                         "identified": conversation.is_identified,
                         "since": _iso(conversation.waiting_since or conversation.created_at)}
                        for conversation in chat_selectors.waiting_line()],
            "live": chat_selectors.live_count()}


def _held(agent: Agent) -> list[Conversation]:
    return list(chat_selectors.conversations_for_agent(
        agent, state=Conversation.State.ACTIVE).filter(agent=agent))


def _status_frame(agent: Agent) -> dict[str, Any]:
    status = chat_selectors.status_of(agent)
    return {"type": "status", "available": status.available, "capacity": status.capacity,
            "held": chat_selectors.active_count(agent)}


@database_sync_to_async
def _agent_of(user: Any) -> Agent | None:
    return agent_for_user(user)


@database_sync_to_async
def _followed(agent: Agent) -> list[int]:
    """The conversations the console follows live: those the agent holds, and for a
    supervisor every live one."""
    if oversees_chats(agent):
        return list(chat_selectors.live_conversations().values_list("pk", flat=True))
    return [conversation.pk for conversation in _held(agent)]


def _offers_to(agent: Agent) -> list[dict[str, Any]]:
    """The waiting conversations offered to the agent now, as the line's changes offer them
    (the oldest, as many as the available agents have room for), if the agent has room."""
    queue = chat_selectors.chat_queue()
    if queue is None or agent.pk not in chat_selectors.agents_with_room(queue.pk):
        return []
    waiting = chat_selectors.waiting_line(queue_id=queue.pk)
    return [{"type": "offer", "conversation": conversation.pk}
            for conversation in waiting[:chat_selectors.free_slots(queue.pk)]]


@database_sync_to_async
def _snapshot(agent: Agent) -> list[dict[str, Any]]:
    followed = (list(chat_selectors.live_conversations()) if oversees_chats(agent)
                else _held(agent))
    return [_status_frame(agent),
            {"type": "conversations",
             "conversations": [_summary(conversation) for conversation in followed]},
            _line_frame(), *_offers_to(agent)]


@database_sync_to_async
def _status(agent: Agent) -> dict[str, Any]:
    return _status_frame(agent)


@database_sync_to_async
def _set_availability(agent: Agent, available: bool, capacity: Any,
                      language: str) -> dict[str, Any]:
    """The service checks the capacity (a whole number within bounds) when one is given."""
    with override(language):
        chat_services.set_availability(agent=agent, available=available, capacity=capacity)
    return _status_frame(agent)


@database_sync_to_async
def _act(agent: Agent, pk: int, action: str, language: str, text: str = "") -> dict[str, Any]:
    """Load the conversation as the agent may see it, call the one service, and say what
    the console should learn directly (the group frames may come before it follows)."""
    with override(language):
        if action == "message":  # the hot path: the service checks who may answer
            _answer(agent, pk, text)
            return {}
        try:
            conversation = chat_selectors.conversation_for_agent(agent=agent, pk=pk)
        except Conversation.DoesNotExist:
            raise Refused("not_found", NOT_FOUND) from None
        if action == "typing":
            chat_services.agent_typing(conversation=conversation, agent=agent)
            return {}
        if action == "accept":
            chat_services.accept_conversation(conversation=conversation, agent=agent)
            return {"type": "joined", "conversation": pk,
                    "agent": agent.user.first_name or short_name(agent), "agent_id": agent.pk}
        closed = chat_services.close_conversation(conversation=conversation, by=agent)
        reference = closed.ticket.reference if closed.ticket is not None else None
        return {"type": "closed", "conversation": pk, "reference": reference}


def _answer(agent: Agent, pk: int, text: str) -> None:
    """Post the agent's answer; a conversation the agent may not see is "not found",
    whatever the service's reason."""
    try:
        chat_services.post_agent_message(conversation=Conversation(pk=pk), agent=agent,
                                         text=text)
    except (ChatRefusal, Conversation.DoesNotExist):
        if not chat_selectors.conversations_for_agent(agent).filter(pk=pk).exists():
            raise Refused("not_found", NOT_FOUND) from None
        raise


def _language_of(scope: Any) -> str:
    """The console's language (the cookie the language switch sets), for the refusals."""
    chosen = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    codes = [code for code, _name in settings.LANGUAGES]
    return chosen if chosen in codes else settings.LANGUAGE_CODE


class ChatConsoleConsumer(JsonConsumer):
    agent: Agent | None = None
    language = "fr"
    followed: set[int]

    async def connect(self) -> None:
        self.followed = set()
        self.language = _language_of(self.scope)
        agent = await _agent_of(self.scope.get("user"))
        # Accept, then close with a code the page can read (a refused handshake has none),
        # so that it stops reconnecting.
        await self.accept()
        if agent is None:
            await self.close(code=UNAUTHORIZED)
            return
        if not may_chat(agent):
            await self.close(code=FORBIDDEN)
            return
        self.agent = agent
        # Joined before the snapshot is read: nothing said after it is missed.
        await self.channel_layer.group_add(chat_live.AGENTS_GROUP, self.channel_name)
        for pk in await _followed(agent):
            await self._follow(pk)
        for frame in await _snapshot(agent):
            await self.send_json(frame)

    async def disconnect(self, code: int) -> None:
        if self.agent is None:
            return
        await self.channel_layer.group_discard(chat_live.AGENTS_GROUP, self.channel_name)
        for pk in list(self.followed):
            await self._unfollow(pk)

    async def _follow(self, pk: int) -> None:
        if pk not in self.followed:
            self.followed.add(pk)
            await self.channel_layer.group_add(chat_live.conversation_group(pk),
                                               self.channel_name)

    async def _unfollow(self, pk: int) -> None:
        if pk in self.followed:
            self.followed.discard(pk)
            await self.channel_layer.group_discard(chat_live.conversation_group(pk),
                                                   self.channel_name)

    # --- Frames from the console -------------------------------------------------------------

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.agent is None:
            return
        try:
            await self._dispatch(self.agent, content)
        except Refused as refusal:
            await self._refuse(refusal.code, refusal.detail)
        except ChatRefusal as refusal:
            await self._refuse(refusal.code, refusal.detail)

    async def _refuse(self, code: str, detail: Any) -> None:
        with override(self.language):
            text = str(detail) if detail else gettext("Refused.")
        await self.send_json({"type": "error", "code": code, "detail": text})

    async def _dispatch(self, agent: Agent, content: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "availability":
            available = content.get("available")
            if not isinstance(available, bool):
                raise Refused("malformed", TRUE_OR_FALSE)
            await self.send_json(await _set_availability(
                agent, available, content.get("capacity"), self.language))
            return
        if kind not in ACTIONS:
            raise Refused("malformed", NOT_UNDERSTOOD)
        pk = content.get("conversation")
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
            raise Refused("malformed", NAME_THE_CONVERSATION)
        text = content.get("text")
        if kind == "message" and not isinstance(text, str):
            raise Refused("malformed", TEXT_NEEDED)
        following = pk in self.followed
        if kind == "accept":
            # Joined first: what the visitor writes the moment it is accepted is not missed.
            await self._follow(pk)
        try:
            told = await _act(agent, pk, kind, self.language, text or "")
        except (Refused, ChatRefusal):
            if kind == "accept" and not following:
                await self._unfollow(pk)
            raise
        if kind == "close" and not oversees_chats(agent):
            await self._unfollow(pk)
        if told:
            await self.send_json(told)
            await self.send_json(await _status(agent))

    # --- Group messages -----------------------------------------------------------------------

    async def chat_frame(self, event: dict[str, Any]) -> None:
        """A frame of a followed conversation, meant for the agents' side."""
        pk = event.get("conversation")
        if event.get("audience") not in ("agents", "all") or pk not in self.followed:
            return
        if event.get("sender") and event.get("sender") == self.channel_name:
            return
        frame = dict(event.get("frame") or {})
        await self.send_json({**frame, "conversation": pk})
        if frame.get("type") == "closed" and self.agent is not None:
            # The visitor left: the agent has room again.
            if not oversees_chats(self.agent):
                await self._unfollow(pk)
            await self.send_json(await _status(self.agent))

    async def chat_line(self, event: dict[str, Any]) -> None:
        """The waiting line changed. A supervisor follows every live conversation."""
        await self.send_json({"type": "line", "waiting": event.get("waiting", []),
                              "live": event.get("live", 0)})
        if self.agent is not None and oversees_chats(self.agent):
            live = set(await _followed(self.agent))
            for pk in live - self.followed:
                await self._follow(pk)
            for pk in self.followed - live:
                await self._unfollow(pk)

    async def chat_offer(self, event: dict[str, Any]) -> None:
        if self.agent is not None and self.agent.pk in event.get("agents", []):
            await self.send_json({"type": "offer", "conversation": event.get("conversation")})
