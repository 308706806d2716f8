"""The agents' chat socket (/ws/desk/chat/) on the real channel layer: what the console
learns on connecting, accepting, answering (the visitor's group hears it), typing both
ways, closing, and refusals that keep the connection open."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from contactcenter.asgi import application
from contactcenter.chat import selectors as chat_selectors
from contactcenter.chat import services as chat_services
from contactcenter.chat.models import ChatMessage, Conversation
from tests.desk.test_chat_console import (
    customer_who_can_identify,
    identified,
    waiting_conversation,
)
from tests.desk.test_presence import TIMEOUT, _headers

pytestmark = pytest.mark.django_db(transaction=True)


def _socket(headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, "/ws/desk/chat/", headers=headers)


async def _connected(socket: WebsocketCommunicator) -> dict[str, dict[str, Any]]:
    """Connect; the snapshot's three frames by type."""
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    frames = [await socket.receive_json_from(timeout=TIMEOUT) for _ in range(3)]
    return {frame["type"]: frame for frame in frames}


async def _until(socket: WebsocketCommunicator, kind: str, **match: Any) -> dict[str, Any]:
    """The next frame of this type (and these values), skipping the others (line changes,
    offers, status) that arrive in between."""
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == kind and all(frame.get(key) == value
                                         for key, value in match.items()):
            return frame


