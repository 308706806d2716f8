"""The visitor's WebSocket, /ws/chat/, on the real (Redis) channel layer: the protocol of
the README frame by frame, refusals that keep the connection, floods that close it, and a
whole conversation with an agent acting through the services (as the console does)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from contactcenter.asgi import application
from contactcenter.chat import services
from contactcenter.chat.models import ChatMessage, Conversation
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests.chat.conftest import CALLER_MOBILE
from tests.chat.test_services import code_sent_to
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 5
ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(autouse=True)
def _isolated_live(settings) -> None:
    """A channel layer of this test's own (same Redis, own prefix)."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings.CHANNEL_LAYERS = {
        name: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": prefix}}
        if "redis" in config["BACKEND"] else config
        for name, config in django_settings.CHANNEL_LAYERS.items()}
    settings.BACKGROUND_MODE = "in-process"


@pytest.fixture(autouse=True)
def open_hours(monkeypatch) -> dict[str, bool]:
    """The call centre's hours, set by the test (its calendar is tested with the services)."""
    hours = {"open": True}
    monkeypatch.setattr(services, "call_centre_open", lambda now=None: hours["open"])
    return hours


def socket(query: str = "", headers: list[tuple[bytes, bytes]] | None = None
           ) -> WebsocketCommunicator:
    path = f"/ws/chat/?{query}" if query else "/ws/chat/"
    return WebsocketCommunicator(application, path, headers=[ORIGIN, *(headers or [])])


async def connected(query: str = "", headers: list[tuple[bytes, bytes]] | None = None
                    ) -> tuple[WebsocketCommunicator, dict[str, Any]]:
    visitor = socket(query, headers)
    ok, _subprotocol = await visitor.connect(timeout=TIMEOUT)
    assert ok
    welcome = await visitor.receive_json_from(timeout=TIMEOUT)
    assert welcome["type"] == "welcome", welcome
    return visitor, welcome


async def receive(visitor: WebsocketCommunicator) -> dict[str, Any]:
    return await visitor.receive_json_from(timeout=TIMEOUT)


async def receive_until(visitor: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    """The next frame of this type (the line's positions may come in between)."""
    for _frame in range(10):
        frame = await receive(visitor)
        if frame["type"] == kind:
            return frame
        assert frame["type"] == "queued", frame
    raise AssertionError(f"no {kind} frame")


async def closed_code(visitor: WebsocketCommunicator) -> int:
    for _frame in range(60):
        output = await visitor.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            return output["code"]
    raise AssertionError("not closed")


def conversation() -> Conversation:
    return Conversation.objects.get()


# --- Connecting -------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "headers", "language"), [
    ("", [], "fr"),
    ("lang=ar", [], "ar"),
    ("", [(b"cookie", b"csrftoken=x; django_language=ar")], "ar"),
    ("", [(b"accept-language", b"ar-MA,ar;q=0.9,fr;q=0.8")], "ar"),
    ("lang=fr", [(b"accept-language", b"ar")], "fr"),
    ("lang=xx", [(b"accept-language", b"en-GB,en")], "fr"),
])
def test_the_welcome_gives_the_token_and_the_language(chat_agent, query, headers,
                                                      language) -> None:
    async def scenario() -> dict[str, Any]:
        visitor, welcome = await connected(query, headers)
        assert await visitor.receive_nothing(timeout=0.2)  # in hours, an agent available
        await visitor.disconnect()
        return welcome

    welcome = async_to_sync(scenario)()
    assert welcome == {"type": "welcome", "conversation": conversation().token,
                       "language": language, "resumed": False}
    assert conversation().language == language
    assert conversation().visitor_left_at is not None  # the page went away


def test_out_of_hours_the_visitor_is_offered_to_leave_a_message(chat_agent,
                                                                open_hours) -> None:
    open_hours["open"] = False

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        visitor, _welcome = await connected()
        offline = await receive(visitor)
        await visitor.send_json_to({"type": "leave_message", "text": "Rappelez-moi",
                                    "phone": "0662000111"})
        left = await receive(visitor)
        await visitor.disconnect()
        return offline, left

    offline, left = async_to_sync(scenario)()
    assert offline == {"type": "offline", "reason": "closed_hours"}
    ticket = Ticket.objects.get()
    assert left == {"type": "message_left", "reference": ticket.reference}
    assert ticket.channel == "chat" and conversation().state == "left_message"


