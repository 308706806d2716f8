"""The web chat's conversations through the API: the same services and rules as the agents'
console (who sees which conversation, who may accept and answer), the chat's refusals as
400 or 409 with the chat's code and nothing changed, and a message sent through the API
reaching the visitor's WebSocket."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from contactcenter.asgi import application
from contactcenter.audit.models import AccessLogEntry
from contactcenter.chat import services as chat_services
from contactcenter.chat.models import ChatMessage, Conversation
from contactcenter.org.models import Agent, Direction, Queue
from tests import factories
from tests.api.conftest import api_client_for
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

TIMEOUT = 5


@pytest.fixture(autouse=True)
def _call_centre_always_open(monkeypatch):
    """The chat's hours are not what these tests are about."""
    monkeypatch.setattr(chat_services, "call_centre_open", lambda now=None: True)


@pytest.fixture
def chat_queue(db) -> Queue:
    direction = factories.DirectionFactory(code="CC", kind=Direction.Kind.CALL_CENTRE)
    return factories.QueueFactory(code="CC-CHAT", agency=None, direction=direction)


def _chat_agent(queue: Queue, username: str, *, capacity: int = 3) -> Agent:
    agent = factories.AgentFactory(user__username=username, user__first_name=username.title(),
                                   role=Agent.Role.CALL_CENTRE, agency=None,
                                   direction=queue.direction)
    agent.queues.add(queue)
    chat_services.set_availability(agent=agent, available=True, capacity=capacity)
    return agent


@pytest.fixture
def karim(chat_queue) -> Agent:
    return _chat_agent(chat_queue, "karim")


@pytest.fixture
def salma(chat_queue) -> Agent:
    return _chat_agent(chat_queue, "salma")


def _waiting(text: str = "Bonjour, mes allocations ne sont pas versées.") -> Conversation:
    conversation = chat_services.start_conversation(language="fr")
    chat_services.post_visitor_message(conversation=conversation, text=text)
    return conversation


def _active(agent: Agent) -> Conversation:
    return chat_services.accept_conversation(conversation=_waiting(), agent=agent)


def _url(conversation: Conversation, action: str = "") -> str:
    return f"/api/v1/conversations/{conversation.pk}/" + (f"{action}/" if action else "")


# --- Reading -----------------------------------------------------------------------------------

def test_an_agent_lists_the_waiting_line_and_their_own_never_a_colleagues(karim,
                                                                          salma) -> None:
    waiting, mine, theirs = _waiting(), _active(karim), _active(salma)
    answer = api_client_for(karim).get("/api/v1/conversations/")
    assert answer.status_code == 200
    listed = {item["id"]: item for item in answer.json()["results"]}
    assert set(listed) == {waiting.pk, mine.pk}
    assert theirs.pk not in listed
    assert listed[mine.pk]["state"] == "active" and listed[mine.pk]["agent"] == karim.pk
    assert listed[mine.pk]["agent_name"] == karim.display_name
    assert listed[waiting.pk]["agent"] is None and listed[waiting.pk]["queue"] == "CC-CHAT"
    assert all("token" not in item for item in listed.values())  # the visitor's key


def test_the_list_filters_by_state_and_refuses_an_unknown_one(karim) -> None:
    waiting, mine = _waiting(), _active(karim)
    client = api_client_for(karim)
    answer = client.get("/api/v1/conversations/", {"state": "waiting"})
    assert [item["id"] for item in answer.json()["results"]] == [waiting.pk]
    answer = client.get("/api/v1/conversations/", {"state": "active"})
    assert [item["id"] for item in answer.json()["results"]] == [mine.pk]
    answer = client.get("/api/v1/conversations/", {"state": "sleeping"})
    assert answer.status_code == 400 and "state" in answer.json()


def test_supervisors_see_every_conversation(karim, salma, supervisor) -> None:
    both = {_active(karim).pk, _active(salma).pk}
    answer = api_client_for(supervisor).get("/api/v1/conversations/")
    assert {item["id"] for item in answer.json()["results"]} == both


def test_an_agent_outside_the_chat_queue_sees_none(agent, karim) -> None:
    waiting = _waiting()
    client = api_client_for(agent)
    assert client.get("/api/v1/conversations/").json()["results"] == []
    assert client.get(_url(waiting)).status_code == 404
    assert client.post(_url(waiting, "accept")).status_code == 404
    assert Conversation.objects.get(pk=waiting.pk).state == "waiting"