class Visitor:
    """The visitor's side of a conversation's group, as the visitor's socket joins it."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.layer = get_channel_layer()
        self.channel = ""

    async def join(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(f"chat.{self.pk}", self.channel)

    async def hears(self, kind: str) -> dict[str, Any]:
        """The next frame meant for the visitor of this type."""
        while True:
            message = await asyncio.wait_for(self.layer.receive(self.channel), TIMEOUT)
            if (message["audience"] in ("visitor", "all")
                    and message["frame"]["type"] == kind):
                return message["frame"]


def test_the_console_gets_its_status_its_conversations_and_the_line_on_connecting(
        chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Bonjour, ma pension n'est pas arrivée.")

    headers = _headers(chat_agent)

    async def scenario() -> dict[str, dict[str, Any]]:
        socket = _socket(headers)
        frames = await _connected(socket)
        frames["offer"] = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.disconnect()
        return frames

    frames = async_to_sync(scenario)()
    # The agent has room: the oldest waiting conversation stands offered to them.
    assert frames["offer"] == {"type": "offer", "conversation": conversation.pk}
    assert frames["status"] == {"type": "status", "available": True, "capacity": 3,
                                "held": 0}
    assert frames["conversations"]["conversations"] == []
    assert [entry["id"] for entry in frames["line"]["waiting"]] == [conversation.pk]
    assert frames["line"]["waiting"][0]["identified"] is False
    assert frames["line"]["live"] == 1


def test_accepting_then_answering_reaches_the_visitor_and_the_console(
        chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Bonjour, ma pension n'est pas arrivée.")
    visitor = Visitor(conversation.pk)

    headers = _headers(chat_agent)

    async def scenario() -> tuple[dict[str, Any], ...]:
        await visitor.join()
        socket = _socket(headers)
        await _connected(socket)
        await socket.send_json_to({"type": "accept", "conversation": conversation.pk})
        joined = await _until(socket, "joined")
        status = await _until(socket, "status")
        joined_told = await visitor.hears("joined")
        await socket.send_json_to({"type": "message", "conversation": conversation.pk,
                                   "text": "Bonjour, je regarde votre dossier."})
        heard = await visitor.hears("message")
        echoed = await _until(socket, "message")
        await socket.disconnect()
        return joined, status, joined_told, heard, echoed

    joined, status, joined_told, heard, echoed = async_to_sync(scenario)()
    assert joined == {"type": "joined", "conversation": conversation.pk, "agent": "Karim",
                      "agent_id": chat_agent.pk}
    assert status["held"] == 1
    assert joined_told["agent"] == "Karim"
    assert (heard["from"], heard["text"]) == ("agent", "Bonjour, je regarde votre dossier.")
    # Every console showing the conversation, the sender's included, shows the answer.
    assert (echoed["conversation"], echoed["from"], echoed["text"]) == (
        conversation.pk, "agent", "Bonjour, je regarde votre dossier.")
    fresh = Conversation.objects.get(pk=conversation.pk)
    assert (fresh.state, fresh.agent_id) == (Conversation.State.ACTIVE, chat_agent.pk)
    assert list(fresh.messages.values_list("sender", flat=True)) == ["visitor", "agent"]


def test_typing_goes_both_ways(chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Allô ?")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    visitor = Visitor(conversation.pk)

    headers = _headers(chat_agent)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        await visitor.join()
        socket = _socket(headers)
        frames = await _connected(socket)
        assert [held["id"] for held in frames["conversations"]["conversations"]] == [
            conversation.pk]
        await socket.send_json_to({"type": "typing", "conversation": conversation.pk})
        agent_typing = await visitor.hears("typing")
        await sync_to_async(chat_services.visitor_typing)(conversation=conversation)
        visitor_typing = await _until(socket, "typing")
        await socket.disconnect()
        return agent_typing, visitor_typing

    agent_typing, visitor_typing = async_to_sync(scenario)()
    assert agent_typing == {"type": "typing"}
    assert visitor_typing == {"type": "typing", "conversation": conversation.pk}


def test_the_visitors_messages_reach_the_console_holding_the_conversation(
        chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Allô ?")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)

    headers = _headers(chat_agent)

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        await _connected(socket)
        await sync_to_async(chat_services.post_visitor_message)(
            conversation=conversation, text="Mon immatriculation est 123456789")
        told = await _until(socket, "message")
        await socket.disconnect()
        return told

    told = async_to_sync(scenario)()
    assert (told["conversation"], told["from"], told["text"]) == (
        conversation.pk, "visitor", "Mon immatriculation est 123456789")


def test_closing_ends_the_conversation_for_the_visitor_with_the_survey(
        chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Merci")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    visitor = Visitor(conversation.pk)

    headers = _headers(chat_agent)

    async def scenario() -> tuple[dict[str, Any], ...]:
        await visitor.join()
        socket = _socket(headers)
        await _connected(socket)
        await socket.send_json_to({"type": "close", "conversation": conversation.pk})
        closed = await _until(socket, "closed")
        status = await _until(socket, "status")
        ended = await visitor.hears("closed")
        survey = await visitor.hears("survey")
        await socket.disconnect()
        return closed, status, ended, survey

    closed, status, ended, survey = async_to_sync(scenario)()
    assert closed == {"type": "closed", "conversation": conversation.pk, "reference": None}
    assert status["held"] == 0
    assert ended["reference"] is None
    assert survey == {"type": "survey"}
    assert Conversation.objects.get(pk=conversation.pk).state == Conversation.State.CLOSED


def test_a_refused_frame_gets_an_error_and_the_connection_stays_open(
        chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)

    headers = _headers(chat_agent)

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(headers)
        await _connected(socket)
        told = []
        for frame in ("not json {", {"type": "dance"},
                      {"type": "message", "conversation": "one", "text": "x"},
                      {"type": "message", "conversation": conversation.pk, "text": "   "},
                      {"type": "message", "conversation": conversation.pk, "text": "x" * 2001},
                      {"type": "message", "conversation": conversation.pk},
                      {"type": "availability", "available": "yes"}):
            if isinstance(frame, str):
                await socket.send_to(text_data=frame)
            else:
                await socket.send_json_to(frame)
            told.append(await _until(socket, "error"))
        # Still connected: the next frame is carried out.
        await socket.send_json_to({"type": "message", "conversation": conversation.pk,
                                   "text": "Je vous écoute."})
        told.append(await _until(socket, "message"))
        await socket.disconnect()
        return told

    told = async_to_sync(scenario)()
    assert [frame.get("code") for frame in told[:-1]] == [
        "malformed", "malformed", "malformed", "empty", "too_long", "malformed", "malformed"]
    assert all(frame["detail"] for frame in told[:-1])
    assert told[-1]["text"] == "Je vous écoute."
    # Nothing of the refused frames was stored.
    assert list(ChatMessage.objects.filter(conversation=conversation)
                .values_list("text", flat=True)) == ["Bonjour", "Je vous écoute."]


def test_refusals_are_in_the_consoles_language(chat_agent, isolated_live) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    headers = [*_headers(chat_agent)]
    headers = [(name, value + b"; django_language=ar") if name == b"cookie" else (name, value)
               for name, value in headers]

    async def scenario() -> dict[str, Any]:
        socket = WebsocketCommunicator(application, "/ws/desk/chat/", headers=headers)
        await _connected(socket)
        await socket.send_json_to({"type": "dance", "conversation": conversation.pk})
        told = await _until(socket, "error")
        await socket.disconnect()
        return told

    told = async_to_sync(scenario)()
    assert told == {"type": "error", "code": "malformed",
                    "detail": "هذه الرسالة غير مفهومة."}
    assert any("\u0600" <= letter <= "\u06ff" for letter in told["detail"]), told["detail"]


def test_an_agent_at_capacity_is_refused_the_next_conversation(chat_agent,
                                                                isolated_live) -> None:
    chat_services.set_availability(agent=chat_agent, available=True, capacity=1)
    first = waiting_conversation("Premier")
    second = waiting_conversation("Second")

    headers = _headers(chat_agent)

    async def scenario() -> tuple[dict[str, Any], ...]:
        socket = _socket(headers)
        await _connected(socket)
        await socket.send_json_to({"type": "accept", "conversation": first.pk})
        joined = await _until(socket, "joined")
        await socket.send_json_to({"type": "accept", "conversation": second.pk})
        refused = await _until(socket, "error")
        # Refused, the console does not follow that conversation.
        await sync_to_async(chat_services.post_visitor_message)(
            conversation=second, text="Toujours là ?")
        await sync_to_async(chat_services.post_visitor_message)(
            conversation=first, text="Merci")
        told = await _until(socket, "message")
        await socket.disconnect()
        return joined, refused, told

    joined, refused, told = async_to_sync(scenario)()
    assert joined["conversation"] == first.pk
    assert refused["code"] == "full"
    assert (told["conversation"], told["text"]) == (first.pk, "Merci")
    assert Conversation.objects.get(pk=second.pk).state == Conversation.State.WAITING


def test_a_conversation_taken_by_another_agent_cannot_be_answered(
        chat_agent, second_agent, isolated_live) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=second_agent)

    headers = _headers(chat_agent)

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(headers)
        await _connected(socket)
        told = []
        for kind in ("accept", "message", "close"):
            await socket.send_json_to({"type": kind, "conversation": conversation.pk,
                                       "text": "Je prends"})
            told.append(await _until(socket, "error"))
        await socket.disconnect()
        return told

    told = async_to_sync(scenario)()
    assert [frame["code"] for frame in told] == ["not_found"] * 3
    assert not ChatMessage.objects.filter(conversation=conversation, sender="agent").exists()


def test_availability_is_switched_from_the_console(chat_agent, isolated_live) -> None:
    headers = _headers(chat_agent)

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(headers)
        await _connected(socket)
        told = []
        for available in (False, True):
            await socket.send_json_to({"type": "availability", "available": available})
            told.append(await _until(socket, "status"))
        await socket.disconnect()
        return told

    away, back = async_to_sync(scenario)()
    assert (away["available"], back["available"]) == (False, True)


def test_the_capacity_is_set_with_the_availability_within_bounds(chat_agent,
                                                                 isolated_live) -> None:
    headers = _headers(chat_agent)

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(headers)
        await _connected(socket)
        told = []
        for capacity in (5, 0, "2", 11):
            await socket.send_json_to({"type": "availability", "available": True,
                                       "capacity": capacity})
            told.append(await _until(socket, "status" if capacity == 5 else "error"))
        await socket.disconnect()
        return told

    told = async_to_sync(scenario)()
    assert (told[0]["type"], told[0]["capacity"]) == ("status", 5)
    assert [frame.get("code") for frame in told[1:]] == ["invalid_capacity"] * 3
    assert chat_selectors.status_of(chat_agent).capacity == 5


def test_an_offer_reaches_the_available_agents_console(chat_agent, isolated_live) -> None:
    headers = _headers(chat_agent)

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        await _connected(socket)
        conversation = await sync_to_async(waiting_conversation)("Bonjour")
        line = await _until(socket, "line")
        offer = await _until(socket, "offer")
        assert [entry["id"] for entry in line["waiting"]] == [conversation.pk]
        await socket.disconnect()
        return {"offer": offer, "pk": conversation.pk}

    told = async_to_sync(scenario)()
    assert told["offer"] == {"type": "offer", "conversation": told["pk"]}


def test_a_supervisor_follows_every_live_conversation(chat_agent, supervisor,
                                                      isolated_live) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)

    headers = _headers(supervisor)

    async def scenario() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        socket = _socket(headers)
        frames = await _connected(socket)
        await sync_to_async(chat_services.post_agent_message)(
            conversation=conversation, agent=chat_agent, text="Bonjour madame")
        told = await _until(socket, "message")
        await socket.disconnect()
        return frames, told

    frames, told = async_to_sync(scenario)()
    assert [(held["id"], held["agent"]) for held in frames["conversations"]["conversations"]
            ] == [(conversation.pk, chat_agent.pk)]
    assert told["text"] == "Bonjour madame"


@pytest.mark.parametrize("who", ["anonymous", "handler", "agent"])
def test_who_does_not_chat_is_closed(who, handler, agent, isolated_live) -> None:
    someone = {"anonymous": None, "handler": handler, "agent": agent}[who]

    headers = _headers(someone)

    async def scenario() -> Any:
        socket = _socket(headers)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        closing = await socket.receive_output(timeout=TIMEOUT)
        await socket.disconnect()
        return closing

    closing = async_to_sync(scenario)()
    assert closing == {"type": "websocket.close",
                       "code": 4401 if someone is None else 4403}


def test_the_console_learns_when_its_visitor_is_identified(chat_agent, agency_a,
                                                           isolated_live) -> None:
    chat_caller = customer_who_can_identify(agency_a)
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    headers = _headers(chat_agent)

    async def scenario() -> dict[str, Any]:
        socket = _socket(headers)
        await _connected(socket)
        await sync_to_async(identified)(conversation, chat_caller)
        told = await _until(socket, "identified")
        await socket.disconnect()
        return told

    told = async_to_sync(scenario)()
    assert (told["conversation"], told["name"]) == (conversation.pk, "Fatima")