def test_with_nobody_available_the_visitor_is_told_at_once(chat_queue) -> None:
    async def scenario() -> dict[str, Any]:
        visitor, _welcome = await connected()
        frame = await receive(visitor)
        await visitor.disconnect()
        return frame

    assert async_to_sync(scenario)() == {"type": "offline", "reason": "nobody_available"}


def test_after_the_wait_limit_the_visitor_is_offered_to_leave_a_message(chat_agent,
                                                                        settings) -> None:
    settings.CHAT_WAIT_LIMIT = 1

    async def scenario() -> list[dict[str, Any]]:
        visitor, _welcome = await connected()
        await visitor.send_json_to({"type": "message", "text": "Bonjour"})
        frames = [await receive(visitor), await receive(visitor)]
        frames.append(await receive_until(visitor, "offline"))
        await visitor.disconnect()
        return frames

    message, queued, offline = async_to_sync(scenario)()
    assert message["type"] == "message" and queued == {"type": "queued", "position": 1}
    assert offline == {"type": "offline", "reason": "nobody_available"}


def test_without_a_chat_queue_the_socket_says_so_and_closes(db) -> None:
    async def scenario() -> tuple[dict[str, Any], int]:
        visitor = socket()
        ok, _subprotocol = await visitor.connect(timeout=TIMEOUT)
        assert ok
        return await receive(visitor), await closed_code(visitor)

    error, code = async_to_sync(scenario)()
    assert error["type"] == "error" and error["code"] == "unavailable" and code == 4503


# --- Refusals and limits ----------------------------------------------------------------------

def test_refused_frames_get_an_error_and_the_connection_stays_open(chat_agent,
                                                                   settings) -> None:
    settings.CHAT_FRAMES_PER_SECOND = 100  # (faster than a person: the test's pace)

    async def scenario() -> list[str]:
        visitor, _welcome = await connected()
        codes = []
        for raw in ["{not json", "[1, 2]", '"text"', '{"type": 3}', '{"type": "dance"}',
                    json.dumps({"type": "message", "text": ""}),
                    json.dumps({"type": "message", "text": "x" * 2001}),
                    json.dumps({"type": "message", "text": "x" * 5000}),
                    json.dumps({"type": "message", "text": "a\x00b"}),
                    json.dumps({"type": "message", "text": ["a"]}),
                    json.dumps({"type": "satisfaction", "score": 5})]:
            await visitor.send_to(text_data=raw)
            frame = await receive(visitor)
            assert frame["type"] == "error" and frame["detail"], frame
            codes.append(frame["code"])
        await visitor.send_to(bytes_data=b"\x00\x01")
        codes.append((await receive(visitor))["code"])
        await visitor.send_json_to({"type": "message", "text": "Toujours là"})
        assert (await receive(visitor))["text"] == "Toujours là"
        await visitor.disconnect()
        return codes

    assert async_to_sync(scenario)() == [
        "malformed", "malformed", "malformed", "malformed", "unknown_type", "empty",
        "too_long", "too_long", "malformed", "malformed", "not_closed", "malformed"]
    assert list(ChatMessage.objects.values_list("text", flat=True)) == ["Toujours là"]


def test_a_sixth_message_within_five_seconds_is_refused(chat_agent) -> None:
    async def scenario() -> list[str]:
        visitor, _welcome = await connected()
        kinds = []
        for number in range(6):
            await visitor.send_json_to({"type": "message", "text": f"Message {number}"})
            frame = await receive(visitor)
            while frame["type"] == "queued":
                frame = await receive(visitor)
            kinds.append(frame.get("code") or frame["type"])
        await visitor.disconnect()
        return kinds

    assert async_to_sync(scenario)() == ["message"] * 5 + ["rate_limited"]
    assert ChatMessage.objects.count() == 5