def test_a_conversation_comes_with_its_messages_in_order_and_the_reading_is_logged(
        karim) -> None:
    conversation = _active(karim)
    chat_services.post_agent_message(conversation=conversation, agent=karim,
                                     text="Bonjour, je regarde votre dossier.")
    answer = api_client_for(karim).get(_url(conversation))
    assert answer.status_code == 200
    body = answer.json()
    assert body["id"] == conversation.pk and body["state"] == "active"
    assert [(m["sender"], m["text"]) for m in body["messages"]] == [
        ("visitor", "Bonjour, mes allocations ne sont pas versées."),
        ("agent", "Bonjour, je regarde votre dossier.")]
    assert body["messages"][1]["agent_name"] == karim.display_name
    assert body["queue_position"] is None and body["identified"] is False
    logged = AccessLogEntry.objects.get(kind="conversation")
    assert logged.object_id == str(conversation.pk) and logged.channel == "api"


def test_a_waiting_conversation_says_its_place_in_line(karim) -> None:
    first, second = _waiting(), _waiting()
    client = api_client_for(karim)
    assert client.get(_url(first)).json()["queue_position"] == 1
    assert client.get(_url(second)).json()["queue_position"] == 2


def test_the_conversations_need_a_token() -> None:
    from django.test import Client
    assert Client().get("/api/v1/conversations/").status_code == 401


# --- Accepting ---------------------------------------------------------------------------------

def test_the_first_agent_to_accept_has_it_and_no_one_else(karim, salma, supervisor,
                                                          chat_queue) -> None:
    waiting = _waiting()
    answer = api_client_for(karim).post(_url(waiting, "accept"))
    assert answer.status_code == 200
    assert answer.json()["state"] == "active" and answer.json()["agent"] == karim.pk
    # Salma no longer sees it (it is Karim's now); a supervisor of the chat queue sees
    # every conversation, and is told it no longer waits.
    assert api_client_for(salma).post(_url(waiting, "accept")).status_code == 404
    supervisor.queues.add(chat_queue)
    refused = api_client_for(supervisor).post(_url(waiting, "accept"))
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_waiting" and refused.json()["detail"]
    assert Conversation.objects.get(pk=waiting.pk).agent == karim


def test_an_agent_at_capacity_is_refused(chat_queue) -> None:
    busy = _chat_agent(chat_queue, "busy", capacity=1)
    _active(busy)
    waiting = _waiting()
    refused = api_client_for(busy).post(_url(waiting, "accept"))
    assert refused.status_code == 409 and refused.json()["code"] == "full"
    assert Conversation.objects.get(pk=waiting.pk).state == "waiting"


def test_a_supervisor_outside_the_chat_queue_cannot_accept(karim, supervisor) -> None:
    waiting = _waiting()
    refused = api_client_for(supervisor).post(_url(waiting, "accept"))
    assert refused.status_code == 409 and refused.json()["code"] == "not_member"
    assert Conversation.objects.get(pk=waiting.pk).state == "waiting"


# --- Writing -----------------------------------------------------------------------------------

def test_the_agent_writes_to_the_visitor(karim) -> None:
    conversation = _active(karim)
    answer = api_client_for(karim).post(_url(conversation, "messages"),
                                        {"text": "  Vos allocations partent demain.\n"},
                                        format="json")
    assert answer.status_code == 201
    assert answer.json()["sender"] == "agent" and answer.json()["agent"] == karim.pk
    stored = ChatMessage.objects.filter(conversation=conversation).latest("sent_at")
    assert stored.text == "Vos allocations partent demain."  # stored cleaned
    assert answer.json()["text"] == stored.text


@pytest.mark.parametrize(("text", "status", "code"), [
    ("", 400, "empty"), ("   ", 400, "empty")])
def test_an_empty_message_is_refused_with_the_chats_code(karim, text, status, code) -> None:
    conversation = _active(karim)
    before = ChatMessage.objects.count()
    answer = api_client_for(karim).post(_url(conversation, "messages"), {"text": text},
                                        format="json")
    assert answer.status_code == status and answer.json()["code"] == code
    assert ChatMessage.objects.count() == before


def test_a_message_too_long_or_missing_is_refused_by_field(karim) -> None:
    conversation = _active(karim)
    client = api_client_for(karim)
    before = ChatMessage.objects.count()
    answer = client.post(_url(conversation, "messages"), {"text": "x" * 2001}, format="json")
    assert answer.status_code == 400 and "text" in answer.json()
    answer = client.post(_url(conversation, "messages"), {}, format="json")
    assert answer.status_code == 400 and "text" in answer.json()
    assert ChatMessage.objects.count() == before


