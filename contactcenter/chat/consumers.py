"""The visitor's WebSocket (`/ws/chat/`): the public side of the web chat, JSON frames as
documented in the README ("The web chat's protocol").

Public and unauthenticated, so it guards itself: every frame is checked (JSON, size,
types), a refused one is answered {"type": "error", "code", "detail"} and the connection
stays open; a visitor sending messages too fast is told to slow down ("rate_limited"); a
flood (too many frames in a second, or too many refused in a minute) gets a last error
frame and is closed with code 4429. What is said is stored by chat.services before it is
shown to anyone; this consumer only translates frames to service calls and back.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from contactcenter import client_address
from contactcenter.chat import live, selectors, services
from contactcenter.chat.exceptions import ChatRefusal
from contactcenter.chat.models import MAX_MESSAGE_CHARACTERS, ChatMessage, Conversation
from contactcenter.websocket import MAX_FRAME_CHARACTERS, JsonConsumer

FLOODED = 4429
UNAVAILABLE = 4503
TYPING_EVERY = 2.0  # seconds between two typing notices passed on


def language_of(scope: Mapping[str, Any]) -> str:
    """The page's language: ?lang=, else the django_language cookie, else the browser's
    Accept-Language; French by default."""
    supported = dict(settings.LANGUAGES)
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    asked = query.get("lang", [""])[0]
    if asked in supported:
        return asked
    headers = dict(scope.get("headers", []))
    cookies = headers.get(b"cookie", b"").decode("latin-1")
    for cookie in cookies.split(";"):
        name, _sep, value = cookie.strip().partition("=")
        if name == settings.LANGUAGE_COOKIE_NAME and value in supported:
            return value
    accepted = headers.get(b"accept-language", b"").decode("latin-1")
    for language, _quality in parse_accept_lang_header(accepted):
        if language[:2] in supported:
            return language[:2]
    return str(settings.LANGUAGE_CODE)


def _resume_token(scope: Mapping[str, Any]) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return query.get("resume", [""])[0][:64]


def _history(conversation: Conversation) -> list[dict[str, Any]]:
    return [services.message_frame(message) for message in selectors.messages_of(conversation)]


def _state_frames(conversation: Conversation) -> list[dict[str, Any]]:
    """What a page that (re)connects needs to know besides the messages."""
    frames: list[dict[str, Any]] = []
    if conversation.customer is not None and conversation.is_identified:
        frames.append({"type": "identified", "name": conversation.customer.first_name})
    position = selectors.queue_position(conversation)
    if position is not None:
        frames.append({"type": "queued", "position": position})
    if conversation.state == Conversation.State.ACTIVE and conversation.agent is not None:
        frames.append({"type": "joined", "agent": conversation.agent.user.first_name,
                       "agent_id": conversation.agent_id})
    return frames


def _offline_reason(conversation: Conversation, *, now: datetime) -> str | None:
    """Why the visitor should leave a message instead of waiting, if they should."""
    if conversation.state != Conversation.State.WAITING:
        return None
    if not services.call_centre_open(now):
        return "closed_hours"
    if not selectors.anyone_available(conversation.queue_id):
        return "nobody_available"
    return None


@database_sync_to_async
def _open(token: str, language: str, client_ip: str | None
          ) -> tuple[Conversation, bool, list[dict[str, Any]]]:
    """The conversation resumed (with its history and state) or a new one."""
    conversation = services.resume_conversation(token=token) if token else None
    if conversation is not None:
        return conversation, True, [{"type": "history", "messages": _history(conversation)},
                                    *_state_frames(conversation)]
    return services.start_conversation(language=language, client_ip=client_ip), False, []


@database_sync_to_async
def _call(function: Callable[..., Any], **kwargs: Any) -> Any:
    return function(**kwargs)


class VisitorConsumer(JsonConsumer):
    conversation: Conversation | None = None
    language = "fr"
    wait_timer: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        live.sockets_run_on(asyncio.get_running_loop())
        self.language = language_of(self.scope)
        self.frames: deque[float] = deque()
        self.refusals: deque[float] = deque()
        self.messages: deque[float] = deque()
        self.last_typing = 0.0
        await self.accept()
        try:
            conversation, resumed, catch_up = await _open(
                _resume_token(self.scope), self.language, client_address.of_scope(self.scope))
        except ChatRefusal as refusal:
            await self._send_error(refusal.code, refusal.detail)
            await self.close(code=UNAVAILABLE)
            return
        self.conversation = conversation
        self.language = conversation.language
        await self.channel_layer.group_add(live.conversation_group(conversation.pk),
                                           self.channel_name)
        await self.send_json({"type": "welcome", "conversation": conversation.token,
                              "language": conversation.language, "resumed": resumed})
        for frame in catch_up:
            await self.send_json(frame)
        await self._tell_if_offline()
        self._start_wait_timer()

    async def disconnect(self, code: int) -> None:
        if self.wait_timer is not None:
            self.wait_timer.cancel()
        if self.conversation is not None:
            await self.channel_layer.group_discard(
                live.conversation_group(self.conversation.pk), self.channel_name)
            await _call(services.visitor_left, conversation=self.conversation)

    # --- Frames from the visitor -------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None,
                      **kwargs: Any) -> None:
        if self.conversation is None:
            return
        if self._flooding(self.frames, limit=settings.CHAT_FRAMES_PER_SECOND, within=1.0):
            await self._close_flooded()
            return
        content = None
        if text_data is not None and len(text_data) <= MAX_FRAME_CHARACTERS:
            content = await self.decode_json(text_data)
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            if text_data is not None and len(text_data) > MAX_FRAME_CHARACTERS:
                await self._refuse("too_long", _("The message is too long: %(limit)s "
                                                 "characters at most.")
                                   % {"limit": MAX_MESSAGE_CHARACTERS})
            else:
                await self._refuse("malformed", _("This frame could not be read."))
            return
        handler = self.handlers.get(content["type"])
        if handler is None:
            await self._refuse("unknown_type", _("This frame could not be read."))
            return
        try:
            with translation.override(self.language):
                await handler(self, content)
        except ChatRefusal as refusal:
            await self._refuse(refusal.code, refusal.detail)

    async def on_message(self, content: dict[str, Any]) -> None:
        assert self.conversation is not None
        window = float(settings.CHAT_MESSAGE_WINDOW_SECONDS)
        if self._flooding(self.messages, limit=settings.CHAT_MESSAGES_PER_WINDOW,
                          within=window):
            raise ChatRefusal("rate_limited", _("You are writing too fast: wait a few "
                                                "seconds."))
        was_in_line = self.conversation.waiting_since is not None
        message: ChatMessage = await _call(
            services.post_visitor_message, conversation=self.conversation,
            text=content.get("text"), sender=self.channel_name)
        await self.send_json(services.message_frame(message))
        if not was_in_line and self.conversation.waiting_since is not None:
            position = await _call(selectors.queue_position, conversation=self.conversation)
            if position is not None:
                await self.send_json({"type": "queued", "position": position})
            self._start_wait_timer()

    async def on_typing(self, content: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.last_typing >= TYPING_EVERY:  # (the others are dropped silently)
            self.last_typing = now
            await _call(services.visitor_typing, conversation=self.conversation)

    async def on_identify(self, content: dict[str, Any]) -> None:
        await _call(services.request_identification, conversation=self.conversation,
                    identifier=content.get("identifier"))
        await self.send_json({"type": "code_sent", "detail": _(
            "If this number is on our records, a code was sent by SMS to the mobile number "
            "we have for it. Type the code here.")})

    async def on_code(self, content: dict[str, Any]) -> None:
        conversation = await _call(services.verify_identification,
                                   conversation=self.conversation, code=content.get("code"),
                                   sender=self.channel_name)
        await self.send_json({"type": "identified", "name": conversation.customer.first_name})

    async def on_leave_message(self, content: dict[str, Any]) -> None:
        ticket = await _call(services.leave_message, conversation=self.conversation,
                             text=content.get("text"), phone=content.get("phone") or "")
        self._stop_wait_timer()
        await self.send_json({"type": "message_left", "reference": ticket.reference})

    async def on_close(self, content: dict[str, Any]) -> None:
        assert self.conversation is not None
        await _call(services.close_conversation, conversation=self.conversation, by=None,
                    sender=self.channel_name)
        self._stop_wait_timer()
        await self.send_json(services.closed_frame(self.conversation, by=None))
        if services.asks_satisfaction(self.conversation):
            await self.send_json({"type": "survey"})

    async def on_satisfaction(self, content: dict[str, Any]) -> None:
        await _call(services.record_conversation_satisfaction,
                    conversation=self.conversation, score=content.get("score"))
        await self.send_json({"type": "thanks"})

    handlers = {
        "message": on_message,
        "typing": on_typing,
        "identify": on_identify,
        "code": on_code,
        "leave_message": on_leave_message,
        "close": on_close,
        "satisfaction": on_satisfaction,
    }

    # --- Frames from the agents' side --------------------------------------------------------

    async def chat_frame(self, event: dict[str, Any]) -> None:
        if event.get("audience") not in ("visitor", "all"):
            return
        if event.get("sender") and event.get("sender") == self.channel_name:
            return
        frame = event.get("frame") or {}
        if frame.get("type") in ("joined", "closed"):
            self._stop_wait_timer()
        await self.send_json(frame)

    # --- Limits and waiting ------------------------------------------------------------------

    @staticmethod
    def _flooding(stamps: deque[float], *, limit: int, within: float) -> bool:
        """Count one more event; True when more than `limit` fell within `within` seconds."""
        now = time.monotonic()
        stamps.append(now)
        while stamps and stamps[0] < now - within:
            stamps.popleft()
        return len(stamps) > limit

    async def _refuse(self, code: str, detail: str) -> None:
        if self._flooding(self.refusals, limit=settings.CHAT_REFUSALS_PER_MINUTE,
                          within=60.0):
            await self._close_flooded()
            return
        await self._send_error(code, detail)

    async def _send_error(self, code: str, detail: str) -> None:
        await self.send_json({"type": "error", "code": code, "detail": detail})

    async def _close_flooded(self) -> None:
        with translation.override(self.language):
            detail = _("Too many messages: the conversation is interrupted. Reload the page "
                       "to continue.")
        await self._send_error("flood", detail)
        await self.close(code=FLOODED)

    async def _tell_if_offline(self) -> None:
        assert self.conversation is not None
        reason = await _call(_offline_reason, conversation=self.conversation,
                             now=timezone.now())
        if reason is not None:
            await self.send_json({"type": "offline", "reason": reason})

    def _start_wait_timer(self) -> None:
        """Offer to leave a message once the visitor has waited CHAT_WAIT_LIMIT seconds in
        the line (checked by this socket: no daemon)."""
        conversation = self.conversation
        if (self.wait_timer is not None or conversation is None
                or conversation.state != Conversation.State.WAITING
                or conversation.waiting_since is None):
            return
        waited = (timezone.now() - conversation.waiting_since).total_seconds()
        delay = max(settings.CHAT_WAIT_LIMIT - waited, 0.0)
        self.wait_timer = asyncio.ensure_future(self._offer_message_after(delay))

    def _stop_wait_timer(self) -> None:
        if self.wait_timer is not None:
            self.wait_timer.cancel()

    async def _offer_message_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        assert self.conversation is not None
        current = await _call(selectors.conversation_by_id, pk=self.conversation.pk)
        if current is not None and current.state == Conversation.State.WAITING:
            await self.send_json({"type": "offline", "reason": "nobody_available"})