def test_too_many_frames_in_a_second_close_the_connection(chat_agent) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], int]:
        visitor, _welcome = await connected()
        for _frame in range(15):
            await visitor.send_json_to({"type": "typing"})
        frames = []
        while True:
            output = await visitor.receive_output(timeout=TIMEOUT)
            if output["type"] == "websocket.close":
                return frames, output["code"]
            frames.append(json.loads(output["text"]))

    frames, code = async_to_sync(scenario)()
    assert code == 4429
    assert frames[-1]["type"] == "error" and frames[-1]["code"] == "flood"


def test_too_many_refused_frames_in_a_minute_close_the_connection(chat_agent,
                                                                  settings) -> None:
    settings.CHAT_FRAMES_PER_SECOND = 1000

    async def scenario() -> tuple[list[str], int]:
        visitor, _welcome = await connected()
        for _frame in range(21):
            await visitor.send_to(text_data="nope")
        codes = [(await receive(visitor))["code"] for _frame in range(21)]
        return codes, await closed_code(visitor)

    codes, code = async_to_sync(scenario)()
    assert codes == ["malformed"] * 20 + ["flood"] and code == 4429


# --- A whole conversation ---------------------------------------------------------------------

def test_a_visitor_and_an_agent_talk_then_the_visitor_rates_the_chat(chat_agent: Agent) -> None:
    def accept() -> None:
        services.accept_conversation(conversation=conversation(), agent=chat_agent)

    def answer() -> None:
        services.post_agent_message(conversation=conversation(), agent=chat_agent,
                                    text="Bonjour, <b>je regarde</b>.")

    def close() -> None:
        services.close_conversation(conversation=conversation(), by=chat_agent)

    async def scenario() -> list[dict[str, Any]]:
        visitor, _welcome = await connected()
        await visitor.send_json_to({"type": "message", "text": "Ma pension ?"})
        frames = [await receive(visitor), await receive(visitor)]
        await sync_to_async(accept)()
        # (its own message once: only the line's positions come before the agent)
        frames.append(await receive_until(visitor, "joined"))
        await sync_to_async(answer)()
        frames.append(await receive_until(visitor, "message"))
        await visitor.send_json_to({"type": "typing"})
        await sync_to_async(close)()
        frames += [await receive(visitor), await receive(visitor)]
        await visitor.send_json_to({"type": "satisfaction", "score": 5})
        frames.append(await receive(visitor))
        await visitor.send_json_to({"type": "message", "text": "Merci"})
        frames.append(await receive(visitor))
        await visitor.disconnect()
        return frames

    mine, queued, joined, answer_frame, closed, survey, thanks, late = \
        async_to_sync(scenario)()
    assert mine["type"] == "message" and mine["from"] == "visitor"
    assert mine["text"] == "Ma pension ?"
    assert queued == {"type": "queued", "position": 1}
    assert joined == {"type": "joined", "agent": "Karim", "agent_id": chat_agent.pk}
    assert answer_frame["from"] == "agent" and answer_frame["text"] == "Bonjour, <b>je regarde</b>."
    assert closed == {"type": "closed", "reference": None, "by": "agent"}
    assert survey == {"type": "survey"} and thanks == {"type": "thanks"}
    assert late["type"] == "error" and late["code"] == "closed"
    assert conversation().satisfaction == 5


def test_the_visitor_ends_the_conversation_and_is_asked_once_if_an_agent_took_part(
        chat_agent: Agent) -> None:
    def accept() -> None:
        services.accept_conversation(conversation=conversation(), agent=chat_agent)

    async def scenario() -> list[dict[str, Any]]:
        visitor, _welcome = await connected()
        await visitor.send_json_to({"type": "message", "text": "Bonjour"})
        assert (await receive(visitor))["type"] == "message"
        await sync_to_async(accept)()
        await receive_until(visitor, "joined")
        await visitor.send_json_to({"type": "close"})
        frames = [await receive(visitor), await receive(visitor)]
        assert await visitor.receive_nothing(timeout=0.3)  # told once
        await visitor.disconnect()
        return frames

    assert async_to_sync(scenario)() == [{"type": "closed", "reference": None,
                                          "by": "visitor"}, {"type": "survey"}]
    assert conversation().state == "closed"