def test_one_cannot_write_before_accepting_nor_in_a_colleagues_conversation(
        karim, salma, supervisor) -> None:
    waiting = _waiting()
    refused = api_client_for(karim).post(_url(waiting, "messages"), {"text": "Bonjour"},
                                         format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "not_active"
    theirs = _active(salma)
    # Karim does not see Salma's conversation (as in the console).
    assert api_client_for(karim).post(_url(theirs, "messages"), {"text": "Bonjour"},
                                      format="json").status_code == 404
    assert not ChatMessage.objects.filter(sender="agent").exists()
    # A supervisor may step in (the chat's rule).
    stepped_in = api_client_for(supervisor).post(_url(theirs, "messages"),
                                                 {"text": "Bonjour"}, format="json")
    assert stepped_in.status_code == 201 and stepped_in.json()["agent"] == supervisor.pk


# --- Closing and the complaint -----------------------------------------------------------------

def test_the_agent_closes_then_cannot_write_any_more(karim) -> None:
    conversation = _active(karim)
    client = api_client_for(karim)
    answer = client.post(_url(conversation, "close"))
    assert answer.status_code == 200
    assert answer.json()["state"] == "closed" and answer.json()["closed_at"]
    refused = client.post(_url(conversation, "messages"), {"text": "Encore"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "closed"
    assert client.post(_url(conversation, "close")).status_code == 409


def test_a_complaint_opened_from_the_conversation_answers_its_reference(karim,
                                                                        chat_queue) -> None:
    category = factories.CategoryFactory(code="af-late", default_queue=chat_queue)
    conversation = _active(karim)
    client = api_client_for(karim)
    answer = client.post(_url(conversation, "complaint"), {"category": category.code},
                         format="json")
    assert answer.status_code == 201
    reference = answer.json()["reference"]
    assert answer.json()["conversation"] == conversation.pk
    assert answer["Location"].endswith(f"/api/v1/complaints/{reference}/")
    ticket = Ticket.objects.get(reference=reference)
    assert ticket.channel == "chat" and ticket.category == category
    assert "mes allocations ne sont pas versées" in ticket.description  # the transcript
    assert client.get(_url(conversation)).json()["complaint"] == reference
    again = client.post(_url(conversation, "complaint"), {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_open"
    assert Ticket.objects.count() == 1


def test_a_complaint_with_its_own_description(karim) -> None:
    conversation = _active(karim)
    answer = api_client_for(karim).post(_url(conversation, "complaint"),
                                        {"description": "Allocations de mars non versées."},
                                        format="json")
    assert answer.status_code == 201
    ticket = Ticket.objects.get(reference=answer.json()["reference"])
    assert ticket.description == "Allocations de mars non versées."


def test_an_unknown_category_is_refused_and_no_complaint_opened(karim) -> None:
    conversation = _active(karim)
    answer = api_client_for(karim).post(_url(conversation, "complaint"),
                                        {"category": "no-such"}, format="json")
    assert answer.status_code == 400 and "category" in answer.json()
    assert not Ticket.objects.exists()
    assert Conversation.objects.get(pk=conversation.pk).ticket_id is None
# --- Live: the visitor's page ------------------------------------------------------------------

@pytest.fixture
def isolated_live(settings) -> str:
    """A channel layer of this test's own (same Redis, own key prefix)."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings.CHANNEL_LAYERS = {
        name: {**config, "CONFIG": {**config.get("CONFIG", {}), "prefix": prefix}}
        if "redis" in config["BACKEND"] else config
        for name, config in django_settings.CHANNEL_LAYERS.items()}
    return prefix


async def _next_of(socket: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    while True:
        frame = await socket.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == kind:
            return frame


@pytest.mark.django_db(transaction=True)
def test_a_conversation_accepted_and_answered_through_the_api_reaches_the_visitors_socket(
        karim, isolated_live) -> None:
    client = api_client_for(karim)

    async def scenario() -> None:
        visitor = WebsocketCommunicator(application, "/ws/chat/",
                                        headers=[(b"origin", b"http://testserver")])
        connected, _ = await visitor.connect(timeout=TIMEOUT)
        assert connected
        welcome = await _next_of(visitor, "welcome")
        await visitor.send_json_to({"type": "message", "text": "Bonjour"})
        await _next_of(visitor, "queued")
        conversation = await sync_to_async(Conversation.objects.get)(
            token=welcome["conversation"])
        accepted = await sync_to_async(client.post)(_url(conversation, "accept"))
        assert accepted.status_code == 200
        joined = await _next_of(visitor, "joined")
        assert joined["agent"] == "Karim"
        written = await sync_to_async(client.post)(
            _url(conversation, "messages"), {"text": "Bonjour, je suis Karim."},
            format="json")
        assert written.status_code == 201
        message = await _next_of(visitor, "message")
        assert (message["from"], message["text"]) == ("agent", "Bonjour, je suis Karim.")
        closed = await sync_to_async(client.post)(_url(conversation, "close"))
        assert closed.status_code == 200
        assert (await _next_of(visitor, "closed"))["reference"] is None
        await visitor.disconnect()

    async_to_sync(scenario)()