def test_a_visitor_who_met_nobody_is_not_asked_the_question(chat_agent: Agent) -> None:
    async def scenario() -> list[dict[str, Any]]:
        visitor, _welcome = await connected()
        await visitor.send_json_to({"type": "close"})
        frame = await receive(visitor)
        assert await visitor.receive_nothing(timeout=0.3)
        await visitor.disconnect()
        return frame

    assert async_to_sync(scenario)() == {"type": "closed", "reference": None,
                                         "by": "visitor"}


def test_a_page_that_reconnects_resumes_its_conversation_with_its_history(
        chat_agent: Agent) -> None:
    def accept() -> None:
        services.accept_conversation(conversation=conversation(), agent=chat_agent)

    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        first, welcome = await connected()
        await first.send_json_to({"type": "message", "text": "Bonjour"})
        await receive(first)
        await first.disconnect()
        await sync_to_async(accept)()
        again, resumed = await connected(f"resume={welcome['conversation']}")
        frames = [await receive(again), await receive(again)]
        await again.disconnect()
        return resumed, frames

    resumed, (history, joined) = async_to_sync(scenario)()
    assert resumed["conversation"] == conversation().token and resumed["resumed"] is True
    assert [(m["from"], m["text"]) for m in history["messages"]] == [("visitor", "Bonjour")]
    assert joined["type"] == "joined" and joined["agent"] == "Karim"
    assert Conversation.objects.count() == 1


def test_an_unknown_token_starts_a_new_conversation(chat_agent: Agent) -> None:
    async def scenario() -> dict[str, Any]:
        visitor, welcome = await connected("resume=forged-token")
        await visitor.disconnect()
        return welcome

    welcome = async_to_sync(scenario)()
    assert welcome["resumed"] is False and welcome["conversation"] != "forged-token"


def test_a_visitor_identifies_with_a_code_sent_to_the_mobile_on_record(
        chat_agent: Agent, caller: Customer) -> None:
    async def scenario() -> list[dict[str, Any]]:
        visitor, _welcome = await connected()
        await visitor.send_json_to({"type": "identify", "identifier": "BE123456"})
        sent = await receive(visitor)
        code = await sync_to_async(code_sent_to)(CALLER_MOBILE)
        await visitor.send_json_to({"type": "code", "code": code})
        identified = await receive(visitor)
        assert await visitor.receive_nothing(timeout=0.3)  # told once
        await visitor.disconnect()
        return [sent, identified]

    sent, identified = async_to_sync(scenario)()
    assert sent["type"] == "code_sent" and sent["detail"]
    assert CALLER_MOBILE not in sent["detail"] and "4567" not in sent["detail"]
    assert identified == {"type": "identified", "name": "Fatima"}
    assert conversation().customer == caller and conversation().identified_by == "cin"


def test_on_the_quick_starts_in_memory_layer_the_agent_reaches_the_visitor_at_once(
        chat_agent: Agent, settings) -> None:
    """One process, one event loop for the sockets: what an agent does from another
    thread is handed to that loop, not left waiting for it to wake."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    def accept() -> None:
        services.accept_conversation(conversation=conversation(), agent=chat_agent)

    def answer(text: str) -> None:
        services.post_agent_message(conversation=conversation(), agent=chat_agent, text=text)

    async def next_frame(visitor: WebsocketCommunicator) -> dict[str, Any]:
        while True:
            frame = await visitor.receive_json_from(timeout=0.5)
            if frame["type"] != "queued":
                return frame

    async def scenario() -> list[dict[str, Any]]:
        visitor, _welcome = await connected()
        await visitor.send_json_to({"type": "message", "text": "Allô ?"})
        frames = [await receive(visitor)]
        await sync_to_async(accept)()
        frames.append(await next_frame(visitor))
        for text in ("Bonjour", "Je regarde"):
            await sync_to_async(answer)(text)
            frames.append(await next_frame(visitor))
        await visitor.disconnect()
        return frames

    mine, joined, first, second = async_to_sync(scenario)()
    assert mine["from"] == "visitor" and joined["type"] == "joined"
    assert [first["text"], second["text"]] == ["Bonjour", "Je regarde"]
